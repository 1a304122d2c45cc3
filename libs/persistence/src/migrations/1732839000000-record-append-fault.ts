import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign whose events PostgreSQL refuses to store (and not because it is down): one row while
 * the append keeps failing, deleted by the first append that succeeds. The health check and the
 * campaign's page read it, so a jammed record is seen instead of silently stopping.
 */
export class RecordAppendFault1732839000000 implements MigrationInterface {
  name = 'RecordAppendFault1732839000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_append_fault (
        campaign_id varchar(80) PRIMARY KEY,
        first_failed_at timestamptz NOT NULL,
        last_failed_at timestamptz NOT NULL,
        attempts integer NOT NULL CHECK (attempts > 0),
        first_seq integer NOT NULL,
        last_seq integer NOT NULL,
        last_error text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE record_append_fault`);
  }
}
