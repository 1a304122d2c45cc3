import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL document store (libs/documents, postgres-document-store.ts): a file is a
 * `stored_document` row, addressed by the SHA-256 of its bytes, and its bytes in numbered chunks.
 * The row is inserted after the chunks, in the same transaction, and a deferred foreign key keeps a
 * chunk from outliving its transaction without its row.
 *
 * The application role may only read and insert these tables: a stored file is never changed or
 * removed, since the record names it by its hash. The default privileges of migration
 * 1732839300000 gave the role every right on them; this takes back all but SELECT and INSERT.
 */
export class DocumentStore1732839400000 implements MigrationInterface {
  name = 'DocumentStore1732839400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stored_document (
        sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size >= 0),
        stored_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE stored_document_chunk (
        sha256 text NOT NULL REFERENCES stored_document (sha256) DEFERRABLE INITIALLY DEFERRED,
        chunk_no integer NOT NULL CHECK (chunk_no >= 0),
        bytes bytea NOT NULL CHECK (octet_length(bytes) > 0),
        PRIMARY KEY (sha256, chunk_no)
      )`);
    await q.query(`
      DO $$
      BEGIN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON stored_document, stored_document_chunk FROM %I', current_database() || '_app');
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stored_document_chunk`);
    await q.query(`DROP TABLE stored_document`);
  }
}
