import { DataSource, EntityManager } from 'typeorm';
import { CampaignEvent } from '@ctg/domain';
import { CampaignNotifications } from './campaign-notifications';
import { projectEvents } from './campaign-projection';
import { announceProjected } from './projection-notices';
import { GENESIS_HASH, chainEvents } from './record-chain';
import { lockCampaignRecord } from './record-lock';
import { enqueueWebhookDeliveries } from './webhook-outbox';

export interface StoredEvent {
  seq: number;
  type: string;
  occurredAt: string;
  actor: Record<string, unknown>;
  data: Record<string, unknown>;
}

/**
 * A seq of the campaign is already recorded as another event: the batch comes from a second
 * workflow run numbering from 1 again (or a reset one), never from a retry. Retrying cannot help.
 */
export class RecordConflictError extends Error {
  override readonly name = 'RecordConflictError';
}

/** The append-only event store and the one door to it. */
export class EventStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the events and projects those that were new, in one transaction. An event already
   * stored as it is (a retried activity) is skipped, so a retry neither duplicates nor re-projects
   * it; one whose seq is stored as another event, or under its id with other content, is refused
   * with a RecordConflictError, and nothing of the batch is written. New events extend the campaign's
   * hash chain under the campaign's record lock, so concurrent appends for one campaign run one
   * after the other and neither fork nor break the chain; an event whose predecessor is not stored
   * yet is refused (the activity retries). The notifications the new events call for are written
   * in the same transaction.
   */
  async append(campaignId: string, events: CampaignEvent[]): Promise<number> {
    if (events.some((e) => e.campaignId !== campaignId)) throw new Error('events of another campaign in the batch');
    return this.dataSource.transaction(async (manager) => {
      await lockCampaignRecord(manager, campaignId);
      const [last]: { seq: number; hash: string }[] = await manager.query(
        `SELECT seq, hash FROM campaign_event WHERE campaign_id = $1 ORDER BY seq DESC LIMIT 1`,
        [campaignId],
      );
      await refuseOtherEventsAtStoredSeqs(manager, campaignId, events.filter((e) => e.seq <= (last?.seq ?? 0)));
      const fresh = eventsAfter(campaignId, last?.seq ?? 0, events);
      const chained = chainEvents(last?.hash ?? GENESIS_HASH, fresh);
      const inserted: { seq: number }[] = await manager.query(
        `INSERT INTO campaign_event (id, campaign_id, seq, type, data, actor, occurred_at, prev_hash, hash)
         SELECT e.id, e.campaign_id, e.seq, e.type, e.data, e.actor, e.occurred_at, e.prev_hash, e.hash
         FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, campaign_id text, seq int, type text, data jsonb,
           actor jsonb, occurred_at timestamptz, prev_hash text, hash text)
         ON CONFLICT DO NOTHING
         RETURNING seq`,
        [
          JSON.stringify(
            chained.map((e) => ({
              id: e.id,
              campaign_id: e.campaignId,
              seq: e.seq,
              type: e.type,
              data: e.data,
              actor: e.actor,
              occurred_at: e.occurredAt,
              prev_hash: e.prevHash,
              hash: e.hash,
            })),
          ),
        ],
      );
      if (inserted.length !== chained.length) {
        throw new Error(`campaign ${campaignId}: an event id of seq ${fresh[0]?.seq}..${fresh[fresh.length - 1]?.seq} is already stored elsewhere`);
      }
      const notifications = await CampaignNotifications.before(manager, campaignId, fresh);
      await projectEvents(manager, fresh);
      await notifications.after(campaignId);
      await enqueueWebhookDeliveries(manager, campaignId, fresh);
      if (fresh.length > 0) await announceProjected(manager, campaignId, fresh[fresh.length - 1].seq);
      return fresh.length;
    });
  }

  async list(campaignId: string, after = 0, limit = 1000): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query(
      `SELECT seq, type, occurred_at, actor, data FROM campaign_event
       WHERE campaign_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [campaignId, after, limit],
    );
    return rows.map((r: { seq: number; type: string; occurred_at: Date; actor: Record<string, unknown>; data: Record<string, unknown> }) => ({
      seq: r.seq,
      type: r.type,
      occurredAt: new Date(r.occurred_at).toISOString(),
      actor: r.actor,
      data: r.data,
    }));
  }
}

/**
 * An event at a stored seq must be the stored event itself (a retried append), in every field: an
 * id alone is not enough, since a workflow run that decides again after a lost workflow task draws
 * the same ids for other events.
 */
async function refuseOtherEventsAtStoredSeqs(manager: EntityManager, campaignId: string, events: CampaignEvent[]): Promise<void> {
  if (events.length === 0) return;
  const differing: { seq: number; stored_id: string; stored_type: string; id: string; type: string }[] = await manager.query(
    `SELECT s.seq, s.id AS stored_id, s.type AS stored_type, e.id, e.type
     FROM jsonb_to_recordset($2::jsonb) AS e(id uuid, seq int, type text, data jsonb, actor jsonb, occurred_at timestamptz)
     LEFT JOIN campaign_event s ON s.campaign_id = $1 AND s.seq = e.seq
     WHERE s.id IS DISTINCT FROM e.id OR s.type <> e.type OR s.data <> e.data OR s.actor <> e.actor OR s.occurred_at <> e.occurred_at
     ORDER BY e.seq LIMIT 1`,
    [campaignId, JSON.stringify(events.map((e) => ({ id: e.id, seq: e.seq, type: e.type, data: e.data, actor: e.actor, occurred_at: e.occurredAt })))],
  );
  const [other] = differing;
  if (other) {
    throw new RecordConflictError(
      `campaign ${campaignId}: seq ${other.seq} is already recorded as event ${other.stored_id} (${other.stored_type}), not ${other.id} (${other.type}); ` +
        'the record is never rewritten: is a second workflow run writing to this campaign, or one that decided again after a lost workflow task?',
    );
  }
}

/** The events after `lastSeq`, in order, each one following the previous without a gap. */
function eventsAfter(campaignId: string, lastSeq: number, events: CampaignEvent[]): CampaignEvent[] {
  const bySeq = new Map<number, CampaignEvent>();
  for (const event of events) if (event.seq > lastSeq && !bySeq.has(event.seq)) bySeq.set(event.seq, event);
  const fresh = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  fresh.forEach((event, i) => {
    if (event.seq !== lastSeq + 1 + i) {
      throw new Error(`campaign ${campaignId}: event seq ${event.seq} cannot be appended before seq ${lastSeq + 1 + i} is recorded`);
    }
  });
  return fresh;
}
