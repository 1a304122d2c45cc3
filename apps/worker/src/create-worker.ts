import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { DataSource } from 'typeorm';
import {
  AdministratorRepository,
  CampaignReadRepository,
  EventStoreRepository,
  PersonalLinkOutboxRepository,
  SignatureCodeRepository,
  RecordAppendFaultRepository,
  ReminderOutboxRepository,
  SignatoryLinkRepository,
} from '@ctg/persistence';
import { TASK_QUEUE } from '@ctg/contracts';
import { createPersonalLinkActivities } from './personal-link.activities';
import { createSignatureMailActivities } from './signature-mail.activities';
import { createRecordActivities } from './record.activities';
import { ReminderSettings, createReminderActivities } from './reminder.activities';

export interface CampaignWorkerOptions {
  dataSource: DataSource;
  connection: NativeConnection;
  namespace: string;
  smtpUrl: string;
  /** For every e-mail to secretaries: reminders and personal links. */
  reminders: ReminderSettings;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start-up. */
  workflowBundlePath?: string;
  taskQueue?: string;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions'>;
}

export function workflowsPath(): string {
  return require.resolve('../../../workflows');
}

/** The worker that runs campaigns: workflows from `workflows/`, activities over PostgreSQL and SMTP. */
export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  // Each stage of an SMTP exchange within 10 s: the attempt fails, and gives back its claim, before
  // Temporal's 15 s bound on it (workflows/activities.ts) would retry it alongside.
  const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 });
  const links = new SignatoryLinkRepository(options.dataSource);
  // Personal links and signature mails share one outbox: each row is keyed by its event (campaign, seq).
  const linkOutbox = new PersonalLinkOutboxRepository(options.dataSource);
  const activities = {
    ...createRecordActivities(new EventStoreRepository(options.dataSource), new RecordAppendFaultRepository(options.dataSource)),
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
  };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: workflowsPath() }),
    activities,
    // Let in-flight activities (an event append, an e-mail) finish on SIGTERM.
    shutdownGraceTime: '20 seconds',
    ...options.tuning,
  });
}
