import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal links e-mailed on an administrator's request: one outbox row per `PersonalLinkSent`
 * event (its seq names it), and when each signatory was last sent one, in the read model.
 */
export class PersonalLinkMail1732838800000 implements MigrationInterface {
  name = 'PersonalLinkMail1732838800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_link_outbox (
        campaign_id varchar(80) NOT NULL,
        seq integer NOT NULL,
        signatory_id varchar(80) NOT NULL,
        message_id text NOT NULL UNIQUE,
        recipients jsonb NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('sending', 'sent')),
        attempts integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (campaign_id, seq)
      )`);
    await q.query(`ALTER TABLE signatory_view ADD COLUMN last_link_sent_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatory_view DROP COLUMN last_link_sent_at`);
    await q.query(`DROP TABLE personal_link_outbox`);
  }
}
