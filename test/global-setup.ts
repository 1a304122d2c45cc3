import { bundleWorkflowCode } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@ctg/persistence';
import { embeddedDataDir, ensureDatabase, startPostgres } from '../scripts/dev-stack/postgres';
import { startTemporalDevServer } from '../scripts/dev-stack/temporal-dev-server';
import { freePort } from '../scripts/dev-stack/ports';
import { ensureVersitygw, startVersitygw } from '../scripts/dev-stack/versitygw';
import { buildWebInterface } from './support/web-browser';
import { workflowInterceptorModules, workflowsPath } from '../apps/worker/src/workflow-sources';

/**
 * Once per `npm test`: a real Temporal dev server on a fresh database file, a fresh PostgreSQL
 * database with the migrations applied, an S3 server (versitygw) with an empty bucket, and the
 * workflow bundle, shared by every test file.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  // Built (once, in the cache) before anything starts: the build blocks, and would eat the others' start-up timeouts.
  ensureVersitygw();
  buildWebInterface();
  process.env.TEST_WEB_BUILT = '1';
  const runtimeDir = mkdtempSync(join(tmpdir(), 'ctg-test-'));
  const [temporalPort, postgresPort, s3Port] = await Promise.all([freePort(), freePort(), freePort()]);
  const [temporal, postgres, bundle, s3] = await Promise.all([
    startTemporalDevServer({ port: temporalPort, dbFile: join(runtimeDir, 'temporal.sqlite'), logFile: join(runtimeDir, 'temporal.log') }),
    startPostgres({ dataDir: embeddedDataDir(join(tmpdir(), 'ctg-test-postgres')), port: postgresPort }),
    bundleWorkflowCode({
      workflowsPath: workflowsPath(),
      workflowInterceptorModules: workflowInterceptorModules(),
      logger: quietLogger,
    }),
    startVersitygw({
      port: s3Port,
      dataDir: join(runtimeDir, 's3'),
      accessKey: 'ctg-test',
      secretKey: randomBytes(24).toString('hex'),
      bucket: 'ctg-test-documents',
      logFile: join(runtimeDir, 'versitygw.log'),
    }),
  ]);
  // A database per jest worker: a spec's checks that « nothing changed » count rows of the whole
  // database, which another worker's spec would change meanwhile.
  const workers = Math.max(1, globalConfig.maxWorkers);
  const databaseUrls = await Promise.all(
    Array.from({ length: workers }, async (_, i) => {
      const url = await ensureDatabase(postgres.serverUrl, `ctg_test_${process.pid}_${i + 1}`, true);
      const dataSource = await openDatabase(url, 2);
      await dataSource.destroy();
      return url;
    }),
  );
  const bundlePath = join(runtimeDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  process.env.LOG_LEVEL ??= 'silent';
  // test/jest/worker-database.js gives each worker its own (TEST_DATABASE_URL).
  process.env.TEST_DATABASE_URLS = databaseUrls.join(' ');
  process.env.TEST_DATABASE_URL = databaseUrls[0];
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEST_RUNTIME_DIR = runtimeDir;
  // DOCUMENT_STORE_URL of an S3 bucket of its own, for the specs that run the stores or the API on S3.
  process.env.TEST_S3_URL = s3.url;
  (globalThis as Record<string, unknown>).__ctgStack = { temporal, postgres, databaseUrls, s3 };
}

const quietLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};
