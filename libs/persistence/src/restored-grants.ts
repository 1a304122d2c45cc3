import { DataSource } from 'typeorm';
import { applicationRoleName } from './application-role';

/**
 * Tables the application role may only read and insert: the legal record, its checkpoints and the
 * stored documents (migrations 1732839300000-application-role and 1732839400000-document-store).
 */
export const APPEND_ONLY_TABLES = ['campaign_event', 'record_checkpoint', 'stored_document', 'stored_document_chunk'] as const;

export interface RestoredGrants {
  role: string;
  /** The role did not exist on this server: it was created without a login, which the next migrate gives it. */
  created: boolean;
  canLogin: boolean;
}

/**
 * Gives `<database>_app` its rights again on a database restored without privileges
 * (`pg_restore --no-privileges`): a dump names the roles of the server it came from, and the
 * application role is named after the database, so the dump's grants may name a role that does not
 * exist here. The rights are the migrations' as they stand today; run as the owner, in one
 * transaction with the restore's end.
 */
export async function grantApplicationRights(owner: DataSource): Promise<RestoredGrants> {
  const [{ database }] = await owner.query(`SELECT current_database() AS database`);
  const role = applicationRoleName(database);
  const [existing] = await owner.query(`SELECT rolcanlogin AS "canLogin" FROM pg_roles WHERE rolname = $1`, [role]);
  const statements = [
    ...(existing ? [] : [`CREATE ROLE %2$I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION`]),
    `GRANT CONNECT, TEMPORARY ON DATABASE %1$I TO %2$I`,
    `GRANT USAGE ON SCHEMA public TO %2$I`,
    `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO %2$I`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %2$I`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${APPEND_ONLY_TABLES.join(', ')} FROM %2$I`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM %2$I`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO %2$I`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %2$I`,
  ];
  await owner.transaction(async (manager) => {
    for (const template of statements) {
      // format() quotes the names: a database's name is the operator's, not ours.
      const [{ statement }] = await manager.query(`SELECT format($1::text, $2::text, $3::text) AS statement`, [template, database, role]);
      await manager.query(statement);
    }
  });
  return { role, created: !existing, canLogin: Boolean(existing?.canLogin) };
}
