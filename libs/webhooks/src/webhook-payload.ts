/** An event of the record as the outbox takes it. */
export interface WebhookEventSource {
  campaignId: string;
  seq: number;
  type: string;
  occurredAt: string;
  actor: { kind: string; id: string; ip?: string; name?: string };
  data: object;
}

export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { campaignId: string; seq: number; occurredAt: string; actor: { kind: string; id: string; name?: string } };
}

/**
 * The body of a webhook (Standard Webhooks: `type`, `timestamp`, `data`): the event as the
 * campaign's administrators read it, without the actor's IP address, which is the record's (for
 * the audit) and no receiver's business. The record holds no token, code or hash of one: those
 * are kept apart from it.
 */
export function webhookPayload(event: WebhookEventSource): WebhookPayload {
  const { kind, id, name } = event.actor;
  return {
    type: event.type,
    timestamp: event.occurredAt,
    data: {
      ...(event.data as Record<string, unknown>),
      campaignId: event.campaignId,
      seq: event.seq,
      occurredAt: event.occurredAt,
      actor: name === undefined ? { kind, id } : { kind, id, name },
    },
  };
}
