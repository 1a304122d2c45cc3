import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators of an escalated reminder get a message of their own (never the secretary's
 * link), sent once like the reminder: when it went out. A reminder sent before had them in copy of
 * the secretary's e-mail, which stands for that message.
 */
export class ReminderCopy1732839100000 implements MigrationInterface {
  name = 'ReminderCopy1732839100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminder_outbox ADD COLUMN copy_sent_at timestamptz`);
    await q.query(`UPDATE reminder_outbox SET copy_sent_at = sent_at WHERE status = 'sent' AND copies <> '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminder_outbox DROP COLUMN copy_sent_at`);
  }
}
