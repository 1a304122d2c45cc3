import 'reflect-metadata';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { openDatabase } from '@ctg/persistence';
import { connectClient } from '@ctg/temporal';
import { createCampaignWorker } from './create-worker';
import { ensureWeeklyDigestSchedule } from './weekly-digest-schedule';
import { workerSettingsFromEnv } from './worker-settings';

/** The worker process: runs until SIGINT/SIGTERM, then lets in-flight tasks finish before it exits. */
async function main(): Promise<void> {
  const settings = workerSettingsFromEnv();
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const dataSource = await openDatabase(settings.databaseUrl, undefined, settings.databaseOwnerUrl);
  const connection = await NativeConnection.connect({ address: settings.temporal.address });
  const campaignWorker = await createCampaignWorker({
    dataSource,
    connection,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    smtpUrl: settings.smtpUrl,
    reminders: settings.reminders,
    workflowBundlePath: settings.workflowBundlePath,
    webhooks: settings.webhooks,
    tuning: settings.maxCachedWorkflows === undefined ? undefined : { maxCachedWorkflows: settings.maxCachedWorkflows },
  });
  const client = await connectClient(settings.temporal);
  const schedule = await ensureWeeklyDigestSchedule(client, campaignWorker.worker.options.taskQueue);
  await client.connection.close();
  console.log(JSON.stringify({ level: 'info', msg: 'worker started', taskQueue: campaignWorker.worker.options.taskQueue, weeklyDigestSchedule: schedule }));
  try {
    await campaignWorker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
  console.log(JSON.stringify({ level: 'info', msg: 'worker stopped' }));
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', msg: 'worker failed', error: String(error?.stack ?? error) }));
  process.exit(1);
});
