import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { createDataSource } from '@ctg/persistence';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';
import { accessibilityViolations } from './support/accessibility';
import { buildWebInterface, launchChromium } from './support/web-browser';

/**
 * An event PostgreSQL refuses to store (here a trigger installed by the database's owner, as a
 * value `jsonb` cannot hold or a broken constraint would) jams the campaign's record: nothing after
 * it is stored. The campaign says so, to anyone watching health and to its administrators, and the
 * record catches up, losing nothing, once the cause is gone.
 */
describe('a campaign whose record PostgreSQL refuses', () => {
  let t: TestApp;
  let owner: DataSource;
  let browser: Browser;
  let base: string;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const REFUSAL = 'refused for the test: this event cannot be stored';

  beforeAll(async () => {
    t = await startTestApp({ PROJECTION_WAIT_MS: '300' });
    // The application role may not add triggers to the record; the owner may.
    owner = createDataSource(process.env.TEST_DATABASE_URL as string, 2);
    await owner.initialize();
    buildWebInterface();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await owner?.destroy();
    await t?.close();
  });

  /** From now on, PostgreSQL refuses every vote of this campaign. */
  async function refuseVotesOf(campaignId: string): Promise<() => Promise<void>> {
    const name = `refuse_${campaignId.replace(/\W/g, '_')}`;
    await owner.query(`
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.campaign_id = '${campaignId}' AND NEW.type = 'DeliberationRecorded' THEN RAISE EXCEPTION '${REFUSAL}'; END IF;
        RETURN NEW;
      END $$`);
    await owner.query(`CREATE TRIGGER ${name} BEFORE INSERT ON campaign_event FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await owner.query(`DROP TRIGGER ${name} ON campaign_event`);
      await owner.query(`DROP FUNCTION ${name}()`);
    };
  }

  /** The alert an administrator reads on the campaign's page, and what axe-core finds on the pages on the way. */
  async function pageAlert(campaignId: string): Promise<{ alert: string; accessibility: string[] }> {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      const accessibility = (await accessibilityViolations(page)).map((v) => `login: ${v}`);
      await page.getByLabel('Adresse électronique').fill(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL);
      await page.getByLabel('Mot de passe').fill(DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL('**/campagnes');
      await page.goto(`${base}/campagnes/${campaignId}`);
      const alert = page.getByRole('alert').filter({ hasText: 'Le registre de la campagne est bloqué' });
      await alert.waitFor();
      accessibility.push(...(await accessibilityViolations(page)).map((v) => `campaign: ${v}`));
      return { alert: (await alert.textContent()) ?? '', accessibility };
    } finally {
      await context.close();
    }
  }

  const statusOf = async (campaignId: string, signatoryId: string) =>
    (await t.http.get(`/campaigns/${campaignId}/signatories`).set(auth()).expect(200)).body.signatories.find((s: { id: string }) => s.id === signatoryId)
      .status;

  it('names the stuck campaign in health and on its page, then catches up and clears once the cause is removed', async () => {
    const body = smallCampaign(3);
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await eventually(async () => expect((await t.http.get(`/campaigns/${id}`).set(auth())).status).toBe(200));
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const launched = await eventually(async () => {
      const campaign = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
      expect(campaign.phase).toBe('deliberating');
      return campaign;
    });
    expect(launched.recordFault ?? null).toBeNull();
    expect((await t.http.get('/health').expect(200)).body.status).toBe('ok');

    const allowVotes = await refuseVotesOf(id);
    let allowed = false;
    try {
      // Temporal accepts the vote; PostgreSQL refuses its event, so the read model never shows it.
      await t.http.put(`/campaigns/${id}/signatories/commune-1/deliberation`).set(auth()).send(adopted()).expect(200);

      const health = await eventually(async () => {
        const answer = await t.http.get('/health').expect(200);
        expect(answer.body.status).toBe('degraded');
        return answer.body;
      });
      expect(health).toMatchObject({ temporal: 'up', database: 'up' });
      expect(health.records.stuck).toEqual([
        { campaignId: id, since: expect.any(String), lastError: expect.stringContaining(REFUSAL), attempts: expect.any(Number) },
      ]);

      const campaign = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
      expect(campaign.recordFault).toEqual({ since: health.records.stuck[0].since, lastError: expect.stringContaining(REFUSAL), attempts: expect.any(Number) });
      const { alert, accessibility } = await pageAlert(id);
      expect(accessibility).toEqual([]);
      expect(alert).toContain('La base de données refuse d’enregistrer les derniers événements');
      expect(alert).toContain(REFUSAL);
      // The append goes on retrying, and says so each time.
      await eventually(async () =>
        expect((await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body.recordFault.attempts).toBeGreaterThan(campaign.recordFault.attempts),
      );

      // A later vote, accepted while the record is stuck, waits behind the refused one.
      await t.http.put(`/campaigns/${id}/signatories/commune-2/deliberation`).set(auth()).send(adopted({ number: '2023-046' })).expect(200);
      expect(await statusOf(id, 'commune-1')).toBe('pending');
      expect(await statusOf(id, 'commune-2')).toBe('pending');

      await allowVotes();
      allowed = true;
    } finally {
      if (!allowed) await allowVotes();
    }

    // The operator removed the cause: the record catches up (the append retries at least every 20 s).
    await eventually(async () => {
      expect(await statusOf(id, 'commune-1')).toBe('adopted');
      expect(await statusOf(id, 'commune-2')).toBe('adopted');
    }, 60_000);
    await eventually(async () => expect((await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body.recordFault).toBeNull());
    expect((await t.http.get('/health').expect(200)).body).toMatchObject({ status: 'ok', records: { stuck: [] } });

    const events = (await t.http.get(`/campaigns/${id}/events`).set(auth()).expect(200)).body.events;
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(events.filter((e: { type: string }) => e.type === 'DeliberationRecorded').map((e: { data: { signatoryId: string } }) => e.data.signatoryId)).toEqual([
      'commune-1',
      'commune-2',
    ]);
    expect((await t.http.get(`/campaigns/${id}/record/verify`).set(auth()).expect(200)).body).toMatchObject({ valid: true });
  }, 180_000);
});
