import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { DataSource } from 'typeorm';
import {
  AdministratorRepository,
  CampaignReadRepository,
  EventStoreRepository,
  NotificationRepository,
  OutboxRelay,
  PersonalLinkOutboxRepository,
  SignatureCodeRepository,
  RecordAppendFaultRepository,
  ReminderOutboxRepository,
  SignatoryLinkRepository,
  WeeklyDigestRepository,
} from '@ctg/persistence';
import { TASK_QUEUE } from '@ctg/contracts';
import { Tracing, temporalWorkerTracing } from '@ctg/observability';
import { WebhookSettings } from '@ctg/webhooks';
import { notificationMailDrain } from './notification-mailer';
import { workflowInterceptorModules, workflowsPath } from './workflow-sources';
import { createPersonalLinkActivities } from './personal-link.activities';
import { createSignatureMailActivities } from './signature-mail.activities';
import { createRecordActivities } from './record.activities';
import { ReminderSettings, createReminderActivities } from './reminder.activities';
import { createWeeklyDigestActivities } from './weekly-digest.activities';
import { WebhookRelay } from './webhook-relay';
import type { WorkerMetrics } from './worker-metrics';

export interface CampaignWorkerOptions {
  dataSource: DataSource;
  connection: NativeConnection;
  namespace: string;
  smtpUrl: string;
  /** For every e-mail to secretaries: reminders and personal links. */
  reminders: ReminderSettings;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start-up. */
  workflowBundlePath?: string;
  /** WEBHOOK_*: how the webhook relay sends the organisations' webhooks (docs/webhooks.md). */
  webhooks: WebhookSettings;
  taskQueue?: string;
  /** Counts what the activities store (votes, reminders, append lag) for /metrics. */
  metrics?: WorkerMetrics;
  /** Where the relays say what went wrong (JSON or readable, LOG_FORMAT); a JSON line on stdout by default. */
  warn?: (message: string) => void;
  /** The process's tracing (OTEL_*), when an OTLP endpoint is configured; none otherwise. */
  tracing?: Tracing;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions'>;
}

/** The Temporal worker, and the relays of the outboxes the appends write, started and stopped with it. */
export interface CampaignWorker {
  worker: Worker;
  /** Runs until `shutdown`, then lets in-flight activities and e-mails finish. */
  run(): Promise<void>;
  shutdown(): void;
}

/** The worker that runs campaigns: workflows from `workflows/`, activities over PostgreSQL and SMTP. */
export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<CampaignWorker> {
  // Each stage of an SMTP exchange within 10 s: the attempt fails, and gives back its claim, before
  // Temporal's 15 s bound on it (workflows/activities.ts) would retry it alongside.
  const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 });
  const links = new SignatoryLinkRepository(options.dataSource);
  // Personal links and signature mails share one outbox: each row is keyed by its event (campaign, seq).
  const linkOutbox = new PersonalLinkOutboxRepository(options.dataSource);
  const activities = {
    ...createRecordActivities(new EventStoreRepository(options.dataSource), new RecordAppendFaultRepository(options.dataSource), options.metrics),
    ...createReminderActivities({
      outbox: new ReminderOutboxRepository(options.dataSource),
      links,
      administrators: new AdministratorRepository(options.dataSource),
      campaigns: new CampaignReadRepository(options.dataSource),
      transport,
      settings: options.reminders,
    }),
    ...createPersonalLinkActivities({ outbox: linkOutbox, links, transport, settings: options.reminders }),
    ...createSignatureMailActivities({ outbox: linkOutbox, links, codes: new SignatureCodeRepository(options.dataSource), transport, settings: options.reminders }),
    ...createWeeklyDigestActivities(new WeeklyDigestRepository(options.dataSource), transport, options.reminders),
  };
  const tracing = temporalWorkerTracing(options.tracing);
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: workflowsPath() }),
    activities,
    interceptors: {
      ...tracing.interceptors,
      ...(options.workflowBundlePath ? {} : { workflowModules: workflowInterceptorModules() }),
    },
    sinks: tracing.sinks,
    // Let in-flight activities (an event append, an e-mail) finish on SIGTERM.
    shutdownGraceTime: '20 seconds',
    ...options.tuning,
  });
  const warn = options.warn ?? ((message: string) => console.warn(JSON.stringify({ level: 'warn', msg: message })));
  const relays = [
    new OutboxRelay({
      name: 'notification e-mails',
      connectionString: (options.dataSource.options as { url?: string }).url as string,
      drain: notificationMailDrain(new NotificationRepository(options.dataSource), transport, options.reminders),
      intervalMs: 5_000,
      onError: warn,
    }),
    new WebhookRelay({
      dataSource: options.dataSource,
      settings: options.webhooks,
      transport,
      mailFrom: options.reminders.mailFrom,
      publicUrl: options.reminders.publicUrl,
      onError: warn,
    }),
  ];
  return {
    worker,
    shutdown: () => worker.shutdown(),
    async run() {
      await Promise.all(relays.map((relay) => relay.start()));
      try {
        await worker.run();
      } finally {
        await Promise.all(relays.map((relay) => relay.stop()));
      }
    },
  };
}
