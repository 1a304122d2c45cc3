import { DataSource } from 'typeorm';
import { CampaignEventEntity } from './entities/campaign-event.entity';
import { CampaignViewEntity } from './entities/campaign-view.entity';
import { SignatoryViewEntity } from './entities/signatory-view.entity';
import { LegalRecord1732838400000 } from './migrations/1732838400000-legal-record';
import { AccessAndReminders1732838500000 } from './migrations/1732838500000-access-and-reminders';
import { RecordChain1732838700000 } from './migrations/1732838700000-record-chain';
import { PersonalLinkMail1732838800000 } from './migrations/1732838800000-personal-link-mail';
import { AppendOnlyTruncate1732838900000 } from './migrations/1732838900000-append-only-truncate';

export const ENTITIES = [CampaignEventEntity, CampaignViewEntity, SignatoryViewEntity];
export const MIGRATIONS = [
  LegalRecord1732838400000,
  AccessAndReminders1732838500000,
  RecordChain1732838700000,
  PersonalLinkMail1732838800000,
  AppendOnlyTruncate1732838900000,
];

/** The schema comes from migrations only, never from `synchronize`. */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    // Two at least: start-up holds one for the migration lock while the migrations use another.
    extra: { max: Math.max(poolSize, 2), connectionTimeoutMillis: 5000 },
  });
}

const MIGRATION_LOCK = 7_283_001;

/** Connects and brings the schema up to date; an advisory lock lets the API and workers start together. */
export async function openDatabase(url: string, poolSize?: number): Promise<DataSource> {
  const dataSource = createDataSource(url, poolSize);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}
