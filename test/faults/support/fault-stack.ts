import { Client, Connection } from '@temporalio/client';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { DEVELOPMENT_DEFAULTS } from '../../../apps/api/src/api-settings';
import { openDatabase } from '@ctg/persistence';
import { MailCatcher } from '../../../scripts/dev-stack/mail-catcher';
import { freePort } from '../../../scripts/dev-stack/ports';
import { startControlledPostgres } from '../../../scripts/dev-stack/controlled-postgres';
import { RunningPostgres, ensureDatabase } from '../../../scripts/dev-stack/postgres';
import { ServiceProcess } from '../../../scripts/dev-stack/service-process';
import { RunningTemporal, startTemporalDevServer } from '../../../scripts/dev-stack/temporal-dev-server';
import { startTemporalServer } from '../../../scripts/dev-stack/temporal-server';
import { waitFor } from '../../../scripts/dev-stack/wait-for';

const DIST = resolve(__dirname, '../../../dist');

export interface FaultStackOptions {
  /** Names the run folder and the database. */
  name: string;
  /** Extra environment of the worker and the API. */
  env?: Record<string, string>;
  /**
   * `dev`: the CLI's dev server on a database file the harness can kill and restart (default);
   * `server`: the Temporal server on this stack's PostgreSQL, as docker/ deploys it.
   */
  temporal?: 'dev' | 'server';
  /** Worker processes on the one task queue, and API processes on the one database; 1 each by default. */
  workers?: number;
  apis?: number;
}

/**
 * Everything a campaign runs on, each part a real process the harness owns and can kill: a
 * Temporal dev server on a database file that survives it, an embedded PostgreSQL on its own port
 * and folder (held by a control process: jest's sandbox loads its ES module only once), the worker
 * and the API from the compiled tree (`npm run build`), and an SMTP server in this process that
 * catches the reminders.
 */
export class FaultStack {
  temporal!: RunningTemporal;
  postgres!: RunningPostgres;
  workers: ServiceProcess[] = [];
  apis: ServiceProcess[] = [];
  mail = new MailCatcher();
  dataSource!: DataSource;
  client!: Client;
  /** Each API's address, in the order of `apis`: a load balancer's upstreams. */
  apiUrls: string[] = [];
  adminToken = '';
  readonly runDir: string;
  private readonly postgresDir: string;
  private temporalPort = 0;

  /** The first worker: the one a single-worker stack has. */
  get worker(): ServiceProcess {
    return this.workers[0];
  }

  get api(): ServiceProcess {
    return this.apis[0];
  }

  get apiUrl(): string {
    return this.apiUrls[0];
  }

  get apiPort(): number {
    return Number(new URL(this.apiUrl).port);
  }

  constructor(private readonly options: FaultStackOptions) {
    this.runDir = join(process.env.FAULTS_RUN_DIR ?? tmpdir(), `ctg-faults-${options.name}-${process.pid}`);
    // As root, PostgreSQL runs as the `postgres` user: its folder sits directly in the world-writable tmp.
    this.postgresDir = join(tmpdir(), `ctg-faults-postgres-${options.name}-${process.pid}`);
  }

