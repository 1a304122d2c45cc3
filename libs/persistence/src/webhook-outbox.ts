import { EntityManager } from 'typeorm';
import { CampaignEvent } from '@ctg/domain';
import { webhookPayload } from '@ctg/webhooks';

/** The channel on which a change that makes a delivery due at once (re-enabling, a redelivery) wakes the relays. */
export const WEBHOOK_DUE_CHANNEL = 'webhook_due';

/**
 * Called inside the append's transaction, with the events it stores: one delivery of each to every
 * endpoint of every organisation holding the campaign, so a delivery exists iff its event does. A
 * disabled endpoint gets its deliveries too: they wait, and go out in order once it is re-enabled,
 * so a receiver that was away misses nothing. A retried append inserts nothing twice.
 */
export async function enqueueWebhookDeliveries(manager: EntityManager, campaignId: string, events: CampaignEvent[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `INSERT INTO webhook_delivery (endpoint_id, campaign_id, seq, event_type, payload)
     SELECT w.id, c.campaign_id, e.seq, e.type, e.payload
     FROM campaign_organisation c
     JOIN webhook_endpoint w ON w.organisation_id = c.organisation_id
     CROSS JOIN jsonb_to_recordset($2::jsonb) AS e(seq int, type text, payload jsonb)
     WHERE c.campaign_id = $1
     ON CONFLICT (endpoint_id, campaign_id, seq) DO NOTHING`,
    [campaignId, JSON.stringify(events.map((e) => ({ seq: e.seq, type: e.type, payload: webhookPayload(e) })))],
  );
}

/** Wakes the relays at commit (inside the caller's transaction, or at once outside one). */
export async function announceWebhookDue(manager: Pick<EntityManager, 'query'>): Promise<void> {
  await manager.query(`SELECT pg_notify($1, '')`, [WEBHOOK_DUE_CHANNEL]);
}
