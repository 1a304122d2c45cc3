import { Client } from 'pg';
import { type RunningPostgres, dropDatabase } from '../scripts/dev-stack/postgres';
import type { RunningTemporal } from '../scripts/dev-stack/temporal-dev-server';
import type { RunningVersitygw } from '../scripts/dev-stack/versitygw';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__ctgStack as
    | { temporal: RunningTemporal; postgres: RunningPostgres; databaseUrls: string[]; s3: RunningVersitygw }
    | undefined;
  if (!stack) return;
  await Promise.all([stack.temporal.stop(), stack.s3.stop()]);
  const client = new Client({ connectionString: stack.postgres.serverUrl });
  await client.connect();
  for (const url of stack.databaseUrls) await dropDatabase(client, new URL(url).pathname.slice(1)).catch(() => undefined);
  await client.end();
  await stack.postgres.stop();
}
