import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { webhookSettingsFromEnv } from '@ctg/webhooks';
import { WebhookRelay } from '../apps/worker/src/webhook-relay';
import { adopted, randomSiren, smallCampaign, uniqueId } from './fixtures/campaigns';
import { OwnDatabase } from './support/own-database';
import { TestApp, eventually, startTestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Webhooks (issue 19, part 3): every event of an organisation's campaigns reaches its endpoints,
 * signed per Standard Webhooks, at least once and in order per campaign, through the outbox the
 * append fills; against a real HTTP receiver on loopback that verifies every signature with the
 * `standardwebhooks` library, while it is up, down, slow, failing, redirecting; with the worker's
 * relay retrying on short settings (seconds, not hours).
 */

const SETTINGS = {
  WEBHOOK_TIMEOUT: 'PT1S',
  WEBHOOK_RETRY_FIRST: 'PT0.25S',
  WEBHOOK_RETRY_MAX: 'PT1S',
  WEBHOOK_DISABLE_AFTER: 'PT8S',
  WEBHOOK_ROTATION_GRACE: 'PT1H',
};
const PASSWORD = 'a-long-enough-password';

describe('webhooks', () => {
  // The relay serves every endpoint of its database: on the worker's shared one it would also
  // disable, on these short settings, the endpoints other specs left there, and mail their owners.
  const database = new OwnDatabase(`ctg_webhooks_${process.pid}`);
  let t: TestApp;
  const receivers: WebhookReceiver[] = [];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ ...SETTINGS, DATABASE_URL: await database.create() });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await t?.close();
    await database.drop();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    receivers.push(r);
    await r.start();
    return r;
  }

  /** An organisation of its own with a manager of its own (the demo's administrator manages one organisation only), and an endpoint. */
  async function organisationWithWebhook(to: WebhookReceiver) {
    const siren = randomSiren();
    await t.http.post('/organisations').set(bearer(t.adminToken)).send({ siren, name: `EPCI ${uniqueId('webhooks')}`, kind: 'epci' }).expect(201);
    const email = `${uniqueId('responsable')}@example.org`;
    await t.http.post('/administrators').set(bearer(t.adminToken)).send({ email, password: PASSWORD }).expect(201);
    await t.http.put(`/organisations/${siren}/members/${email}`).set(bearer(t.adminToken)).send({ role: 'manager' }).expect(200);
    const token = (await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200)).body.accessToken as string;
    const created = await t.http.post(`/organisations/${siren}/webhooks`).set(bearer(token)).send({ url: to.url, description: 'Portail de test' }).expect(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    to.secrets = [created.body.secret];
    const path = `/organisations/${siren}/webhooks/${created.body.id}`;
    return { siren, email, token, id: created.body.id as string, path, secret: created.body.secret as string };
  }

  /** A small campaign launched, its conference held and one vote recorded: a handful of events. */
  async function campaignFor(token: string): Promise<string> {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(bearer(token)).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(bearer(token)).send({ heldOn: '2023-06-13' }).expect(200);
    await t.http.put(`/campaigns/${body.id}/signatories/epci/deliberation`).set(bearer(token)).send(adopted()).expect(200);
    return body.id as string;
  }

  const storedSeqs = async (token: string, campaignId: string): Promise<number[]> =>
    (await t.http.get(`/campaigns/${campaignId}/events?limit=1000`).set(bearer(token)).expect(200)).body.events.map((e: { seq: number }) => e.seq);

  /** Every event of the campaign processed by the receiver once, in order, and every delivery delivered. */
  const converged = (r: WebhookReceiver, token: string, campaignId: string, path: string) =>
    eventually(async () => {
      const stored = await storedSeqs(token, campaignId);
      const seen = r.accepted().filter((w) => w.payload.data.campaignId === campaignId).map((w) => w.payload.data.seq);
      expect(seen).toEqual(stored);
      const log = (await t.http.get(`${path}/deliveries?limit=200`).set(bearer(token)).expect(200)).body.deliveries;
      expect(log.filter((d: { campaignId: string }) => d.campaignId === campaignId).map((d: { status: string }) => d.status)).toEqual(stored.map(() => 'delivered'));
      return stored;
    }, 60_000);

  /** The delivery figures of one endpoint, as the relay logged them and the receiver saw them. */
  async function figures(endpointId: string, r: WebhookReceiver) {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS deliveries, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              COALESCE(sum(attempts), 0)::int AS sent
       FROM webhook_delivery WHERE endpoint_id = $1`,
      [endpointId],
    );
    return { events: row.deliveries, sent: row.sent, retried: row.sent - row.deliveries, delivered: row.delivered, duplicates: r.received.filter((w) => w.duplicate).length };
  }
  const summary = (name: string, f: Awaited<ReturnType<typeof figures>>) =>
    console.log(`webhooks ${name}: events ${f.events}, sent ${f.sent}, retried ${f.retried}, delivered ${f.delivered}, duplicates seen by the receiver ${f.duplicates}`);

  it("delivers every event of a campaign in order, signed per Standard Webhooks, once each, with the event's data and no IP", async () => {
    const r = await receiver();
    const w = await organisationWithWebhook(r);
    const campaignId = await campaignFor(w.token);
    const stored = await converged(r, w.token, campaignId, w.path);
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(r.received.every((x) => x.verified)).toBe(true);
    expect(new Set(r.received.map((x) => x.headers['webhook-id'])).size).toBe(r.received.length);
    const launched = r.received[0];
    expect(launched.payload).toMatchObject({ type: 'CampaignLaunched', data: { campaignId, seq: 1, actor: { kind: 'administrator', id: w.email } } });
    const vote = r.received.find((x) => x.payload.type === 'DeliberationRecorded')!;
    expect(vote.payload.data).toMatchObject({ signatoryId: 'epci', deliberation: { decision: 'adopted', number: '2023-045' } });
    for (const x of r.received) expect(x.payload.data.actor).not.toHaveProperty('ip');
    expect(launched.headers['content-type']).toBe('application/json');
    expect(launched.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    console.log(`webhooks one delivery as received: ${JSON.stringify({ headers: pick(vote.headers, ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'user-agent']), body: JSON.parse(vote.body) })}`);
    const f = await figures(w.id, r);
    expect(f).toMatchObject({ events: stored.length, sent: stored.length, retried: 0, delivered: stored.length, duplicates: 0 });
    summary('receiver up', f);
  });

  it('shares the outbox between several relays (one per worker) without sending a delivery twice at once', async () => {
    const second = new WebhookRelay({
      dataSource: t.dataSource,
      settings: webhookSettingsFromEnv(SETTINGS),
      transport: nodemailer.createTransport({ jsonTransport: true }),
      mailFrom: 'ctg@test.example.org',
      publicUrl: 'http://127.0.0.1:3999',
    });
    await second.start();
    try {
      const r = await receiver();
      r.okDelayMs = 200;
      const w = await organisationWithWebhook(r);
      const campaigns = [await campaignFor(w.token), await campaignFor(w.token)];
      for (const campaignId of campaigns) await converged(r, w.token, campaignId, w.path);
      const f = await figures(w.id, r);
      expect(r.overlaps).toBe(0);
      expect(f).toMatchObject({ sent: f.events, retried: 0, duplicates: 0 });
      summary('two relays', f);
    } finally {
      await second.stop();
    }
  });

  it('retries while the receiver is down and delivers everything in order once it is back', async () => {
    const r = await receiver();
    const w = await organisationWithWebhook(r);
    await r.stop();
    const campaignId = await campaignFor(w.token);
    // Down: the first delivery fails at least twice (connection refused), and nothing after it is sent.
    await eventually(async () => {
      const [first] = (await t.http.get(`${w.path}/deliveries?limit=200`).set(bearer(w.token)).expect(200)).body.deliveries.slice(-1);
      expect(first).toMatchObject({ seq: 1, status: 'failed', lastError: expect.stringMatching(/ECONNREFUSED/) });
      expect(first.attempts).toBeGreaterThanOrEqual(2);
      expect(first.log[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/ECONNREFUSED/) });
    });
    await r.start();
    const stored = await converged(r, w.token, campaignId, w.path);
    const f = await figures(w.id, r);
    expect(f.retried).toBeGreaterThanOrEqual(2);
    expect(f.delivered).toBe(stored.length);
    summary('receiver down, then up', f);
  });

  it('retries a receiver that answers too late or with a 500, losing nothing; a late answer may bring a duplicate, which converges', async () => {
    const r = await receiver();
    r.script.push('slow', 'error', 'slow', 'error', 'error');
    const w = await organisationWithWebhook(r);
    const campaignId = await campaignFor(w.token);
    const stored = await converged(r, w.token, campaignId, w.path);
    const f = await figures(w.id, r);
    expect(f.retried).toBe(5);
    expect(f.sent).toBe(stored.length + 5);
    // Each slow answer was processed by the receiver and then sent again: a duplicate it recognises by its webhook-id.
    expect(f.duplicates).toBe(2);
    const first = (await t.http.get(`${w.path}/deliveries?limit=200`).set(bearer(w.token)).expect(200)).body.deliveries.slice(-1)[0];
    expect(first.log.map((a: { error: string | null }) => a.error)).toEqual([null, 'HTTP 500', 'HTTP 500', 'timed out after 1 s', 'HTTP 500', 'timed out after 1 s']);
    // The backoff: the waits between failed attempts grow.
    const times = [...first.log].reverse().map((a: { attemptedAt: string; durationMs: number }) => Date.parse(a.attemptedAt) + a.durationMs);
    const starts = [...first.log].reverse().map((a: { attemptedAt: string }) => Date.parse(a.attemptedAt));
    const waits = starts.slice(1).map((s, i) => s - times[i]);
    expect(waits[2]).toBeGreaterThan(waits[0]);
    summary('receiver slow and failing', f);
  });

  it('disables an endpoint failing for WEBHOOK_DISABLE_AFTER, e-mails its managers once, and drains in order once re-enabled', async () => {
    const r = await receiver();
    r.script.push(...Array<'error'>(1000).fill('error'));
    const w = await organisationWithWebhook(r);
    const campaignId = await campaignFor(w.token);
    const disabled = await eventually(async () => {
      const [endpoint] = (await t.http.get(`/organisations/${w.siren}/webhooks`).set(bearer(w.token)).expect(200)).body.webhooks;
      expect(endpoint).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^failing since .*: HTTP 500$/) });
      return endpoint;
    }, 30_000);
    expect(disabled.pending).toBeGreaterThan(0);
    const notice = await eventually(() => {
      const mails = t.mail.mails.filter((m) => m.subject.startsWith('Webhook désactivé'));
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(notice.to).toEqual([w.email]);
    expect(notice.text).toContain(r.url);
    expect(notice.text).toContain('/mes-organisations');
    // While disabled, the campaign goes on: its new events wait with the others.
    const attemptsWhenDisabled = r.received.length;
    await t.http.put(`/campaigns/${campaignId}/signatories/commune-1/deliberation`).set(bearer(w.token)).send(adopted()).expect(200);
    r.script.length = 0;
    await t.http.post(`${w.path}/enable`).set(bearer(w.token)).expect(200);
    const stored = await converged(r, w.token, campaignId, w.path);
    expect(r.accepted().map((x) => x.payload.data.seq)).toEqual(stored);
    expect(r.received.slice(attemptsWhenDisabled).every((x) => x.behaviour === 'ok')).toBe(true);
    expect(t.mail.mails.filter((m) => m.subject.startsWith('Webhook désactivé'))).toHaveLength(1);
    const [endpoint] = (await t.http.get(`/organisations/${w.siren}/webhooks`).set(bearer(w.token)).expect(200)).body.webhooks;
    expect(endpoint).toMatchObject({ enabled: true, disabledAt: null, failingSince: null, pending: 0 });
    summary('disabled, then re-enabled', await figures(w.id, r));
  });

  it('signs with both secrets during a rotation: a receiver holding only the old one or only the new one verifies', async () => {
    const r = await receiver();
    const w = await organisationWithWebhook(r);
    const rotated = await t.http.post(`${w.path}/rotate-secret`).set(bearer(w.token)).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(w.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
    r.secrets = [rotated.body.secret];
    const campaignId = await campaignFor(w.token);
    await converged(r, w.token, campaignId, w.path);
    for (const x of r.received) {
      expect(String(x.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(() => new Webhook(w.secret).verify(x.body, x.headers as Record<string, string>)).not.toThrow();
      expect(() => new Webhook(rotated.body.secret).verify(x.body, x.headers as Record<string, string>)).not.toThrow();
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(x.body, x.headers as Record<string, string>)).toThrow();
    }
    // The secret is never shown again.
    const listed = (await t.http.get(`/organisations/${w.siren}/webhooks`).set(bearer(w.token)).expect(200)).body.webhooks;
    expect(JSON.stringify(listed)).not.toContain('whsec_');
  });

  it('redelivers on demand with the same webhook-id, so the receiver can tell', async () => {
    const r = await receiver();
    const w = await organisationWithWebhook(r);
    const campaignId = await campaignFor(w.token);
    await converged(r, w.token, campaignId, w.path);
    const deliveries = (await t.http.get(`${w.path}/deliveries`).set(bearer(w.token)).expect(200)).body.deliveries;
    const oldest = deliveries[deliveries.length - 1];
    const before = r.received.length;
    await t.http.post(`${w.path}/deliveries/${oldest.id}/redeliver`).set(bearer(w.token)).expect(202, { id: oldest.id, status: 'pending' });
    const again = await eventually(() => {
      expect(r.received.length).toBe(before + 1);
      return r.received[before];
    });
    expect(again).toMatchObject({ verified: true, duplicate: true, payload: { data: { seq: oldest.seq } } });
    expect(again.headers['webhook-id']).toBe(r.received.find((x) => x.payload.data.seq === oldest.seq)!.headers['webhook-id']);
    await eventually(async () => {
      const log = (await t.http.get(`${w.path}/deliveries`).set(bearer(w.token)).expect(200)).body.deliveries;
      expect(log.find((d: { id: string }) => d.id === oldest.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    });
    expect((await t.http.post(`${w.path}/deliveries/${w.id}/redeliver`).set(bearer(w.token))).status).toBe(404);
  });

  it('refuses a redirect: the attempt fails « redirect refused » and nothing follows the Location', async () => {
    const r = await receiver();
    r.script.push('redirect');
    const w = await organisationWithWebhook(r);
    const campaignId = await campaignFor(w.token);
    await converged(r, w.token, campaignId, w.path);
    const first = (await t.http.get(`${w.path}/deliveries?limit=200`).set(bearer(w.token)).expect(200)).body.deliveries.slice(-1)[0];
    expect(first.log[1]).toMatchObject({ statusCode: 302, error: expect.stringMatching(/^redirect refused/) });
    expect(r.followed).toEqual([]);
  });

  it('refuses a URL that is not HTTPS outside loopback, carries credentials, or is malformed, naming the field and changing nothing', async () => {
    const r = await receiver();
    const w = await organisationWithWebhook(r);
    const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_endpoint`))[0].n;
    const before = await count();
    const cases: [object, number, string, RegExp][] = [
      [{ url: 'http://portail.example.org/hooks' }, 422, 'url', /https/],
      [{ url: 'https://user:secret@portail.example.org/hooks' }, 422, 'url', /user or a password/],
      [{ url: 'ftp://portail.example.org/hooks' }, 422, 'url', /https/],
      [{ url: 'portail.example.org' }, 422, 'url', /absolute URL/],
      [{ url: `https://portail.example.org/${'a'.repeat(2001)}` }, 400, 'url', /2000/],
      [{ url: 42 }, 400, 'url', /string/],
      [{}, 400, 'url', /string/],
      [{ url: 'https://portail.example.org/hooks', description: 'x'.repeat(201) }, 400, 'description', /200/],
      [{ url: 'https://portail.example.org/hooks', secret: 'whsec_mine' }, 400, 'secret', /should not exist/],
      [{ url: 'https://portail.example.org/hooks', description: 'Portail\u0007' }, 400, 'description', /control character/],
      [{ url: 'https://portail.example.org/ho\nks' }, 422, 'url', /line breaks/],
    ];
    for (const [body, status, field, message] of cases) {
      const started = Date.now();
      const answer = await t.http.post(`/organisations/${w.siren}/webhooks`).set(bearer(w.token)).send(body);
      expect(Date.now() - started).toBeLessThan(1000);
      expect({ body, status: answer.status }).toEqual({ body, status });
      expect(answer.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
    }
    expect((await t.http.post(`/organisations/${w.siren}/webhooks/not-a-uuid/enable`).set(bearer(w.token))).body.fields).toEqual([{ field: 'webhookId', message: 'must be a UUID' }]);
    expect(await count()).toBe(before);
  });
});

function pick(headers: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((n) => [n, headers[n]]));
}
