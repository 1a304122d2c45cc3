import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessAndReminders1732838500000 implements MigrationInterface {
  name = 'AccessAndReminders1732838500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE administrator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE signatory_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id varchar(80) NOT NULL,
        signatory_id varchar(80) NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        issued_by text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX signatory_link_signatory ON signatory_link (campaign_id, signatory_id)`);
    await q.query(`
      CREATE TABLE reminder_outbox (
        campaign_id varchar(80) NOT NULL,
        signatory_id varchar(80) NOT NULL,
        number integer NOT NULL,
        message_id text NOT NULL UNIQUE,
        recipients jsonb NOT NULL,
        copies jsonb NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('sending', 'sent')),
        attempts integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (campaign_id, signatory_id, number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder_outbox`);
    await q.query(`DROP TABLE signatory_link`);
    await q.query(`DROP TABLE administrator`);
  }
}
