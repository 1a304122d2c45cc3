import { DataSource } from 'typeorm';
import { returnedRows } from './returned-rows';
import { announceWebhookDue } from './webhook-outbox';

/** An endpoint as its organisation's managers see it: never its secret, which is shown once. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  /** Until when the previous secret still signs, after a rotation. */
  previousSecretExpiresAt: string | null;
  /** Deliveries not delivered yet. */
  pending: number;
  createdBy: string;
  createdAt: string;
}

export interface WebhookAttemptView {
  attemptedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/** One line of an endpoint's delivery log. */
export interface WebhookDeliveryView {
  id: string;
  campaignId: string;
  seq: number;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  /** The latest attempts, newest first (ten at most). */
  log: WebhookAttemptView[];
}

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

const ENDPOINT_COLUMNS = `w.id, w.url, w.description, w.enabled, w.disabled_at, w.disabled_reason, w.failing_since,
  CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret_expires_at END AS previous_secret_expires_at,
  w.created_by, w.created_at,
  (SELECT count(*)::int FROM webhook_delivery d WHERE d.endpoint_id = w.id AND d.status <> 'delivered') AS pending`;

interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  previous_secret_expires_at: Date | null;
  created_by: string;
  created_at: Date;
  pending: number;
}

function endpointView(r: EndpointRow): WebhookEndpointView {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    enabled: r.enabled,
    disabledAt: iso(r.disabled_at),
    disabledReason: r.disabled_reason,
    failingSince: iso(r.failing_since),
    previousSecretExpiresAt: iso(r.previous_secret_expires_at),
    pending: r.pending ?? 0,
    createdBy: r.created_by,
    createdAt: iso(r.created_at) as string,
  };
}

/** An organisation's webhook endpoints and their delivery logs, as the API manages them. */
export class WebhookEndpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(organisationId: string, url: string, description: string | null, secret: string, createdBy: string): Promise<WebhookEndpointView> {
    const [row]: EndpointRow[] = await this.dataSource.query(
      `INSERT INTO webhook_endpoint AS w (organisation_id, url, description, secret, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${ENDPOINT_COLUMNS}`,
      [organisationId, url, description, secret, createdBy],
    );
    return endpointView(row);
  }

  async list(organisationId: string): Promise<WebhookEndpointView[]> {
    const rows: EndpointRow[] = await this.dataSource.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint w WHERE w.organisation_id = $1 ORDER BY w.created_at, w.id`,
      [organisationId],
    );
    return rows.map(endpointView);
  }

  async get(organisationId: string, id: string): Promise<WebhookEndpointView | undefined> {
    const rows: EndpointRow[] = await this.dataSource.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint w WHERE w.organisation_id = $1 AND w.id = $2`,
      [organisationId, id],
    );
    return rows[0] && endpointView(rows[0]);
  }

  /** Deletes the endpoint and its deliveries; false when the organisation has no such endpoint. */
  async remove(organisationId: string, id: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(`DELETE FROM webhook_endpoint WHERE organisation_id = $1 AND id = $2 RETURNING id`, [organisationId, id]),
    );
    return rows.length > 0;
  }

  /** A new secret; the current one becomes the previous, which still signs for `graceMs`. */
  async rotate(organisationId: string, id: string, secret: string, graceMs: number): Promise<WebhookEndpointView | undefined> {
    const rows = returnedRows<EndpointRow>(
      await this.dataSource.query(
        `UPDATE webhook_endpoint w SET previous_secret = w.secret, secret = $3,
           previous_secret_expires_at = now() + make_interval(secs => $4::double precision / 1000)
         WHERE w.organisation_id = $1 AND w.id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
        [organisationId, id, secret, graceMs],
      ),
    );
    return rows[0] && endpointView(rows[0]);
  }

  /** Enables it again: its waiting deliveries go out at once, in order, and its failure count starts afresh. */
  async enable(organisationId: string, id: string): Promise<WebhookEndpointView | undefined> {
    return this.dataSource.transaction(async (m) => {
      const rows = returnedRows<{ id: string }>(
        await m.query(
          `UPDATE webhook_endpoint SET enabled = true, disabled_at = NULL, disabled_reason = NULL, disabled_notified_at = NULL, failing_since = NULL
           WHERE organisation_id = $1 AND id = $2 RETURNING id`,
          [organisationId, id],
        ),
      );
      if (rows.length === 0) return undefined;
      await m.query(
        `UPDATE webhook_delivery SET next_attempt_at = now()
         WHERE endpoint_id = $1 AND status <> 'delivered' AND (claim IS NULL OR next_attempt_at <= now())`,
        [id],
      );
      await announceWebhookDue(m);
      const [row]: EndpointRow[] = await m.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint w WHERE w.id = $1`, [id]);
      return endpointView(row);
    });
  }

  /** The endpoint's deliveries, newest first, each with its latest attempts. */
  async deliveries(endpointId: string, limit: number): Promise<WebhookDeliveryView[]> {
    const rows: {
      id: string;
      campaign_id: string;
      seq: number;
      event_type: string;
      status: WebhookDeliveryView['status'];
      attempts: number;
      next_attempt_at: Date;
      last_status_code: number | null;
      last_error: string | null;
      delivered_at: Date | null;
      created_at: Date;
      log: { attempted_at: string; duration_ms: number; status_code: number | null; error: string | null }[];
    }[] = await this.dataSource.query(
      `SELECT d.id, d.campaign_id, d.seq, d.event_type, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error,
              d.delivered_at, d.created_at,
              COALESCE((SELECT json_agg(a ORDER BY a.id DESC) FROM (
                SELECT id, attempted_at, duration_ms, status_code, error FROM webhook_attempt
                WHERE delivery_id = d.id ORDER BY id DESC LIMIT 10) a), '[]') AS log
       FROM webhook_delivery d WHERE d.endpoint_id = $1
       ORDER BY d.created_at DESC, d.campaign_id, d.seq DESC LIMIT $2`,
      [endpointId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      seq: r.seq,
      type: r.event_type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'delivered' ? null : iso(r.next_attempt_at),
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      deliveredAt: iso(r.delivered_at),
      createdAt: iso(r.created_at) as string,
      log: r.log.map((a) => ({ attemptedAt: new Date(a.attempted_at).toISOString(), durationMs: a.duration_ms, statusCode: a.status_code, error: a.error })),
    }));
  }

  /**
   * Sends the delivery again, delivered or not, as soon as it is the oldest undelivered one of its
   * campaign for the endpoint; false when the endpoint has no such delivery. One in flight is left
   * to finish: its result stands.
   */
  async redeliver(endpointId: string, deliveryId: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows = returnedRows<{ id: string }>(
        await m.query(
          `UPDATE webhook_delivery SET status = CASE WHEN status = 'delivered' THEN 'pending' ELSE status END,
             next_attempt_at = CASE WHEN claim IS NULL OR next_attempt_at <= now() THEN now() ELSE next_attempt_at END
           WHERE endpoint_id = $1 AND id = $2 RETURNING id`,
          [endpointId, deliveryId],
        ),
      );
      if (rows.length > 0) await announceWebhookDue(m);
      return rows.length > 0;
    });
  }
}
