import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '../../scripts/dev-stack/postgres';

/**
 * A database of its own on the tier's PostgreSQL server, for a spec that reads what is true of a
 * whole database (health, outboxes, a restore) and must not see the other specs' campaigns.
 */
export class OwnDatabase {
  /** The server's maintenance database, to create and drop databases from. */
  readonly serverUrl = Object.assign(new URL(process.env.TEST_DATABASE_URL as string), { pathname: '/postgres' }).toString();

  constructor(readonly name: string) {}

  /** Creates it empty, dropping first any database of that name with its application role (a leftover of an interrupted run, or the drill's lost server), and gives its owner's URL. */
  create(): Promise<string> {
    return ensureDatabase(this.serverUrl, this.name, true);
  }

  /** Drops it with its application role. */
  drop(): Promise<void> {
    return this.asServer((client) => dropDatabase(client, this.name));
  }

  /** PostgreSQL unreachable for whoever uses this database: new connections refused, open ones ended. */
  refuseConnections(): Promise<void> {
    return this.asServer(async (client) => {
      await client.query(`ALTER DATABASE "${this.name}" ALLOW_CONNECTIONS false`);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [this.name]);
    });
  }

  allowConnections(): Promise<void> {
    return this.asServer(async (client) => {
      await client.query(`ALTER DATABASE "${this.name}" ALLOW_CONNECTIONS true`);
    });
  }

  private async asServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
