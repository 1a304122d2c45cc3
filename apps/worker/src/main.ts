import 'reflect-metadata';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { MetricsServer, ProcessLog, processLog, startTracingFromEnv } from '@ctg/observability';
import { openDatabase } from '@ctg/persistence';
import { connectClient } from '@ctg/temporal';
import { createCampaignWorker } from './create-worker';
import { sdkLogTo } from './sdk-log';
import { ensureWeeklyDigestSchedule } from './weekly-digest-schedule';
import { WorkerMetrics, startWorkerMetricsServer } from './worker-metrics';
import { WorkerSettings, workerSettingsFromEnv } from './worker-settings';

/** Temporal's SDK logs (its own, and the activities' `Context.log`) through the process's format. */
function installRuntime(settings: WorkerSettings, log: ProcessLog): void {
  const sdkLog = sdkLogTo(log);
  Runtime.install({
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    logger: new DefaultLogger('INFO', (entry) => sdkLog(entry.level, entry.message, entry.meta)),
    // The SDK's own worker metrics (task slots, latencies, polls) on loopback; /metrics relays them.
    ...(settings.temporalMetricsPort
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${settings.temporalMetricsPort}`, countersTotalSuffix: true, useSecondsForDurations: true } } } }
      : {}),
  });
}

/** The worker process: runs until SIGINT/SIGTERM, then lets in-flight tasks finish before it exits. */
async function main(log: ProcessLog, settings: WorkerSettings): Promise<void> {
  installRuntime(settings, log);
  // Before the database opens: the activities' queries are traced from the first.
  const tracing = startTracingFromEnv('ctg-worker');
  const metrics = new WorkerMetrics();
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
    metrics,
    tracing,
    warn: (message) => log('warn', message),
    tuning: settings.maxCachedWorkflows === undefined ? undefined : { maxCachedWorkflows: settings.maxCachedWorkflows },
  });
  const client = await connectClient(settings.temporal);
  const schedule = await ensureWeeklyDigestSchedule(client, campaignWorker.worker.options.taskQueue);
  await client.connection.close();
  const { port } = settings.metrics;
  let metricsServer: MetricsServer | undefined;
  if (port !== undefined) {
    const sdk = settings.temporalMetricsPort ? `http://127.0.0.1:${settings.temporalMetricsPort}/metrics` : undefined;
    metricsServer = await startWorkerMetricsServer(metrics, { ...settings.metrics, port }, sdk);
  }
  log('info', 'worker started', { taskQueue: campaignWorker.worker.options.taskQueue, weeklyDigestSchedule: schedule, ...(tracing ? { traces: 'OTLP' } : {}), ...(metricsServer ? { metrics: `${metricsServer.url}/metrics` } : {}) });
  try {
    await campaignWorker.run();
  } finally {
    await metricsServer?.close();
    await connection.close();
    await dataSource.destroy();
    await tracing?.shutdown();
  }
  log('info', 'worker exited');
}

let settings: WorkerSettings;
try {
  settings = workerSettingsFromEnv();
} catch (error) {
  console.error(`The worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const log = processLog(settings.logFormat);
main(log, settings).catch((error) => {
  log('error', 'worker failed', { error: String(error?.stack ?? error) });
  process.exit(1);
});
