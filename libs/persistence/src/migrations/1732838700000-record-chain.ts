import { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH, chainEvents } from '../record-chain';

interface StoredRow {
  id: string;
  campaign_id: string;
  seq: number;
  type: string;
  occurred_at: Date;
  actor: unknown;
  data: unknown;
}

/**
 * The hash chain of the legal record (prev_hash, hash) and the legal follow-up of deliberations in
 * the signatory read model. Events recorded before this migration are chained here, in seq order,
 * as they stand: the chain then attests the record from this point on.
 */
export class RecordChain1732838700000 implements MigrationInterface {
  name = 'RecordChain1732838700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_event ADD COLUMN prev_hash char(64), ADD COLUMN hash char(64)`);
    await q.query(`ALTER TABLE campaign_event DISABLE TRIGGER campaign_event_append_only`);
    const campaigns: { campaign_id: string }[] = await q.query(`SELECT DISTINCT campaign_id FROM campaign_event`);
    for (const { campaign_id: campaignId } of campaigns) {
      const rows: StoredRow[] = await q.query(
        `SELECT id, campaign_id, seq, type, occurred_at, actor, data FROM campaign_event WHERE campaign_id = $1 ORDER BY seq`,
        [campaignId],
      );
      const chained = chainEvents(
        GENESIS_HASH,
        rows.map((r) => ({ ...r, campaignId: r.campaign_id, occurredAt: r.occurred_at })),
      );
      await q.query(
        `UPDATE campaign_event e SET prev_hash = c.prev_hash, hash = c.hash
         FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, prev_hash text, hash text) WHERE e.id = c.id`,
        [JSON.stringify(chained.map((c) => ({ id: c.id, prev_hash: c.prevHash, hash: c.hash })))],
      );
    }
    await q.query(`ALTER TABLE campaign_event ENABLE TRIGGER campaign_event_append_only`);
    await q.query(`
      ALTER TABLE campaign_event
        ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL,
        ADD CONSTRAINT campaign_event_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$')`);
    await q.query(`ALTER TABLE signatory_view ADD COLUMN legal_follow_up jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatory_view DROP COLUMN legal_follow_up`);
    await q.query(`ALTER TABLE campaign_event DROP CONSTRAINT campaign_event_hash_hex, DROP COLUMN hash, DROP COLUMN prev_hash`);
  }
}
