import { TracerProvider } from '@opentelemetry/api';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/**
 * A span per PostgreSQL query made inside a trace (a request, an activity), by patching the `pg`
 * module this process loaded (TypeORM's driver). The patch is applied to the module itself rather
 * than through a require hook, so it holds whatever loaded `pg` first (and under Jest, whose
 * module registry require hooks never see). Queries outside any trace (the relays' polling, the
 * metrics' gauges) make no span. Returns what undoes it.
 */
export function tracePostgresQueries(provider: TracerProvider): () => void {
  const instrumentation = new PgInstrumentation({ enabled: false, requireParentSpan: true });
  instrumentation.setTracerProvider(provider);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module TypeORM requires
  const pg = require('pg');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('pg/package.json') as { version: string };
  const definition = instrumentation.getModuleDefinitions().find((d) => d.name === 'pg');
  if (!definition?.patch) throw new Error('@opentelemetry/instrumentation-pg no longer patches the pg module');
  definition.patch(pg, version);
  return () => definition.unpatch?.(pg, version);
}
