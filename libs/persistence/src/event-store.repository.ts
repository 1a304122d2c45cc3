import { DataSource } from 'typeorm';
import { CampaignEvent } from '../../domain/src';
import { projectEvents } from './campaign-projection';

export interface StoredEvent {
  seq: number;
  type: string;
  occurredAt: string;
  actor: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** The append-only event store and the one door to it. */
export class EventStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the events and projects those that were new, in one transaction. An event already
   * stored (a retried activity) is skipped, so a retry neither duplicates nor re-projects it.
   */
  async append(campaignId: string, events: CampaignEvent[]): Promise<number> {
    if (events.some((e) => e.campaignId !== campaignId)) throw new Error('events of another campaign in the batch');
    return this.dataSource.transaction(async (manager) => {
      const inserted: { seq: number }[] = await manager.query(
        `INSERT INTO campaign_event (id, campaign_id, seq, type, data, actor, occurred_at)
         SELECT e.id, e.campaign_id, e.seq, e.type, e.data, e.actor, e.occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, campaign_id text, seq int, type text, data jsonb,
           actor jsonb, occurred_at timestamptz)
         ON CONFLICT DO NOTHING
         RETURNING seq`,
        [
          JSON.stringify(
            events.map((e) => ({
              id: e.id,
              campaign_id: e.campaignId,
              seq: e.seq,
              type: e.type,
              data: e.data,
              actor: e.actor,
              occurred_at: e.occurredAt,
            })),
          ),
        ],
      );
      const fresh = new Set(inserted.map((r) => r.seq));
      await projectEvents(
        manager,
        events.filter((e) => fresh.has(e.seq)),
      );
      return fresh.size;
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

  async count(campaignId?: string): Promise<number> {
    const rows = campaignId
      ? await this.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE campaign_id = $1`, [campaignId])
      : await this.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event`);
    return rows[0].n;
  }
}
