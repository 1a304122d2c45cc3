import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { applicationRoleName, createDataSource, grantApplicationRights, pendingMigrations } from '@ctg/persistence';
import { findPgTool, pgConnection, runPgTool } from './pg-client-tools';
import { EXIT, Print } from './record-commands';

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface RecordSummary {
  campaigns: Array<{ id: string; events: number; finalHash: string }>;
  events: number;
  documents: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** What the record holds: each campaign's events and final hash, and the documents kept in PostgreSQL. */
export async function recordSummary(query: Query): Promise<RecordSummary> {
  const rows = await query(
    `SELECT DISTINCT ON (campaign_id) campaign_id AS id, seq AS events, hash AS "finalHash"
     FROM campaign_event ORDER BY campaign_id, seq DESC`,
  );
  const [{ documents }] = await query(`SELECT count(*)::int AS documents FROM stored_document`);
  const campaigns = rows.map((r) => ({ id: String(r.id), events: Number(r.events), finalHash: String(r.finalHash) }));
  return { campaigns, events: campaigns.reduce((n, c) => n + c.events, 0), documents: Number(documents) };
}

function printSummary(summary: RecordSummary, print: Print): void {
  for (const c of summary.campaigns) print(`  ${c.id}: ${c.events} events, final hash ${c.finalHash}`);
  const n = summary.campaigns.length;
  print(`  ${n} campaign${n === 1 ? '' : 's'}, ${summary.events} events, ${summary.documents} documents kept in PostgreSQL.`);
}

/**
 * `backup <file>`: `pg_dump` in custom format (`-Fc`) of the database, and a summary of exactly
 * what it holds: the summary is read in a transaction whose snapshot pg_dump is given
 * (`--snapshot`), so the final hashes printed are the dump's, even while campaigns go on. The dump
 * is written beside the file and renamed once complete: a failed backup leaves no file that looks
 * whole. An existing file is never overwritten.
 */
export async function backupCommand(url: string, file: string, print: Print): Promise<number> {
  if (existsSync(file)) {
    print(`${file} already exists: a backup never overwrites a file; name another.`);
    return EXIT.failure;
  }
  const pgDump = findPgTool('pg_dump');
  const pgRestore = findPgTool('pg_restore');
  const partial = `${file}.partial`;
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ snapshot }] = (await client.query('SELECT pg_export_snapshot() AS snapshot')).rows;
    const summary = await recordSummary(async (sql, params) => (await client.query(sql, params)).rows);
    const { dbname, env } = pgConnection(url);
    await runPgTool(pgDump, ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`, `--dbname=${dbname}`], env);
    await client.query('COMMIT');
    // The archive's table of contents reads back: the file is a whole custom-format dump.
    await runPgTool(pgRestore, ['--list', partial]);
    renameSync(partial, file);
    print(`Backed up ${new URL(url).pathname.slice(1)} to ${file} (${statSync(file).size} bytes) in ${seconds(Date.now() - started)}:`);
    printSummary(summary, print);
    print('Keep these final hashes apart from the file: after a restore, `verify` must print the same.');
    return EXIT.ok;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** Tables, views and sequences of the public schema: a restore goes into a database without any. */
async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const [{ n }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
  );
  return n === 0;
}

/**
 * `restore <file>`: a `backup` into an empty database, as its owner. The dump's owners and grants
 * are left out (they name the roles of the server it came from); the restoring owner owns every
 * table, the append-only triggers come with the schema, and the application role gets the
 * migrations' rights again. All in one transaction: a failed restore leaves the database empty.
 * Then the summary, and `verify` of every chain, its checkpoints and its files.
 */
export async function restoreCommand(url: string, file: string, print: Print, verify: (dataSource: DataSource) => Promise<number>): Promise<number> {
  if (!existsSync(file)) {
    print(`${file} does not exist: name the file a backup wrote.`);
    return EXIT.failure;
  }
  const pgRestore = findPgTool('pg_restore');
  const dataSource = await createDataSource(url, 2).initialize();
  try {
    const [who] = await dataSource.query(`SELECT current_user AS "user", current_database() AS database`);
    if (who.user === applicationRoleName(who.database)) {
      print(`DATABASE_URL connects as ${who.user}, the application role: restore as the database's owner.`);
      return EXIT.failure;
    }
    if (!(await isEmpty(dataSource))) {
      print(`${who.database} is not empty: restore into a new database (createdb -O ${who.user} …), never over a record.`);
      return EXIT.failure;
    }
    const started = Date.now();
    const { dbname, env } = pgConnection(url);
    await runPgTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], env);
    const grants = await grantApplicationRights(dataSource);
    print(`Restored ${file} into ${who.database} in ${seconds(Date.now() - started)}:`);
    printSummary(await recordSummary((sql, params) => dataSource.query(sql, params)), print);
    print(
      grants.canLogin
        ? `  ${grants.role} may read and insert the record again, and log in as before.`
        : `  ${grants.role} ${grants.created ? 'was created and ' : ''}may read and insert the record, but not log in yet: ` +
            'run the migrations once with the owner (docker/: the `migrate` service; otherwise start the API with the owner\'s DATABASE_URL).',
    );
    const behind = await pendingMigrations(dataSource);
    if (behind.length) {
      print(`The backup predates ${behind.join(', ')}: migrate (as above), then run \`npm run record -- verify\`.`);
      return EXIT.problem;
    }
    return await verify(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
