import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications to the campaigns' administrators, written in the transaction that appends the event
 * they tell of (the outbox of their e-mails), each administrator's choices of what they receive,
 * and the weekly digests, one per administrator and week.
 */
export class Notifications1732840100000 implements MigrationInterface {
  name = 'Notifications1732840100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        administrator_id uuid NOT NULL REFERENCES administrator (id) ON DELETE CASCADE,
        campaign_id varchar(80) NOT NULL,
        seq integer NOT NULL,
        kind varchar(40) NOT NULL,
        -- Facts of one event in the order they follow each other: a rejection, then the block it causes.
        position smallint NOT NULL DEFAULT 0,
        signatory_id varchar(80),
        detail jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL,
        in_app boolean NOT NULL,
        read_at timestamptz,
        email_status varchar(10) NOT NULL CHECK (email_status IN ('none', 'pending', 'sending', 'sent', 'failed')),
        email_attempts integer NOT NULL DEFAULT 0,
        email_due_at timestamptz NOT NULL DEFAULT now(),
        email_sent_at timestamptz,
        email_error text,
        UNIQUE (administrator_id, campaign_id, seq, kind)
      )`);
    await q.query(`CREATE INDEX notification_inbox ON notification (administrator_id, occurred_at DESC) WHERE in_app`);
    await q.query(`CREATE INDEX notification_email_due ON notification (email_due_at) WHERE email_status IN ('pending', 'sending')`);
    await q.query(`
      CREATE TABLE notification_preference (
        administrator_id uuid NOT NULL REFERENCES administrator (id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        email boolean NOT NULL,
        in_app boolean NOT NULL,
        PRIMARY KEY (administrator_id, kind)
      )`);
    await q.query(`
      CREATE TABLE weekly_digest (
        administrator_id uuid NOT NULL REFERENCES administrator (id) ON DELETE CASCADE,
        week_of date NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        message_id text NOT NULL UNIQUE,
        status varchar(10) NOT NULL CHECK (status IN ('sending', 'sent', 'empty')),
        sent_at timestamptz,
        PRIMARY KEY (administrator_id, week_of)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE weekly_digest`);
    await q.query(`DROP TABLE notification_preference`);
    await q.query(`DROP TABLE notification`);
  }
}
