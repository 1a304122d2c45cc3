import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@ctg/persistence';
import { ensureDatabase, startPostgres } from '../scripts/dev-stack/postgres';
import { startTemporalDevServer } from '../scripts/dev-stack/temporal-dev-server';
import { freePort } from '../scripts/dev-stack/ports';

/**
 * Once per `npm test`: a real Temporal dev server on a fresh database file, a fresh PostgreSQL
 * database with the migrations applied, and the workflow bundle, shared by every test file.
 */
export default async function globalSetup(): Promise<void> {
  const runtimeDir = mkdtempSync(join(tmpdir(), 'ctg-test-'));
  const [temporalPort, postgresPort] = await Promise.all([freePort(), freePort()]);
  const [temporal, postgres, bundle] = await Promise.all([
    startTemporalDevServer({ port: temporalPort, dbFile: join(runtimeDir, 'temporal.sqlite'), logFile: join(runtimeDir, 'temporal.log') }),
    startPostgres({ dataDir: join(tmpdir(), 'ctg-test-postgres'), port: postgresPort }),
    bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietLogger }),
  ]);
  const databaseUrl = await ensureDatabase(postgres.serverUrl, `ctg_test_${process.pid}`, true);
  const dataSource = await openDatabase(databaseUrl, 2);
  await dataSource.destroy();
  const bundlePath = join(runtimeDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  process.env.LOG_LEVEL ??= 'silent';
  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEST_RUNTIME_DIR = runtimeDir;
  (globalThis as Record<string, unknown>).__ctgStack = { temporal, postgres, databaseUrl };
}

const quietLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};
