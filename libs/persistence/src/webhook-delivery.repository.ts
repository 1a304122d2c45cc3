import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { returnedRows } from './returned-rows';

/** A delivery the relay holds: what to send, where, signed with which secrets. */
export interface ClaimedDelivery {
  id: string;
  claim: string;
  endpointId: string;
  campaignId: string;
  seq: number;
  payload: Record<string, unknown>;
  url: string;
  /** The current secret, then the previous one during a rotation's grace period. */
  secrets: string[];
  /** Attempts so far, this one included. */
  attempts: number;
}

export interface AttemptOutcome {
  attemptedAt: Date;
  durationMs: number;
  delivered: boolean;
  statusCode?: number;
  error?: string;
}

/** An endpoint disabled for failing, whose managers are to be told. */
export interface DisableNotice {
  endpointId: string;
  url: string;
  description: string | null;
  failingSince: string;
  lastError: string | null;
  organisation: { siren: string; name: string };
  managers: string[];
}

/**
 * A delivery `d` (its endpoint `w`) the relay may send once its time comes: undelivered, its
 * endpoint enabled, and no older delivery of the same campaign to the same endpoint undelivered.
 */
const HEAD_OF_ITS_CAMPAIGN = `d.status <> 'delivered' AND w.enabled
  AND NOT EXISTS (SELECT 1 FROM webhook_delivery o WHERE o.endpoint_id = d.endpoint_id AND o.campaign_id = d.campaign_id
                  AND o.status <> 'delivered' AND o.seq < d.seq)`;

const ms = (value: number) => `make_interval(secs => ${Number(value)}::double precision / 1000)`;

/**
 * The relay's side of the webhook outbox. A delivery is due when its endpoint is enabled, its time
 * has come, and no older delivery of the same campaign to the same endpoint is undelivered: that
 * keeps each campaign in order at each receiver. Claiming one pushes its `next_attempt_at` past
 * the attempt's longest duration (a lease): another relay skips it meanwhile, and takes it up
 * again only if this one died.
 */
