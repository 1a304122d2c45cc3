import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { dropDatabase, embeddedDataDir, ensureDatabase, startPostgres } from '../scripts/dev-stack/postgres';
import { freePort } from '../scripts/dev-stack/ports';
import { findOrBuildTemporalCli } from '../scripts/dev-stack/temporal-cli';
import { documentsBench } from './lib/documents';
import { BenchResults, chartSvg, evaluateTargets, logSignals, markdownSummary, verdict } from './lib/report';
import { Settings, postgresBaseline, scenarioOne, scenarioTwo, temporalBaseline } from './lib/scenarios';
import { Stack, TemporalKind, startStack } from './lib/stack';
import { TEMPORAL_SERVER_VERSION } from '../scripts/dev-stack/temporal-server';

const USAGE = `npm run bench -- [options]

  --campaigns 10,50,200      N for scenario 2 (campaigns of 62 signatories each)
  --workers 1,2              scenario 2 at each N with this many worker processes on the one task queue
                             (the targets are judged on the 1-worker runs; the others show the scale-out)
  --concurrency 32           requests in flight during scenario 2 and the baselines
  --s1-rounds 3              scenario 1 rounds (a fresh campaign each, 62 votes at once)
  --baseline-campaigns N     N of the baselines (default: the smallest N)
  --worker-cache N|default   WORKER_MAX_CACHED_WORKFLOWS of the worker (default 2500)
  --only s1,s2,raw-temporal,raw-pg,docs   run only these parts
  --doc-uploads 10           documents part: PDFs uploaded through the API at once (and as many raw inserts)
  --doc-mib 20               documents part: the size of each PDF, MiB (at most 50, the API's limit)
  --settle-timeout 900       seconds any wait may take (campaigns deliberating, task queue drained, projections drained)
  --lag-poll-ms 25           how often the projection-lag watcher reads PostgreSQL
  --dist dist                the compiled product (npm run build)
  --out bench/results        where results go
  --smoke                    a quick check: --campaigns 2 --s1-rounds 1 --doc-uploads 2 --doc-mib 2
  --keep                     keep the databases and Temporal files afterwards
  --worker-cpu-prof          run the worker with --cpu-prof (profiles in the run folder)
  --temporal server|dev       server: the Temporal server on PostgreSQL, as docker/ deploys it (default);
                             dev: the CLI's dev server on SQLite, as npm start and the tests run it
  --temporal-config K=V[,K=V]  dynamic config values beyond the project's (e.g. history.maxInFlightUpdates=10)`;

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n\n${USAGE}`);
    const [key, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) out[key] = inline;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

const root = resolve(__dirname, '..');

/** Scenario 2's stack: `n10` with one worker (the database the raw PostgreSQL baseline reads), `n10_w2` with two. */
const scenarioTwoName = (n: number, workers: number) => (workers === 1 ? `n${n}` : `n${n}_w${workers}`);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const known = ['campaigns', 'workers', 'concurrency', 's1-rounds', 'baseline-campaigns', 'worker-cache', 'only', 'settle-timeout', 'lag-poll-ms', 'dist', 'out', 'smoke', 'keep', 'worker-cpu-prof', 'temporal', 'temporal-config', 'doc-uploads', 'doc-mib'];
  const unknown = Object.keys(args).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`unknown option(s) ${unknown.join(', ')}\n\n${USAGE}`);
  const smoke = args.smoke === true;
  const campaigns = String(args.campaigns ?? (smoke ? '2' : '10,50,200'))
    .split(',')
    .map((s) => Number(s.trim()))
    .sort((a, b) => a - b);
  if (campaigns.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) throw new Error('--campaigns: integers from 1 to 1000');
  const workerCounts = [...new Set(String(args.workers ?? '1,2').split(',').map((s) => Number(s.trim())))].sort((a, b) => a - b);
  if (workerCounts.some((w) => !Number.isInteger(w) || w < 1 || w > 8)) throw new Error('--workers: integers from 1 to 8');
  const concurrency = Number(args.concurrency ?? 32);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 512) throw new Error('--concurrency: an integer from 1 to 512');
  const s1Rounds = Number(args['s1-rounds'] ?? (smoke ? 1 : 3));
  const baselineCampaigns = Number(args['baseline-campaigns'] ?? campaigns[0]);
  const workerCacheArg = String(args['worker-cache'] ?? '2500');
  const workerCache = workerCacheArg === 'default' ? undefined : Number(workerCacheArg);
  if (workerCache !== undefined && !(Number.isInteger(workerCache) && workerCache >= 0)) throw new Error('--worker-cache: an integer or "default"');
  const only = new Set(String(args.only ?? 's1,s2,raw-temporal,raw-pg,docs').split(','));
  const docUploads = Number(args['doc-uploads'] ?? (smoke ? 2 : 10));
  if (!Number.isInteger(docUploads) || docUploads < 1 || docUploads > 100) throw new Error('--doc-uploads: an integer from 1 to 100');
  const docMib = Number(args['doc-mib'] ?? (smoke ? 2 : 20));
  if (!Number.isInteger(docMib) || docMib < 1 || docMib > 50) throw new Error('--doc-mib: an integer from 1 to 50');
  const settleTimeoutMs = Number(args['settle-timeout'] ?? 900) * 1000;
  const distDir = resolve(root, String(args.dist ?? 'dist'));
  const outDir = resolve(root, String(args.out ?? 'bench/results'));
  if (!existsSync(join(distDir, 'apps/worker/src/main.js')) || !existsSync(join(distDir, 'apps/api/src/main.js'))) {
    throw new Error(`${distDir} holds no compiled worker and API: run npm run build first`);
  }

  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const runDir = join(outDir, 'tmp', stamp);
  mkdirSync(runDir, { recursive: true });
  const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const settings: Settings = { concurrency, settleTimeoutMs, lagPollMs: Number(args['lag-poll-ms'] ?? 25), log };

  const temporalCli = findOrBuildTemporalCli(log);
  const temporalKind = String(args.temporal ?? 'server') as TemporalKind;
  if (temporalKind !== 'server' && temporalKind !== 'dev') throw new Error('--temporal: server or dev');
  const temporalConfig = args['temporal-config'] ? String(args['temporal-config']).split(',').filter(Boolean) : [];
  if (temporalConfig.some((kv) => !/^[\w.]+=[\w.-]+$/.test(kv))) throw new Error('--temporal-config: key=value pairs separated by commas');
  const temporalDynamicConfig = Object.fromEntries(temporalConfig.map((kv) => kv.split('=', 2) as [string, string]));
  const postgres = await startPostgres({ dataDir: embeddedDataDir(join(tmpdir(), 'ctg-bench-postgres')), port: await freePort(), log });
  const databases: string[] = [];
  const freshDatabase = async (name: string) => {
    const database = `ctg_bench_${name}`;
    databases.push(database);
    return ensureDatabase(postgres.serverUrl, database, true);
  };
  const pgVersion = await (async () => {
    const client = new PgClient({ connectionString: postgres.serverUrl });
    await client.connect();
    try {
      return String((await client.query('SHOW server_version')).rows[0].server_version);
    } finally {
      await client.end();
    }
  })();

  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim().replace(/ --$/, ''),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      postgres: `PostgreSQL ${pgVersion}${process.env.DATABASE_URL ? ' (DATABASE_URL server)' : ' (embedded)'}`,
      temporalCli: execFileSync(temporalCli, ['--version'], { encoding: 'utf8' }).trim(),
      temporal:
        temporalKind === 'server'
          ? `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL (4 history shards, as docker/compose.yaml)`
          : 'Temporal CLI dev server on SQLite',
    },
    options: {
      campaigns,
      workers: workerCounts,
      concurrency,
      s1Rounds,
      baselineCampaigns,
      workerCache: workerCache ?? 'default',
      settleTimeoutS: settleTimeoutMs / 1000,
      lagPollMs: settings.lagPollMs,
      temporalDynamicConfig: temporalConfig,
      documents: only.has('docs') ? { uploads: docUploads, fileMiB: docMib } : undefined,
    },
    scenarioTwo: [],
    logSignals: {},
    errors: [],
  };
  log(`results in ${outDir}/${stamp}.{json,md,svg}; run files in ${runDir}`);

  let current: Stack | undefined;
  const stopCurrent = async () => {
    const stack = current;
    current = undefined;
    if (stack) await stack.stop();
  };
  const interrupt = () => {
    log('interrupted: stopping the processes started');
    void stopCurrent().then(() => postgres.stop()).then(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const withStack = async <T>(name: string, withApi: boolean, body: (stack: Stack) => Promise<T>, workers = 1): Promise<T | undefined> => {
    try {
      databases.push(`ctg_bench_${name}`, `temporal_ctg_bench_${name}`, `temporal_visibility_ctg_bench_${name}`);
      current = await startStack({
        runDir,
        name,
        postgresServerUrl: postgres.serverUrl,
        distDir,
        withApi,
        temporal: temporalKind,
        temporalDynamicConfig,
        workerCache,
        workers,
        workerNodeFlags: (k) => (args['worker-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${runDir}`, `--cpu-prof-name=${name}.worker${k === 1 ? '' : k}.cpuprofile`] : []),
        log,
      });
      return await body(current);
    } catch (error) {
      const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
      results.errors.push(message);
      log(`ERROR ${message}`);
      return undefined;
    } finally {
      await stopCurrent();
      results.logSignals[name] = logSignals(runDir, name);
    }
  };

  const save = () => {
    writeFileSync(join(outDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  };
  try {
    if (only.has('s1')) {
      log(`scenario 1: ${s1Rounds} round(s) of one campaign, 62 votes at once`);
      results.scenarioOne = await withStack('s1', true, (stack) => scenarioOne(stack, s1Rounds, settings));
      save();
    }
    for (const n of campaigns) {
      for (const workers of only.has('s2') ? workerCounts : []) {
        log(`scenario 2: N=${n} campaigns (${n * 62} signatories), concurrency ${concurrency}, ${workers} worker(s)`);
        const run = await withStack(scenarioTwoName(n, workers), true, (stack) => scenarioTwo(stack, n, workerCache, settings), workers);
        results.scenarioTwo.push(
          run ?? { campaigns: n, workers, signatories: 62, concurrency, workerCache: workerCache ?? 'default', ok: false, error: results.errors[results.errors.length - 1] },
        );
        save();
      }
      if (n === baselineCampaigns && only.has('raw-temporal')) {
        log(`baseline (a): raw Temporal, N=${n}`);
        results.temporalBaseline = await withStack('raw_temporal', false, (stack) => temporalBaseline(stack, n, settings));
        save();
      }
      if (n === baselineCampaigns && only.has('raw-pg')) {
        log(`baseline (b): raw PostgreSQL, the event rows of N=${n}`);
        try {
          const source = await ensureDatabase(postgres.serverUrl, `ctg_bench_n${n}`);
          results.postgresBaseline = await postgresBaseline(source, freshDatabase, settings);
        } catch (error) {
          results.errors.push(`raw-pg: ${String(error)}`);
        }
        save();
      }
    }
    if (only.has('docs')) {
      log(`documents: ${docUploads} PDFs of ${docMib} MiB through the API at once, then as many straight into the store`);
      results.documents = await withStack('docs', true, (stack) => documentsBench(stack, docUploads, docMib * 1024 * 1024, settings));
      // Any upload refused, or a phase that could not run, is an error of the run (not a missed target).
      if (results.documents && !results.documents.ok) results.errors.push(`docs: ${results.documents.error ?? 'failed'}`);
      save();
    }
    const { targets, ratios } = evaluateTargets(results, baselineCampaigns);
    results.targets = targets;
    results.ratios = ratios;
    results.finishedAt = new Date().toISOString();
    save();
    const chartFile = `${stamp}.svg`;
    writeFileSync(join(outDir, chartFile), chartSvg(results));
    const summary = markdownSummary(results, chartFile);
    writeFileSync(join(outDir, `${stamp}.md`), summary);
    console.log(`\n${summary}`);
    for (const t of targets) console.log(`${verdict(t)}  ${t.name}: ${t.measured} (goal ${t.goal})`);
    log(`wrote ${join(outDir, `${stamp}.json`)}, ${stamp}.md and ${chartFile}`);
    // A target missed is a finding to report; a scenario that could not run is a failure, and so,
    // in the smoke run that npm test makes, is a single vote refused or row missing.
    const failures = [...results.errors];
    if (smoke) {
      if (results.scenarioOne && !results.scenarioOne.ok) failures.push(`s1: ${results.scenarioOne.errors.count} vote(s) failed: ${results.scenarioOne.errors.samples.join('; ')}`);
      for (const run of results.scenarioTwo.filter((r) => !r.ok)) failures.push(`N=${run.campaigns}: ${run.error ?? 'votes failed or rows missing'}`);
      for (const baseline of [results.temporalBaseline, results.postgresBaseline]) {
        if (baseline && !baseline.ok) failures.push('a baseline had errors');
      }
    }
    for (const failure of failures) console.error(`[bench] failed: ${failure}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await stopCurrent();
    if (!args.keep) {
      const client = new PgClient({ connectionString: postgres.serverUrl });
      await client.connect();
      for (const database of new Set(databases)) await dropDatabase(client, database).catch(() => undefined);
      await client.end();
      for (const suffix of ['', '-wal', '-shm']) {
        for (const name of ['s1', ...campaigns.flatMap((n) => workerCounts.map((w) => scenarioTwoName(n, w))), 'raw_temporal', 'docs']) rmSync(join(runDir, `${name}.temporal.sqlite${suffix}`), { force: true });
      }
    }
    await postgres.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[bench] ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
