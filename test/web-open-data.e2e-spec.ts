import { Browser } from 'playwright-core';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { pageChecker } from './support/accessibility';
import { TestApp } from './support/test-app';
import { WebStack, downloaded, openAsAdministrator, watchPage as watch, startWebStack, stopWebStack } from './support/web-browser';

/**
 * Issue 19 in the browser, on a phone: the administrator downloads the campaign's open data (or
 * reads in French why it cannot be had), and creates then revokes the private calendar address.
 */

const accessibility: string[] = [];
const check = pageChecker('web-open-data', accessibility);

describe('open data and the calendar in the web interface', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let stack: WebStack | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await startWebStack();
    ({ t, browser, base } = stack);
  });
  afterAll(() => stopWebStack(stack));

  it('on a phone: the SCDL file, the French reason when a SIRET is missing, and a calendar address created then revoked', async () => {
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    const campaign = smallCampaign(2);
    campaign.signatories[0].siret = '99990003899998';
    await t.http.post('/campaigns').set(auth).send(campaign).expect(201);
    await t.http.post(`/campaigns/${campaign.id}/conference`).set(auth).send({ heldOn: '2023-06-13' }).expect(200);
    await t.http.put(`/campaigns/${campaign.id}/signatories/epci/deliberation`).set(auth).send(adopted()).expect(200);

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
    const page = await phone.newPage();
    watch(page, problems, 'admin-phone');
    await openAsAdministrator(page, `${base}/campagnes/${campaign.id}`);

    const file = await downloaded(page, () => page.getByRole('button', { name: 'Données ouvertes (SCDL)' }).click());
    expect(file.download.suggestedFilename()).toBe(`${campaign.id}-deliberations-scdl.csv`);
    expect(file.bytes.toString('utf8').split('\n')[1]).toMatch(/^Communauté de communes de test,99990003899998,2023-045,2023-07-04,8\.2,/);

    // A commune without a SIRET votes: the file would be refused, and the page says why, in French.
    await t.http.put(`/campaigns/${campaign.id}/signatories/commune-1/deliberation`).set(auth).send(adopted()).expect(200);
    await page.getByRole('button', { name: 'Données ouvertes (SCDL)' }).click();
    await page.getByText('Le fichier SCDL serait refusé par data.gouv.fr : sans SIRET : Commune 1').waitFor();
    await check(page, 'open-data-refused');

    await page.getByRole('button', { name: 'Créer mon adresse de calendrier' }).click();
    const address = page.getByLabel('Votre adresse privée');
    const url = await address.inputValue();
    expect(url).toMatch(/\/calendar\/cf_[\w-]{43}\.ics$/);
    const feed = await t.http.get(new URL(url).pathname).expect(200);
    expect(feed.text).toContain('SUMMARY:Conseil communautaire — Communauté de communes de test');
    await check(page, 'calendar-created');

    await page.getByRole('button', { name: 'Révoquer mon adresse' }).click();
    await page.getByText('Votre adresse de calendrier est révoquée').waitFor();
    expect(await address.count()).toBe(0);
    await t.http.get(new URL(url).pathname).expect(404);
    await check(page, 'calendar-revoked');

    await phone.close();
    expect(problems).toEqual([]);
    expect(accessibility).toEqual([]);
  });
});
