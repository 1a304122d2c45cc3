import { Browser, Page } from 'playwright-core';
import { DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { rejected, smallCampaign, uniqueId } from './fixtures/campaigns';
import { pageChecker } from './support/accessibility';
import { TestApp, eventually } from './support/test-app';
import { PHONE, WebStack, openSignedIn, watchPage, startWebStack, stopWebStack } from './support/web-browser';

/**
 * Notifications in a real browser, on a phone: a manager of the campaign's organisation sees how
 * many are unread from every page, reads what happened, marks it read, and chooses what to receive.
 */

const PASSWORD = 'a-long-enough-password';

const accessibility: string[] = [];
const check = pageChecker('web-notifications', accessibility);

describe('notifications in the web interface', () => {
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

  it('shows a manager what happened on their campaigns, marks it read, and keeps what they choose to receive', async () => {
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    const manager = `${uniqueId('responsable')}@example.org`;
    await t.http.post('/administrators').set(auth).send({ email: manager, password: PASSWORD }).expect(201);
    await t.http.put(`/organisations/${DEVELOPMENT_FIRST_ORGANISATION.siren}/members/${manager}`).set(auth).send({ role: 'manager' }).expect(200);
    const campaign = smallCampaign(3, { title: uniqueId('Convention suivie') });
    await t.http.post('/campaigns').set(auth).send(campaign).expect(201);
    await t.http.post(`/campaigns/${campaign.id}/conference`).set(auth).send({ heldOn: '2023-06-13' }).expect(200);
    await t.http.put(`/campaigns/${campaign.id}/signatories/epci/deliberation`).set(auth).send(rejected()).expect(200);
    const session = (await t.http.post('/auth/login').send({ email: manager, password: PASSWORD }).expect(200)).body.accessToken;
    const mine = { Authorization: `Bearer ${session}` };
    await eventually(async () => expect((await t.http.get('/notifications').set(mine).expect(200)).body.unread).toBe(2));

    const context = await browser.newContext(PHONE);
    const page: Page = await context.newPage();
    watchPage(page, problems, 'manager');
    await openSignedIn(page, `${base}/campagnes`, manager, PASSWORD);
    await page.getByRole('link', { name: 'Notifications 2 non lues' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByText('2 notifications non lues.').waitFor();
    const list = page.getByRole('listitem').filter({ hasText: campaign.title as string });
    await expect(list.allInnerTexts()).resolves.toEqual([
      expect.stringContaining('La campagne est bloquée : un signataire obligatoire a rejeté la convention.'),
      expect.stringContaining('Communauté de communes de test a rejeté la convention.'),
    ]);
    await check(page, 'unread');

    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByText('Aucune notification non lue.').waitFor();
    expect((await t.http.get('/notifications').set(mine).expect(200)).body.unread).toBe(0);

    await page.getByLabel('Un secrétariat dépose l’acte de sa délibération : par courriel').check();
    await page.getByLabel('Un organisme rejette la convention : dans l’interface').uncheck();
    await page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
    await page.getByText('Vos choix sont enregistrés.').waitFor();
    await check(page, 'choices saved');
    const { preferences } = (await t.http.get('/notifications/preferences').set(mine).expect(200)).body;
    expect(preferences.act_uploaded).toEqual({ email: true, inApp: true });
    expect(preferences.body_rejected).toEqual({ email: true, inApp: false });
    await context.close();
    expect(problems).toEqual([]);
    expect(accessibility).toEqual([]);
  });
});
