import 'reflect-metadata';
import { Connection, Client } from '@temporalio/client';
import { documentStoreFromUrl } from '@ctg/documents';
import { openDatabase } from '@ctg/persistence';
import { apiSettingsFromEnv } from './api-settings';
import { createApiApp } from './create-api-app';
import { ApiMetrics } from './metrics/api-metrics.service';
import { processLog, startTracingFromEnv, temporalClientInterceptors } from '@ctg/observability';

async function main(): Promise<void> {
  const settings = apiSettingsFromEnv();
  // Before the database opens: its queries are traced from the first.
  const tracing = startTracingFromEnv('ctg-api');
  const dataSource = await openDatabase(settings.databaseUrl, undefined, settings.databaseOwnerUrl);
  // Connect lazily: the API starts (and answers 503) even while Temporal is still coming up.
  const connection = Connection.lazy({ address: settings.temporal.address });
  const temporal = new Client({ connection, namespace: settings.temporal.namespace, interceptors: temporalClientInterceptors(tracing) });
  const documents = documentStoreFromUrl(settings.documentStoreUrl, dataSource);
  const app = await createApiApp({ settings, dataSource, temporal, documents, tracing });
  await app.listen(settings.port, settings.host);
  const log = processLog(settings.logFormat);
  const metricsUrl = app.get(ApiMetrics).url;
  log('info', 'API listening', { url: settings.publicUrl, ...(tracing ? { traces: 'OTLP' } : {}), ...(metricsUrl ? { metrics: `${metricsUrl}/metrics` } : {}) });
  const stop = async () => {
    await app.close();
    await documents.close();
    await connection.close();
    await dataSource.destroy();
    await tracing?.shutdown();
  };
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(`The API could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
