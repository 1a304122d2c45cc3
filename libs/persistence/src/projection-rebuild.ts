import { DataSource, EntityManager } from 'typeorm';
import { CampaignEvent } from '@ctg/domain';
import { deleteProjection, projectEvents } from './campaign-projection';
import { lockCampaignRecord } from './record-lock';

/** Events projected at once while replaying: the projector loads only what a batch touches. */
const REPLAY_BATCH = 500;

export interface RebuildResult {
  campaigns: number;
  events: number;
  durationMs: number;
}

interface EventRow {
  seq: number;
  id: string;
  type: string;
  occurred_at: Date;
  actor: CampaignEvent['actor'];
  data: unknown;
}

/** A stored row as the domain event it records. */
export function toCampaignEvent(campaignId: string, r: EventRow): CampaignEvent {
  return {
    campaignId,
    seq: r.seq,
    id: r.id,
    type: r.type,
    occurredAt: new Date(r.occurred_at).toISOString(),
    actor: r.actor,
    data: r.data,
  } as CampaignEvent;
}

/** Reads a campaign's events in seq order, batch by batch, within `manager`'s transaction. */
export async function* campaignEvents(manager: EntityManager, campaignId: string, batch = REPLAY_BATCH): AsyncGenerator<CampaignEvent[]> {
  let after = 0;
  for (;;) {
    const rows: EventRow[] = await manager.query(
      `SELECT seq, id, type, occurred_at, actor, data FROM campaign_event
       WHERE campaign_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [campaignId, after, batch],
    );
    if (rows.length > 0) yield rows.map((r) => toCampaignEvent(campaignId, r));
    if (rows.length < batch) return;
    after = rows[rows.length - 1].seq;
  }
}

/** Projects every event of a campaign, from nothing, with the projector the appends use. */
export async function replayCampaign(manager: EntityManager, campaignId: string): Promise<number> {
  let count = 0;
  for await (const events of campaignEvents(manager, campaignId)) {
    await projectEvents(manager, events);
    count += events.length;
  }
  return count;
}

/**
 * Empties the read models (of one campaign, or all of them) and projects them again from the
 * event store, in one transaction under the campaigns' record locks: appends wait; readers see the
 * old rows of a campaign until its new ones are committed (a full rebuild makes them wait).
 */
export async function rebuildProjections(dataSource: DataSource, campaignId?: string): Promise<RebuildResult> {
  const started = Date.now();
  return dataSource.transaction(async (manager) => {
    const ids: string[] = campaignId
      ? [campaignId]
      : (await manager.query(`SELECT DISTINCT campaign_id FROM campaign_event ORDER BY campaign_id`)).map(
          (r: { campaign_id: string }) => r.campaign_id,
        );
    for (const id of ids) await lockCampaignRecord(manager, id);
    if (campaignId) {
      await deleteProjection(manager, campaignId);
    } else {
      await manager.query(`TRUNCATE signatory_view, campaign_view`);
    }
    let events = 0;
    for (const id of ids) events += await replayCampaign(manager, id);
    return { campaigns: ids.length, events, durationMs: Date.now() - started };
  });
}
