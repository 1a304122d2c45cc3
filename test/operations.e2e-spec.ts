import { adopted, rejected, smallCampaign } from './fixtures/campaigns';
import { OwnDatabase } from './support/own-database';
import { TestApp, eventually, startTestApp } from './support/test-app';
import { ApiMetrics } from '../apps/api/src/metrics/api-metrics.service';

const METRICS_TOKEN = 'metrics-test-token-0123456789';

/** One sample's value from a Prometheus text scrape, 0 when the series is absent. */
function sample(scrape: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = scrape
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? wanted.every((w) => l.includes(w)) : false);
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** Every label value of a scrape. */
function labelValues(scrape: string): string[] {
  return [...scrape.matchAll(/(\w+)="([^"]*)"/g)].map((m) => m[2]);
}

/**
 * What an operator watches: /metrics on the operator's port (the token required), and /health
 * naming what is degraded, since when and with which error, to the operator alone.
 */
describe('metrics and health for an operator', () => {
  // /health tells of the whole database (its outboxes, its stuck records): the other specs' are not this one's.
  const database = new OwnDatabase(`ctg_operations_${process.pid}`);
  let t: TestApp;
  let metricsUrl: string;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const scrape = async () => {
    const answer = await fetch(`${metricsUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(200);
    return answer.text();
  };

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_URL: await database.create(), METRICS_PORT: '0', METRICS_TOKEN, OUTBOX_STALE_SECONDS: '60' });
    metricsUrl = t.app.get(ApiMetrics).url as string;
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('serves /metrics on its own port, to the token only, and not on the API', async () => {
    expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${metricsUrl}/metrics`, { headers: { Authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
    expect((await fetch(`${metricsUrl}/other`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    const onApi = await t.http.get('/metrics');
    expect(onApi.text ?? '').not.toContain('ctg_http_request_duration_seconds');
  });

  it('counts the votes recorded and times each route by its pattern, with no id or token in a label', async () => {
    const body = smallCampaign(4);
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const link = (await t.http.post(`/campaigns/${id}/signatories/commune-2/link`).set(auth()).expect(201)).body.token as string;
    const before = t.workerMetrics.registry;
    const votesBefore = sample(await before.metrics(), 'ctg_votes_recorded_total', { decision: 'adopted' });
    const routeBefore = sample(await scrape(), 'ctg_http_request_duration_seconds_count', {
      route: '/campaigns/:id/signatories/:sid/deliberation',
      status: '200',
    });

    await t.http.put(`/campaigns/${id}/signatories/commune-1/deliberation`).set(auth()).send(adopted()).expect(200);
    await t.http.put(`/campaigns/${id}/signatories/commune-2/deliberation`).set({ Authorization: `Bearer ${link}` }).send(adopted()).expect(200);
    await t.http.put(`/campaigns/${id}/signatories/commune-3/deliberation`).set(auth()).send(rejected()).expect(200);
    // The same vote again is recorded once, and counted once.
    await t.http.put(`/campaigns/${id}/signatories/commune-1/deliberation`).set(auth()).send(adopted()).expect(200);
    await t.http.get(`/campaigns/${id}?token=${link}`).expect(200);

    const worker = await eventually(async () => {
      const text = await t.workerMetrics.registry.metrics();
      expect(sample(text, 'ctg_votes_recorded_total', { decision: 'adopted' }) - votesBefore).toBe(2);
      return text;
    });
    expect(sample(worker, 'ctg_votes_recorded_total', { decision: 'rejected' })).toBeGreaterThanOrEqual(1);
    expect(sample(worker, 'ctg_events_appended_total', { type: 'DeliberationRecorded' })).toBeGreaterThanOrEqual(3);
    expect(sample(worker, 'ctg_append_lag_seconds_count')).toBeGreaterThanOrEqual(3);

    const api = await scrape();
    const route = { route: '/campaigns/:id/signatories/:sid/deliberation', status: '200' };
    expect(sample(api, 'ctg_http_request_duration_seconds_count', route) - routeBefore).toBe(4);
    expect(sample(api, 'ctg_http_request_duration_seconds_count', { route: '/campaigns/:id', status: '200' })).toBeGreaterThanOrEqual(1);
    for (const value of [...labelValues(api), ...labelValues(worker)]) {
      expect(value).not.toContain(id);
      expect(value).not.toContain(link);
      expect(value).not.toContain('commune-');
    }
    expect(sample(api, 'ctg_open_campaigns', { phase: 'deliberating' })).toBeGreaterThanOrEqual(1);
    expect(api).toMatch(/^ctg_projection_lag_events 0$/m);
    for (const outbox of ['reminder', 'notification', 'personal_link', 'webhook']) expect(api).toMatch(new RegExp(`^ctg_outbox_pending_emails\\{outbox="${outbox}"\\} \\d+$`, 'm'));
  });

  it('says SMTP down with its error and since, to the operator only, then up again', async () => {
    await t.http.get('/health').expect(200, { status: 'ok', temporal: 'up', database: 'up', smtp: 'up', documents: 'up', outboxes: 'up', records: { stuck: [] } });
    const port = t.mail.port;
    await t.mail.stop();
    try {
      const down = await eventually(async () => {
        const answer = (await t.http.get('/health').expect(200)).body;
        expect(answer).toMatchObject({ status: 'degraded', smtp: 'down', temporal: 'up', database: 'up' });
        return answer;
      });
      expect(JSON.stringify(down)).not.toMatch(/ECONNREFUSED|lastError"?:"?connect/);
      const details = (await t.http.get('/health/details').set(auth()).expect(200)).body;
      expect(details.components.smtp).toMatchObject({ status: 'down', lastError: expect.stringMatching(/ECONNREFUSED|connect/) });
      expect(Date.parse(details.components.smtp.since)).toBeLessThanOrEqual(Date.now());
      await t.http.get('/health/details').expect(401);
      // The operator's port tells the same, with its token.
      const onPort = (await (await fetch(`${metricsUrl}/health`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).json()) as { components: Record<string, unknown> };
      expect(onPort.components.smtp).toMatchObject({ status: 'down', since: details.components.smtp.since });
    } finally {
      await t.mail.start(port);
    }
    const back = await eventually(async () => {
      const answer = (await t.http.get('/health/details').set(auth()).expect(200)).body;
      expect(answer).toMatchObject({ status: 'ok', smtp: 'up' });
      return answer;
    });
    // Up since its recovery, and the last error kept for whoever looks afterwards.
    expect(back.components.smtp.lastError).toMatch(/ECONNREFUSED|connect/);
  });

  it('keeps readiness (PostgreSQL and Temporal) and liveness (the process) apart', async () => {
    await t.http.get('/health/ready').expect(200, { status: 'ready', temporal: 'up', database: 'up' });
    await t.http.get('/health/live').expect(200, { status: 'live' });
  });

  it('is not ready while its database refuses connections, yet alive, and ready again once it accepts them', async () => {
    await database.refuseConnections();
    try {
      const notReady = await eventually(async () => (await t.http.get('/health/ready').expect(503)).body);
      expect(notReady).toMatchObject({ status: 'unavailable', database: 'down', temporal: 'up', message: 'down: database' });
      await t.http.get('/health/live').expect(200, { status: 'live' });
      expect((await t.http.get('/health').expect(503)).body).toMatchObject({ database: 'down' });
    } finally {
      await database.allowConnections();
    }
    await eventually(() => t.http.get('/health/ready').expect(200, { status: 'ready', temporal: 'up', database: 'up' }));
  });

  it('shows an outbox that does not drain, in /health and in the metrics', async () => {
    const id = `ops-outbox-${Date.now()}`;
    await t.owner.query(
      `INSERT INTO reminder_outbox (campaign_id, signatory_id, number, message_id, recipients, copies, status, created_at)
       VALUES ($1, 'commune-1', 1, $2, '[]', '[]', 'sending', now() - interval '1 hour')`,
      [id, `<${id}@test.example.org>`],
    );
    try {
      expect((await t.http.get('/health').expect(200)).body).toMatchObject({ status: 'degraded', outboxes: 'down' });
      const details = (await t.http.get('/health/details').set(auth()).expect(200)).body;
      expect(details.components.outboxes.lastError).toMatch(/^not draining \(reminder: 1 waiting, the oldest for \d+ s\)$/);
      expect(details.outboxBacklog).toContainEqual({ outbox: 'reminder', pending: 1, oldestSeconds: expect.any(Number) });
      const api = await scrape();
      expect(sample(api, 'ctg_outbox_pending_emails', { outbox: 'reminder' })).toBe(1);
      expect(sample(api, 'ctg_outbox_oldest_pending_seconds', { outbox: 'reminder' })).toBeGreaterThan(3000);
    } finally {
      await t.owner.query(`DELETE FROM reminder_outbox WHERE campaign_id = $1`, [id]);
    }
    expect((await t.http.get('/health').expect(200)).body).toMatchObject({ status: 'ok', outboxes: 'up' });
  });
});
