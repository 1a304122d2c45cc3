import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Private calendar feeds: one per administrator and campaign, reached by a token of which only the
 * SHA-256 is kept. A new feed revokes the previous one; revoking keeps the row (when, not what).
 * No reference to campaign_view, which a projection rebuild truncates.
 */
export class CalendarFeeds1732840300000 implements MigrationInterface {
  name = 'CalendarFeeds1732840300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id varchar(80) NOT NULL,
        administrator_id uuid NOT NULL REFERENCES administrator (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX calendar_feed_one_active ON calendar_feed (campaign_id, administrator_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feed`);
  }
}
