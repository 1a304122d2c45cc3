import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { TEMPORAL_DYNAMIC_CONFIG } from '@ctg/temporal/server-settings';
import { SEARCH_ATTRIBUTES } from '@ctg/contracts';
import { keepChildOutput } from './child-output';
import { stopService } from './child-service';
import { findOrBuildTemporalCli } from './temporal-cli';
import { assertPortFree } from './ports';
import { waitFor } from './wait-for';

export interface TemporalDevServerOptions {
  /** A file keeps campaigns across restarts; without one the server forgets everything when it stops. */
  dbFile?: string;
  port: number;
  /** Web UI port; none means headless. */
  uiPort?: number;
  namespace?: string;
  logFile?: string;
  /** Dynamic config beyond TEMPORAL_DYNAMIC_CONFIG (the benchmark tries values). */
  dynamicConfig?: Record<string, string | number>;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  /** The server's Prometheus metrics, where it serves them. */
  metricsUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the real Temporal dev server with our search attributes and waits until its namespace answers. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporal> {
  await assertPortFree(options.port, 'Temporal');
  if (options.uiPort) await assertPortFree(options.uiPort, 'Temporal Web UI');
  const cli = findOrBuildTemporalCli();
  const namespace = options.namespace ?? 'default';
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--namespace', namespace,
    '--log-level', 'warn',
    '--sqlite-pragma', 'journal_mode=WAL',
    '--sqlite-pragma', 'synchronous=OFF',
    ...SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
    ...Object.entries({ ...TEMPORAL_DYNAMIC_CONFIG, ...options.dynamicConfig }).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]),
  ];
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.uiPort) args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  keepChildOutput(child, options.logFile);
  let exited = false;
  child.on('exit', () => (exited = true));

  const address = `127.0.0.1:${options.port}`;
  await waitFor('the Temporal dev server', async () => {
    if (exited) throw new Error(`temporal exited early (exit code ${child.exitCode})`);
    const connection = await Connection.connect({ address, connectTimeout: '1 second' });
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } finally {
      await connection.close();
    }
  }, 120_000);

  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    process: child,
    stop: () => stopService(child, 10_000),
  };
}
