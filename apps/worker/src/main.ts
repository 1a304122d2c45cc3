import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { openDatabase } from '@ctg/persistence';
import { createCampaignWorker } from './create-worker';
import { workerSettingsFromEnv } from './worker-settings';

/** The worker process: runs until SIGINT/SIGTERM, then lets in-flight tasks finish before it exits. */
async function main(): Promise<void> {
  const settings = workerSettingsFromEnv();
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const dataSource = await openDatabase(settings.databaseUrl, undefined, settings.databaseOwnerUrl);
  const connection = await NativeConnection.connect({ address: settings.temporal.address });
  // A client over a connection of its own, not the activity context's client over the worker's
  // NativeConnection: SDK 1.24 marks that one experimental, its errors possibly mapped otherwise,
  // and `signatoryState` relies on WorkflowNotFoundError to tell a campaign Temporal no longer has.
  const clientConnection = await Connection.connect({ address: settings.temporal.address });
  const worker = await createCampaignWorker({
    dataSource,
    connection,
    temporal: new Client({ connection: clientConnection, namespace: settings.temporal.namespace }),
    namespace: settings.temporal.namespace,
    smtpUrl: settings.smtpUrl,
    reminders: settings.reminders,
    workflowBundlePath: settings.workflowBundlePath,
    tuning: settings.maxCachedWorkflows === undefined ? undefined : { maxCachedWorkflows: settings.maxCachedWorkflows },
  });
  console.log(JSON.stringify({ level: 'info', msg: 'worker started', taskQueue: worker.options.taskQueue }));
  try {
    await worker.run();
  } finally {
    await clientConnection.close();
    await connection.close();
    await dataSource.destroy();
  }
  console.log(JSON.stringify({ level: 'info', msg: 'worker stopped' }));
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', msg: 'worker failed', error: String(error?.stack ?? error) }));
  process.exit(1);
});
