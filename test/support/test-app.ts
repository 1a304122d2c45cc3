import { documentStoreFromUrl } from '@ctg/documents';
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { apiSettingsFromEnv, DEVELOPMENT_DEFAULTS } from '../../apps/api/src/api-settings';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { CampaignWorker, createCampaignWorker } from '../../apps/worker/src/create-worker';
import { WorkerMetrics } from '../../apps/worker/src/worker-metrics';
import { createDataSource, openDatabase } from '@ctg/persistence';
import { webhookSettingsFromEnv } from '@ctg/webhooks';
import { MailCatcher } from '../../scripts/dev-stack/mail-catcher';
import { installQuietRuntime } from './quiet-runtime';
import { Tracing, temporalClientInterceptors } from '@ctg/observability';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  adminToken: string;
  /** The API's and the worker's connection: the application role, which may not edit the record. */
  dataSource: DataSource;
  /** The database's owner (migrations), for a test that tampers with the record behind the application's back. */
  owner: DataSource;
  temporal: Client;
  /** The task queue of this app's campaigns and worker. */
  taskQueue: string;
  mail: MailCatcher;
  /** The worker's counters (votes, reminders, append lag), as its /metrics serves them. */
  workerMetrics: WorkerMetrics;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** The worker's LINK_SECRET in tests, for a spec that runs an activity itself. */
export const TEST_LINK_SECRET = 'test-only-link-secret-0123456789abcdef';

let appsStarted = 0;

/**
 * The API and a worker in the test process, on the run's real Temporal server and PostgreSQL
 * database (from global-setup), with a real SMTP server catching the reminders. `DATABASE_URL` and
 * `TEMPORAL_TASK_QUEUE` in `env` put it on another database (the owner's URL) and on the queue of
 * an app started before it, whose campaigns it then runs (a restart).
 */
export async function startTestApp(env: Record<string, string> = {}, options: { tracing?: Tracing } = {}): Promise<TestApp> {
  installQuietRuntime();
  const databaseUrl = env.DATABASE_URL ?? (process.env.TEST_DATABASE_URL as string);
  const address = process.env.TEST_TEMPORAL_ADDRESS as string;
  // A task queue of its own: the workflows this API starts run on its own worker (its mail catcher,
  // its faults), even while another test process shares the Temporal server.
  const taskQueue = env.TEMPORAL_TASK_QUEUE ?? `ctg-test-${process.pid}-${++appsStarted}`;
  // One SMTP server catches every e-mail: the worker's (links, reminders) and the API's (invitations).
  const mail = new MailCatcher();
  const smtpUrl = await mail.start();
  const settings = apiSettingsFromEnv({
    SMTP_URL: smtpUrl,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PUBLIC_URL: 'http://127.0.0.1:3999',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    ...env,
  });
  const dataSource = await openDatabase(databaseUrl, 5);
  const owner = await createDataSource(databaseUrl, 2).initialize();
  const temporal = new Client({ connection: await Connection.connect({ address }), interceptors: temporalClientInterceptors(options.tracing) });
  const documents = documentStoreFromUrl(settings.documentStoreUrl, dataSource);
  const app = await createApiApp({ settings, dataSource, temporal, documents, tracing: options.tracing });
  app.useLogger(false);
  await app.init();
  const nativeConnection = await NativeConnection.connect({ address });

  const workerMetrics = new WorkerMetrics();
  let worker: CampaignWorker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createCampaignWorker({
      dataSource,
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      smtpUrl,
      reminders: { publicUrl: settings.publicUrl, mailFrom: 'ctg@test.example.org', linkTtlMs: 86_400_000, messageIdDomain: 'test.example.org', linkSecret: TEST_LINK_SECRET },
      workflowBundlePath: process.env.TEST_WORKFLOW_BUNDLE,
      // WEBHOOK_* of the spec's env (seconds rather than hours), as the worker reads them.
      webhooks: webhookSettingsFromEnv(env),
      metrics: workerMetrics,
      tracing: options.tracing,
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    worker?.shutdown();
    await running;
    worker = undefined;
  };
  await startWorker();

  const http = request(app.getHttpServer());
  const login = await http
    .post('/auth/login')
    .send({ email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD })
    .expect(200);

  return {
    app,
    http,
    adminToken: login.body.accessToken,
    dataSource,
    owner,
    temporal,
    taskQueue,
    mail,
    workerMetrics,
    startWorker,
    stopWorker,
    close: async () => {
      await stopWorker();
      await app.close();
      await documents.close();
      await mail.stop();
      await temporal.connection.close();
      await nativeConnection.close();
      await dataSource.destroy();
      await owner.destroy();
    },
  };
}

/** Polls until `check` passes (it throws until then), for what happens after an answer: projections, timers, e-mails. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
