import 'reflect-metadata';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { MIGRATIONS, createDataSource } from '../../libs/persistence/src';
import { connectClient, temporalSettingsFromEnv } from '../../libs/temporal/src';
import { EXIT, consistencyCommand, liveState, rebuildCommand, verifyCommand } from './record-commands';

const USAGE = `Usage: npm run record -- <command> [campaignId]

  verify [campaignId]               recompute the hash chain of a campaign (or of every campaign)
                                    and name the first broken link
  rebuild-projections [campaignId]  empty the read models (of a campaign, or all) and project them
                                    again from the event store
  consistency <campaignId>          compare the workflow's live state (Temporal query), the event
                                    store replayed through evolve, and the read models

Settings: DATABASE_URL (PostgreSQL), TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE (consistency only).
Exit status: 0 all is well, 1 a problem was found, 2 the command could not run.`;

/** Opens the database without migrating it: an audit tool reads the schema as it is, and says when it is behind. */
async function openRecord(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  const applied = new Set<string>(
    (await dataSource.query(`SELECT name FROM migrations`).catch(() => [])).map((r: { name: string }) => r.name),
  );
  const missing = MIGRATIONS.map((M) => new M().name ?? M.name).filter((name) => !applied.has(name));
  if (missing.length) {
    await dataSource.destroy();
    throw new Error(`the database schema is behind (${missing.join(', ')} not applied): start the API or a worker once to migrate it`);
  }
  return dataSource;
}

async function main(args: string[]): Promise<number> {
  const [command, campaignId, ...rest] = args;
  const known = ['verify', 'rebuild-projections', 'consistency'];
  if (!command || !known.includes(command) || rest.length > 0 || (command === 'consistency' && !campaignId)) {
    console.error(USAGE);
    return EXIT.failure;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set: it names the PostgreSQL database of the record.');
    return EXIT.failure;
  }
  const print = (line: string) => console.log(line);
  const dataSource = await openRecord(url);
  let temporal: Client | undefined;
  try {
    if (command === 'verify') return await verifyCommand(dataSource, campaignId, print);
    if (command === 'rebuild-projections') return await rebuildCommand(dataSource, campaignId, print);
    const settings = temporalSettingsFromEnv();
    const live = await connectClient(settings).then(
      async (client) => {
        temporal = client;
        return liveState(client, campaignId);
      },
      (error: Error) => ({ unavailable: `Temporal at ${settings.address} is unreachable: ${error.message}` }),
    );
    return await consistencyCommand(dataSource, live, campaignId, print);
  } finally {
    await temporal?.connection.close();
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`record: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.failure);
  },
);