export class WebhookDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const claim = randomUUID();
    const rows = returnedRows<{
      id: string;
      endpoint_id: string;
      campaign_id: string;
      seq: number;
      payload: Record<string, unknown>;
      attempts: number;
      url: string;
      secret: string;
      previous_secret: string | null;
    }>(
      await this.dataSource.query(
        `WITH due AS (
           SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id
           WHERE ${HEAD_OF_ITS_CAMPAIGN} AND d.next_attempt_at <= now()
           ORDER BY d.next_attempt_at, d.seq LIMIT $1
           FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_delivery d SET claim = $2, attempts = d.attempts + 1, next_attempt_at = now() + ${ms(leaseMs)}
         FROM due, webhook_endpoint w
         WHERE d.id = due.id AND w.id = d.endpoint_id
         RETURNING d.id, d.endpoint_id, d.campaign_id, d.seq, d.payload, d.attempts, w.url, w.secret,
           CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret`,
        [limit, claim],
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      claim,
      endpointId: r.endpoint_id,
      campaignId: r.campaign_id,
      seq: r.seq,
      payload: r.payload,
      url: r.url,
      secrets: r.previous_secret ? [r.secret, r.previous_secret] : [r.secret],
      attempts: r.attempts,
    }));
  }

  /**
   * Logs the attempt and moves the delivery on: delivered, or failed and due again after `retryMs`.
   * A failure starts or continues the endpoint's failing period; once it has lasted `disableAfterMs`
   * the endpoint is disabled (true is answered by the one call that disabled it). A success ends it.
   */
  async recordAttempt(delivery: ClaimedDelivery, outcome: AttemptOutcome, retryMs: number, disableAfterMs: number): Promise<{ disabled: boolean }> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO webhook_attempt (delivery_id, attempted_at, duration_ms, status_code, error) VALUES ($1, $2, $3, $4, $5)`, [
        delivery.id,
        outcome.attemptedAt,
        outcome.durationMs,
        outcome.statusCode ?? null,
        outcome.error ?? null,
      ]);
      if (outcome.delivered) {
        await m.query(
          `UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(), claim = NULL, last_status_code = $3, last_error = NULL
           WHERE id = $1 AND claim = $2`,
          [delivery.id, delivery.claim, outcome.statusCode ?? null],
        );
        await m.query(`UPDATE webhook_endpoint SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [delivery.endpointId]);
        return { disabled: false };
      }
      await m.query(
        `UPDATE webhook_delivery SET status = 'failed', claim = NULL, last_status_code = $3, last_error = $4, next_attempt_at = now() + ${ms(retryMs)}
         WHERE id = $1 AND claim = $2`,
        [delivery.id, delivery.claim, outcome.statusCode ?? null, outcome.error ?? null],
      );
      const disabled = returnedRows<{ disabled: boolean }>(
        await m.query(
          `UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, $2),
             enabled = enabled AND COALESCE(failing_since, $2) > now() - ${ms(disableAfterMs)},
             disabled_at = CASE WHEN enabled AND COALESCE(failing_since, $2) <= now() - ${ms(disableAfterMs)} THEN now() ELSE disabled_at END,
             disabled_reason = CASE WHEN enabled AND COALESCE(failing_since, $2) <= now() - ${ms(disableAfterMs)}
               THEN 'failing since ' || to_char(COALESCE(failing_since, $2) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ': ' || $3
               ELSE disabled_reason END
           WHERE id = $1
           RETURNING disabled_at = now() AS disabled`,
          [delivery.endpointId, outcome.attemptedAt, outcome.error ?? 'failed'],
        ),
      );
      return { disabled: disabled[0]?.disabled === true };
    });
  }

  /** Gives back a delivery whose attempt was interrupted (the worker stopping): due again at once, the attempt not counted. */
  async release(delivery: ClaimedDelivery): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_delivery SET claim = NULL, attempts = attempts - 1, next_attempt_at = now() WHERE id = $1 AND claim = $2`,
      [delivery.id, delivery.claim],
    );
  }

  /**
   * When the next delivery will be due, to sleep until then; undefined when nothing waits. Only the
   * head of each campaign counts: those behind it wait for it, not for their own time (counting
   * them would wake the relay for nothing, again and again, while a receiver is down).
   */
  async nextDueAt(): Promise<Date | undefined> {
    const [row]: { at: Date | null }[] = await this.dataSource.query(
      `SELECT min(d.next_attempt_at) AS at FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id
       WHERE ${HEAD_OF_ITS_CAMPAIGN}`,
    );
    return row?.at ? new Date(row.at) : undefined;
  }

  /**
   * Tells the managers of one endpoint disabled for failing, once: `send` runs while the endpoint is
   * locked, and it is marked told only if `send` succeeds (otherwise the next call tries again).
   * False when no endpoint waits for its notice.
   */
  async notifyOneDisabled(send: (notice: DisableNotice) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [endpoint]: { id: string; url: string; description: string | null; failing_since: Date; organisation_id: string; siren: string; name: string }[] = await m.query(
        `SELECT w.id, w.url, w.description, w.failing_since, w.organisation_id, o.siren, o.name
         FROM webhook_endpoint w JOIN organisation o ON o.id = w.organisation_id
         WHERE NOT w.enabled AND w.disabled_at IS NOT NULL AND w.disabled_notified_at IS NULL
         ORDER BY w.disabled_at LIMIT 1 FOR UPDATE OF w SKIP LOCKED`,
      );
      if (!endpoint) return false;
      const managers: { email: string }[] = await m.query(
        `SELECT a.email FROM organisation_member m JOIN administrator a ON a.id = m.administrator_id
         WHERE m.organisation_id = $1 AND m.role = 'manager' AND a.disabled_at IS NULL ORDER BY a.email`,
        [endpoint.organisation_id],
      );
      const [last]: { last_error: string | null }[] = await m.query(
        `SELECT last_error FROM webhook_delivery WHERE endpoint_id = $1 AND status = 'failed' ORDER BY next_attempt_at DESC LIMIT 1`,
        [endpoint.id],
      );
      if (managers.length > 0) {
        await send({
          endpointId: endpoint.id,
          url: endpoint.url,
          description: endpoint.description,
          failingSince: new Date(endpoint.failing_since ?? Date.now()).toISOString(),
          lastError: last?.last_error ?? null,
          organisation: { siren: endpoint.siren, name: endpoint.name },
          managers: managers.map((r) => r.email),
        });
      }
      await m.query(`UPDATE webhook_endpoint SET disabled_notified_at = now() WHERE id = $1`, [endpoint.id]);
      return true;
    });
  }
}
