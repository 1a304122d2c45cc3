import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API and the worker stop working as the database's owner (docs/threat-model.md). They work as
 * `<database>_app` (roles are cluster-wide and many databases share a cluster, hence one role per
 * database), which may only read and insert the legal record and its checkpoints: not being their
 * owner, it can neither disable their triggers nor alter, truncate or drop them. Everything else
 * keeps the rights it had. Tables created later by the owner's migrations get the same rights
 * (ALTER DEFAULT PRIVILEGES), so a new table works without touching this file.
 *
 * Also: `record_checkpoint`, the signed chain heads (`npm run record -- checkpoint`), append-only.
 * The role's login and password are set when a process migrates (data-source.ts), not here: a
 * migration holds no secret.
 */
export class ApplicationRole1732839300000 implements MigrationInterface {
  name = 'ApplicationRole1732839300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_checkpoint (
        campaign_id varchar(80) NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        hash char(64) NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        signed_at timestamptz NOT NULL,
        key_id char(64) NOT NULL CHECK (key_id ~ '^[0-9a-f]{64}$'),
        signature text NOT NULL,
        PRIMARY KEY (campaign_id, seq, key_id)
      )`);
    await q.query(`
      CREATE FUNCTION record_checkpoint_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'record_checkpoint is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER record_checkpoint_append_only BEFORE UPDATE OR DELETE ON record_checkpoint
      FOR EACH ROW EXECUTE FUNCTION record_checkpoint_append_only()`);
    await q.query(`
      CREATE TRIGGER record_checkpoint_no_truncate BEFORE TRUNCATE ON record_checkpoint
      FOR EACH STATEMENT EXECUTE FUNCTION record_checkpoint_append_only()`);
    await q.query(`
      DO $$
      DECLARE
        app text := current_database() || '_app';
      BEGIN
        IF octet_length(app) > 63 THEN
          RAISE EXCEPTION 'the database name % is too long for its application role % (63 bytes at most)', current_database(), app;
        END IF;
        -- Idempotent: a database dropped and created again under the same name finds its role.
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app) THEN
          BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION', app);
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'the owner % may not create the application role %: as a superuser, once, ALTER ROLE % CREATEROLE', current_user, app, current_user;
          END;
        END IF;
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), app);
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO %I', app);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', app);
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON campaign_event, record_checkpoint FROM %I', app);
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM %I', app);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO %I', app);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', app);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE
        app text := current_database() || '_app';
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = app) THEN
          EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM %I', app);
          EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM %I', app);
          EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', app);
          EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', app);
          EXECUTE format('REVOKE ALL ON SCHEMA public FROM %I', app);
          EXECUTE format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), app);
        END IF;
      END $$`);
    await q.query(`DROP TABLE record_checkpoint`);
    await q.query(`DROP FUNCTION record_checkpoint_append_only`);
  }
}
