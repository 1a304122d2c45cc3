import { EntityManager } from 'typeorm';

/** Key space of the per-campaign record locks (the migration lock uses a single-key advisory lock). */
export const RECORD_LOCK_SPACE = 7_283_002;

/**
 * Takes the campaign's record lock until the end of the transaction: appends (which read and
 * extend the hash chain), rebuilds and consistency snapshots of one campaign run one at a time.
 */
export async function lockCampaignRecord(manager: EntityManager, campaignId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RECORD_LOCK_SPACE, campaignId]);
}
