import { Client } from 'pg';
import { type RunningPostgres, dropDatabase } from '../scripts/dev-stack/postgres';
import type { RunningTemporal } from '../scripts/dev-stack/temporal-dev-server';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__ctgStack as
    | { temporal: RunningTemporal; postgres: RunningPostgres; databaseUrl: string }
    | undefined;
  if (!stack) return;
  await stack.temporal.stop();
  const database = new URL(stack.databaseUrl).pathname.slice(1);
  const client = new Client({ connectionString: stack.postgres.serverUrl });
  await client.connect();
  await dropDatabase(client, database).catch(() => undefined);
  await client.end();
  await stack.postgres.stop();
}