  async start(): Promise<void> {
    for (const entry of ['apps/worker/src/main.js', 'apps/api/src/main.js', 'workflow-bundle.js', 'scripts/dev-stack/postgres-control-main.js']) {
      if (!existsSync(join(DIST, entry))) throw new Error(`dist/${entry} is missing: the fault tests run the compiled product (npm run build)`);
    }
    rmSync(this.runDir, { recursive: true, force: true });
    rmSync(this.postgresDir, { recursive: true, force: true });
    mkdirSync(this.runDir, { recursive: true });
    const [temporalPort, postgresPort] = await Promise.all([freePort(), freePort()]);
    const apiPorts = await Promise.all(Array.from({ length: this.options.apis ?? 1 }, () => freePort()));
    this.temporalPort = temporalPort;
    const postgres = startControlledPostgres(join(DIST, 'scripts/dev-stack/postgres-control-main.js'), this.postgresDir, postgresPort);
    if (this.options.temporal === 'server') {
      this.postgres = await postgres;
      this.temporal = await this.startTemporal();
    } else {
      [this.temporal, this.postgres] = await Promise.all([this.startTemporal(), postgres]);
    }
    const databaseUrl = await ensureDatabase(this.postgres.serverUrl, `ctg_faults_${this.options.name.replace(/\W/g, '_')}`, true);
    this.dataSource = await openDatabase(databaseUrl, 4);
    this.client = new Client({ connection: await Connection.connect({ address: this.temporal.address }) });
    const smtpUrl = await this.mail.start();
    this.apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: this.temporal.address,
      SMTP_URL: smtpUrl,
      HOST: '127.0.0.1',
      // Behind a load balancer every API has the one public address; the first API stands for it.
      PUBLIC_URL: this.apiUrl,
      LOG_LEVEL: 'warn',
      // The logs are read as data here (the worker's start, a report's excerpts): JSON lines.
      LOG_FORMAT: 'json',
      LOGIN_ATTEMPTS_PER_MINUTE: '10000',
      SECRETARY_REQUESTS_PER_MINUTE: '10000',
      WORKFLOW_BUNDLE_PATH: join(DIST, 'workflow-bundle.js'),
      ...this.options.env,
    };
    const numbered = (name: string, k: number, count: number) => (count === 1 ? name : `${name}${k + 1}`);
    const workerCount = this.options.workers ?? 1;
    this.workers = Array.from(
      { length: workerCount },
      (_, k) =>
        new ServiceProcess({
          name: numbered('worker', k, workerCount),
          script: join(DIST, 'apps/worker/src/main.js'),
          env,
          logFile: join(this.runDir, `${numbered('worker', k, workerCount)}.log`),
          ready: async (output) => {
            if (!output().includes('"worker started"')) throw new Error('not started yet');
          },
        }),
    );
    this.apis = apiPorts.map(
      (port, k) =>
        new ServiceProcess({
          name: numbered('api', k, apiPorts.length),
          script: join(DIST, 'apps/api/src/main.js'),
          // A bounded old space makes V8 collect before its RSS says anything: with the default bound
          // (gigabytes here) the API's RSS climbed 160 → 300 MiB in 5 minutes of garbage, not of leaks;
          // a leak now grows past the steady-load check or ends in an out-of-memory crash.
          nodeFlags: ['--max-old-space-size=160'],
          env: { ...env, PORT: String(port) },
          logFile: join(this.runDir, `${numbered('api', k, apiPorts.length)}.log`),
          ready: async () => {
            await fetch(`${this.apiUrls[k]}/health`, { signal: AbortSignal.timeout(2000) });
          },
        }),
    );
    await Promise.all([...this.workers, ...this.apis].map((service) => service.start()));
    this.adminToken = await this.login();
  }

  /**
   * The dev server on this run's database file (a restart finds every workflow again), or the
   * Temporal server on this stack's PostgreSQL.
   */
  startTemporal(): Promise<RunningTemporal> {
    if (this.options.temporal === 'server') {
      return startTemporalServer({ postgresUrl: this.postgres.serverUrl, name: `faults_${this.options.name.replace(/\W/g, '_')}`, runDir: this.runDir, log: () => undefined });
    }
    return startTemporalDevServer({
      port: this.temporalPort,
      dbFile: join(this.runDir, 'temporal.sqlite'),
      logFile: join(this.runDir, 'temporal.log'),
    });
  }

  /** `kill -9` of the Temporal dev server. */
  async killTemporal(): Promise<void> {
    const child = this.temporal.process;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async restartTemporal(): Promise<void> {
    // The server's start makes its schema afresh: a restart of it would find no workflow.
    if (this.options.temporal === 'server') throw new Error('the harness restarts only the dev server');
    this.temporal = await this.startTemporal();
  }

  async login(): Promise<string> {
    return waitFor('the administrator login', async () => {
      const response = await fetch(`${this.apiUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD }),
        signal: AbortSignal.timeout(5000),
      });
      if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { accessToken: string }).accessToken;
    });
  }

  async stop(): Promise<void> {
    const quietly = (step: Promise<unknown> | undefined) => step?.catch(() => undefined);
    await Promise.all(this.apis.map((api) => quietly(api.stop())));
    await Promise.all(this.workers.map((worker) => quietly(worker.stop())));
    await quietly(this.client?.connection.close());
    await quietly(this.dataSource?.isInitialized ? this.dataSource.destroy() : Promise.resolve());
    await quietly(this.mail.stop());
    await quietly(this.temporal?.stop());
    await quietly(this.postgres?.close?.());
    rmSync(this.postgresDir, { recursive: true, force: true });
    if (!process.env.FAULTS_KEEP) rmSync(this.runDir, { recursive: true, force: true });
  }
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0;
  }
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** The open sockets of a process: the connections it serves on `servedPort` (its clients'), and the others (PostgreSQL, Temporal, SMTP). */
export function openSockets(pid: number, servedPort?: number): { served: number; outbound: number } {
  const inodes: string[] = [];
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) inodes.push(inode);
      } catch {
        // The descriptor closed between the listing and the read.
      }
    }
  } catch {
    return { served: 0, outbound: 0 };
  }
  const servedInodes = servedPort === undefined ? new Set<string>() : tcpInodesOnLocalPort(pid, servedPort);
  const served = inodes.filter((inode) => servedInodes.has(inode)).length;
  return { served, outbound: inodes.length - served };
}

/** Inodes of the TCP connections (not the listening socket) whose local port is `port`, from /proc/<pid>/net/tcp{,6}. */
function tcpInodesOnLocalPort(pid: number, port: number): Set<string> {
  const LISTEN = '0A';
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state !== LISTEN && parseInt(local.split(':')[1], 16) === port) inodes.add(inode);
    }
  }
  return inodes;
}
