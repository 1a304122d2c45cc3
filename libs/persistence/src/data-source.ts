import { DataSource } from 'typeorm';
import { LegalRecord1732838400000 } from './migrations/1732838400000-legal-record';
import { AccessAndReminders1732838500000 } from './migrations/1732838500000-access-and-reminders';
import { RecordChain1732838700000 } from './migrations/1732838700000-record-chain';
import { PersonalLinkMail1732838800000 } from './migrations/1732838800000-personal-link-mail';
import { AppendOnlyTruncate1732838900000 } from './migrations/1732838900000-append-only-truncate';
import { RecordAppendFault1732839000000 } from './migrations/1732839000000-record-append-fault';
import { ReminderCopy1732839100000 } from './migrations/1732839100000-reminder-copy';
import { AdministratorAccounts1732839200000 } from './migrations/1732839200000-administrator-accounts';
import { ApplicationRole1732839300000 } from './migrations/1732839300000-application-role';
import { DocumentStore1732839400000 } from './migrations/1732839400000-document-store';
import { DocumentsReadModel1732839500000 } from './migrations/1732839500000-documents-read-model';
import { Signature1732839600000 } from './migrations/1732839600000-signature';
import { Organisations1732839700000 } from './migrations/1732839700000-organisations';
import { SignInAttempts1732839800000 } from './migrations/1732839800000-sign-in-attempts';
import { Invitations1732839900000 } from './migrations/1732839900000-invitations';
import { ForwardedLinks1732840000000 } from './migrations/1732840000000-forwarded-links';
import { Notifications1732840100000 } from './migrations/1732840100000-notifications';
import { Webhooks1732840200000 } from './migrations/1732840200000-webhooks';
import { CalendarFeeds1732840300000 } from './migrations/1732840300000-calendar-feeds';
import { OutboxBacklogIndexes1732840450000 } from './migrations/1732840450000-outbox-backlog-indexes';
import { applicationRoleName, derivedApplicationUrl, enableApplicationLogin, urlUser } from './application-role';

export const MIGRATIONS = [
  LegalRecord1732838400000,
  AccessAndReminders1732838500000,
  RecordChain1732838700000,
  PersonalLinkMail1732838800000,
  AppendOnlyTruncate1732838900000,
  RecordAppendFault1732839000000,
  ReminderCopy1732839100000,
  AdministratorAccounts1732839200000,
  ApplicationRole1732839300000,
  DocumentStore1732839400000,
  DocumentsReadModel1732839500000,
  Signature1732839600000,
  Organisations1732839700000,
  SignInAttempts1732839800000,
  Invitations1732839900000,
  ForwardedLinks1732840000000,
  Notifications1732840100000,
  Webhooks1732840200000,
  CalendarFeeds1732840300000,
  OutboxBacklogIndexes1732840450000,
];

/**
 * The schema comes from migrations only, never from `synchronize`; no entities: every table is
 * read and written in SQL (the read models through read-models.ts).
 */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    // Two at least: start-up holds one for the migration lock while the migrations use another.
    extra: { max: Math.max(poolSize, 2), connectionTimeoutMillis: 5000 },
  });
}

const MIGRATION_LOCK = 7_283_001;

/** The migrations of this build that the database has not applied. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = new Set<string>(
    (await dataSource.query(`SELECT name FROM migrations`).catch(() => [])).map((r: { name: string }) => r.name),
  );
  return MIGRATIONS.map((M) => new M().name ?? M.name).filter((name) => !applied.has(name));
}

/**
 * Brings the schema up to date as the database's owner, then connects as the application role
 * (`<database>_app`, docs/threat-model.md): the returned connection can only read and insert the
 * legal record, never edit it or switch off its triggers.
 *
 * - `url` only, the owner's (`npm start`, tests): migrates with it, then connects as the
 *   application role with a password derived from it (application-role.ts).
 * - `url` the application role's and `ownerUrl` the owner's (docker/): migrates with `ownerUrl`,
 *   gives the role the password of `url`, then connects with `url`.
 * - `url` the application role's alone: migrates nothing, and stops if the schema is behind.
 *
 * An advisory lock lets the API and workers start together.
 */
export async function openDatabase(url: string, poolSize?: number, ownerUrl?: string): Promise<DataSource> {
  const owner = createDataSource(ownerUrl ?? url, 2);
  await owner.initialize();
  let applicationUrl = url;
  try {
    const [who] = await owner.query(`SELECT current_user AS "user", current_database() AS database`);
    const role = applicationRoleName(who.database);
    if (who.user === role) {
      if (ownerUrl) throw new Error(`DATABASE_OWNER_URL connects as ${role}, the application role: it must name the owner of the database`);
      const missing = await pendingMigrations(owner);
      if (missing.length) {
        throw new Error(`the database schema is behind (${missing.join(', ')} not applied) and ${role} may not migrate it: set DATABASE_OWNER_URL`);
      }
    } else {
      if (ownerUrl && urlUser(url) !== role) throw new Error(`DATABASE_URL must connect as ${role}, the application role of ${who.database} (it names ${urlUser(url)})`);
      if (!ownerUrl) applicationUrl = derivedApplicationUrl(url, role);
      await migrate(owner, role, applicationUrl);
    }
  } finally {
    await owner.destroy();
  }
  const dataSource = createDataSource(applicationUrl, poolSize);
  await dataSource.initialize();
  return dataSource;
}

async function migrate(owner: DataSource, role: string, applicationUrl: string): Promise<void> {
  const lock = owner.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await owner.runMigrations({ transaction: 'all' });
    await enableApplicationLogin(owner, role, applicationUrl);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
