import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: an organisation's HTTPS endpoints, and the outbox of what each must receive.
 *
 * - `webhook_endpoint`: the URL, its signing secret and, during a rotation, the previous one until
 *   `previous_secret_expires_at`; `failing_since` is the first failure after the last success, from
 *   which the relay counts towards disabling it; `disabled_notified_at` says the managers were told.
 * - `webhook_delivery`: one row per event of a campaign the organisation holds, per endpoint,
 *   written in the append's own transaction (the delivery exists iff the event does); unique
 *   (endpoint, campaign, seq), so a retried append adds nothing. `claim` and `next_attempt_at` are
 *   the lease of the relay sending it: another relay skips it until the lease runs out.
 * - `webhook_attempt`: one row per HTTP attempt, the delivery log.
 *
 * The secrets are kept in clear: the relay signs with them (HMAC needs the key itself).
 */
export class Webhooks1732840200000 implements MigrationInterface {
  name = 'Webhooks1732840200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        url varchar(2000) NOT NULL,
        description varchar(200),
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_at timestamptz,
        disabled_reason text,
        disabled_notified_at timestamptz,
        failing_since timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_endpoint_by_organisation ON webhook_endpoint (organisation_id)`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
        campaign_id varchar(80) NOT NULL,
        seq integer NOT NULL,
        event_type varchar(60) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claim uuid,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (endpoint_id, campaign_id, seq)
      )`);
    // What the relay reads: the undelivered deliveries, by endpoint and campaign in seq order.
    await q.query(`CREATE INDEX webhook_delivery_undelivered ON webhook_delivery (endpoint_id, campaign_id, seq) WHERE status <> 'delivered'`);
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status <> 'delivered'`);
    await q.query(`CREATE INDEX webhook_delivery_log ON webhook_delivery (endpoint_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE webhook_attempt (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text
      )`);
    await q.query(`CREATE INDEX webhook_attempt_by_delivery ON webhook_attempt (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempt`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_endpoint`);
  }
}
