import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-mails still in the reminders' and personal links' outboxes, read at every scrape of
 * /metrics and every /health: partial indexes keep that read to the few rows not yet sent, however
 * many years of sent ones the tables hold.
 */
export class OutboxBacklogIndexes1732840450000 implements MigrationInterface {
  name = 'OutboxBacklogIndexes1732840450000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX reminder_outbox_sending ON reminder_outbox (created_at) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX personal_link_outbox_sending ON personal_link_outbox (created_at) WHERE status = 'sending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX personal_link_outbox_sending`);
    await q.query(`DROP INDEX reminder_outbox_sending`);
  }
}
