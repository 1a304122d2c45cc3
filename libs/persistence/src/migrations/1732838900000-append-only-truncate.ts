import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only trigger of campaign_event is a row trigger (UPDATE, DELETE): TRUNCATE fires no
 * row trigger and would empty the legal record at once. A statement trigger refuses it too.
 */
export class AppendOnlyTruncate1732838900000 implements MigrationInterface {
  name = 'AppendOnlyTruncate1732838900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER campaign_event_no_truncate BEFORE TRUNCATE ON campaign_event
      FOR EACH STATEMENT EXECUTE FUNCTION campaign_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER campaign_event_no_truncate ON campaign_event`);
  }
}
