import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DEVELOPMENT_DEFAULTS } from '../../apps/api/src/api-settings';
import { stopService } from '../../scripts/dev-stack/child-service';
import { MailCatcher } from '../../scripts/dev-stack/mail-catcher';
import { freePort } from '../../scripts/dev-stack/ports';
import { ensureDatabase } from '../../scripts/dev-stack/postgres';
import { RunningTemporal, startTemporalDevServer } from '../../scripts/dev-stack/temporal-dev-server';
import { waitFor } from '../../scripts/dev-stack/wait-for';

export interface StackOptions {
  /** Where the stack's files go (Temporal's SQLite file, logs). */
  runDir: string;
  /** Names the PostgreSQL database and the log files. */
  name: string;
  /** The PostgreSQL server (its maintenance database), from `startPostgres`. */
  postgresServerUrl: string;
  /** The compiled product: `<dist>/apps/worker/src/main.js` and `<dist>/apps/api/src/main.js`. */
  distDir: string;
  withApi: boolean;
  /** WORKER_MAX_CACHED_WORKFLOWS for the worker; undefined keeps Temporal's default. */
  workerCache?: number;
  /** Extra Node flags for the worker (e.g. `--cpu-prof`). */
  workerNodeFlags?: string[];
  log: (line: string) => void;
}

export interface Stack {
  name: string;
  database: string;
  databaseUrl: string;
  temporal: RunningTemporal;
  client: Client;
  worker: ChildProcess;
  api?: ChildProcess;
  apiUrl?: string;
  adminToken?: string;
  mail: MailCatcher;
  workerLog: string;
  apiLog?: string;
  stop(): Promise<void>;
}

/** A Node service of ours as a real process, its output straight into a file (no cost to this process). */
function runToFile(script: string, env: NodeJS.ProcessEnv, logFile: string, nodeFlags: string[] = []): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    return spawn(process.execPath, [...nodeFlags, script], { env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * One fresh stack: the Temporal dev server on a fresh SQLite file, a fresh PostgreSQL database,
 * an SMTP catcher, the worker and (optionally) the API from the compiled tree, as real processes.
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
    const [temporalPort, apiPort] = await Promise.all([freePort(), freePort()]);
    const databaseUrl = await ensureDatabase(options.postgresServerUrl, database, true);
    const temporal = await startTemporalDevServer({
      port: temporalPort,
      dbFile: join(runDir, `${name}.temporal.sqlite`),
      logFile: join(runDir, `${name}.temporal.log`),
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
    };
    delete env.WORKER_MAX_CACHED_WORKFLOWS;
    if (options.workerCache !== undefined) env.WORKER_MAX_CACHED_WORKFLOWS = String(options.workerCache);

    const workerLog = join(runDir, `${name}.worker.log`);
    const worker = runToFile(join(options.distDir, 'apps/worker/src/main.js'), env, workerLog, options.workerNodeFlags);
    stops.push(() => stopService(worker));
    let workerExit: number | null | undefined;
    worker.once('exit', (code) => (workerExit = code));
    await waitFor(
      'the worker',
      async () => {
        if (workerExit !== undefined) throw new Error(`worker exited (${workerExit}):\n${tail(workerLog)}`);
        if (!readFileSync(workerLog, 'utf8').includes('worker started')) throw new Error('not started yet');
      },
      180_000,
      250,
    ).catch((error) => {
      throw new Error(`${String(error)}\n${tail(workerLog)}`);
    });

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const stack: Stack = { name, database, databaseUrl, temporal, client, worker, mail, workerLog, stop: stopAll };
    if (options.withApi) {
      const apiLog = join(runDir, `${name}.api.log`);
      const api = runToFile(join(options.distDir, 'apps/api/src/main.js'), env, apiLog);
      stops.push(() => stopService(api));
      let apiExit: number | null | undefined;
      api.once('exit', (code) => (apiExit = code));
      const apiUrl = `http://127.0.0.1:${apiPort}`;
      await waitFor(
        'the API',
        async () => {
          if (apiExit !== undefined) throw new Error(`API exited (${apiExit}):\n${tail(apiLog)}`);
          const response = await fetch(`${apiUrl}/health`);
          if (response.status !== 200) throw new Error(`health ${response.status}`);
        },
        180_000,
      );
      const login = await fetch(`${apiUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      Object.assign(stack, { api, apiUrl, apiLog, adminToken: ((await login.json()) as { accessToken: string }).accessToken });
    }
    log(`stack ${name} up: Temporal ${temporal.address}, database ${database}${stack.apiUrl ? `, API ${stack.apiUrl}` : ''}, worker pid ${worker.pid}`);
    return stack;
  } catch (error) {
    await stopAll();
    throw error;
  }
}
