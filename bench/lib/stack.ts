import { join } from 'node:path';
import { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { DEVELOPMENT_DEFAULTS } from '../../apps/api/src/api-settings';
import { MailCatcher } from '../../scripts/dev-stack/mail-catcher';
import { freePort } from '../../scripts/dev-stack/ports';
import { ensureDatabase } from '../../scripts/dev-stack/postgres';
import { ServiceProcess } from '../../scripts/dev-stack/service-process';
import { RunningTemporal, startTemporalDevServer } from '../../scripts/dev-stack/temporal-dev-server';
import { startTemporalServer } from '../../scripts/dev-stack/temporal-server';

/** `server`: Temporal on PostgreSQL, as docker/ deploys it; `dev`: the CLI's dev server on SQLite. */
export type TemporalKind = 'server' | 'dev';

export interface StackOptions {
  /** Where the stack's files go (Temporal's files, logs). */
  runDir: string;
  /** Names the PostgreSQL databases and the log files. */
  name: string;
  /** The PostgreSQL server (its maintenance database), from `startPostgres`. */
  postgresServerUrl: string;
  /** The compiled product: `<dist>/apps/worker/src/main.js` and `<dist>/apps/api/src/main.js`. */
  distDir: string;
  withApi: boolean;
  temporal: TemporalKind;
  /** Dynamic config of the Temporal server beyond the project's own (libs/temporal/src/server-settings.ts). */
  temporalDynamicConfig?: Record<string, string>;
  /** WORKER_MAX_CACHED_WORKFLOWS for the worker; undefined keeps Temporal's default. */
  workerCache?: number;
  /** Worker processes on the one task queue, as docker/ scales them (`deploy.replicas`); 1 by default. */
  workers?: number;
  /** Extra Node flags for each worker (e.g. `--cpu-prof`), given the worker's number from 1. */
  workerNodeFlags?: (worker: number) => string[];
  log: (line: string) => void;
}

export interface Stack {
  name: string;
  database: string;
  databaseUrl: string;
  temporal: RunningTemporal;
  client: Client;
  /** The first worker. */
  worker: ChildProcess;
  /** Every worker, the first one included. */
  workers: ChildProcess[];
  api?: ChildProcess;
  apiUrl?: string;
  adminToken?: string;
  mail: MailCatcher;
  /** The first worker's log; the others' are `<name>.worker<k>.log`. */
  workerLog: string;
  apiLog?: string;
  stop(): Promise<void>;
}

/**
 * One fresh stack: a Temporal server with fresh storage, a fresh PostgreSQL database, an SMTP
 * catcher, the worker and (optionally) the API from the compiled tree, as real processes.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { runDir, name, log } = options;
  const database = `ctg_bench_${name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(`stop: ${String(e)}`));
    stops.length = 0;
  };
  try {
    const apiPort = await freePort();
    const databaseUrl = await ensureDatabase(options.postgresServerUrl, database, true);
    const temporal =
      options.temporal === 'server'
        ? await startTemporalServer({ postgresUrl: options.postgresServerUrl, name: database, runDir, dynamicConfig: options.temporalDynamicConfig, log })
        : await startTemporalDevServer({
            port: await freePort(),
            dbFile: join(runDir, `${name}.temporal.sqlite`),
            logFile: join(runDir, `${name}.temporal.log`),
            dynamicConfig: options.temporalDynamicConfig,
          });
    stops.push(() => temporal.stop());
    const mail = new MailCatcher();
    const smtpUrl = await mail.start(0);
    stops.push(() => mail.stop());

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      SMTP_URL: smtpUrl,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      WORKFLOW_BUNDLE_PATH: join(options.distDir, 'workflow-bundle.js'),
    };
    delete env.WORKER_MAX_CACHED_WORKFLOWS;
    if (options.workerCache !== undefined) env.WORKER_MAX_CACHED_WORKFLOWS = String(options.workerCache);

    const workerCount = options.workers ?? 1;
    const workerLog = join(runDir, `${name}.worker.log`);
    const workers: ServiceProcess[] = [];
    for (let k = 1; k <= workerCount; k++) {
      const worker = new ServiceProcess({
        name: workerCount === 1 ? 'the worker' : `worker ${k}`,
        script: join(options.distDir, 'apps/worker/src/main.js'),
        env,
        logFile: k === 1 ? workerLog : join(runDir, `${name}.worker${k}.log`),
        nodeFlags: options.workerNodeFlags?.(k),
        ready: async (output) => {
          if (!output().includes('worker started')) throw new Error('not started yet');
        },
        readyTimeoutMs: 180_000,
      });
      workers.push(worker);
      stops.push(async () => void (await worker.stop()));
    }
    await Promise.all(workers.map((worker) => worker.start()));

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const children = workers.map(childOf);
    const stack: Stack = { name, database, databaseUrl, temporal, client, worker: children[0], workers: children, mail, workerLog, stop: stopAll };
    if (options.withApi) {
      const apiLog = join(runDir, `${name}.api.log`);
      const apiUrl = `http://127.0.0.1:${apiPort}`;
      const api = new ServiceProcess({
        name: 'the API',
        script: join(options.distDir, 'apps/api/src/main.js'),
        env,
        logFile: apiLog,
        ready: async () => {
          const response = await fetch(`${apiUrl}/health`);
          if (response.status !== 200) throw new Error(`health ${response.status}`);
        },
        readyTimeoutMs: 180_000,
      });
      await api.start();
      stops.push(async () => void (await api.stop()));
      const login = await fetch(`${apiUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      Object.assign(stack, { api: childOf(api), apiUrl, apiLog, adminToken: ((await login.json()) as { accessToken: string }).accessToken });
    }
    log(`stack ${name} up: Temporal ${options.temporal} ${temporal.address}, database ${database}${stack.apiUrl ? `, API ${stack.apiUrl}` : ''}, worker pid(s) ${children.map((c) => c.pid).join(', ')}`);
    return stack;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The running process, for the measures that read /proc (RSS, CPU time). */
function childOf(service: ServiceProcess): ChildProcess {
  const child = service.process;
  if (!child) throw new Error(`${service.options.name} is not running`);
  return child;
}
