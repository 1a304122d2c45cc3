import { Browser, Page } from 'playwright-core';
import { randomSiren, smallCampaign, uniqueId } from './fixtures/campaigns';
import { pageChecker } from './support/accessibility';
import { TestApp, eventually } from './support/test-app';
import { DESKTOP, PHONE, WebStack, openSignedIn, watchPage, startWebStack, stopWebStack } from './support/web-browser';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * The « Webhooks » section of the Organisations page, in a real browser, desktop and phone: a
 * manager adds an endpoint (a non-HTTPS URL refused in French, the secret shown once), reads the
 * delivery log of a campaign's events, redelivers one, rotates the secret, re-enables the endpoint
 * and deletes it. Every state is checked with axe-core.
 */

const PASSWORD = 'a-long-enough-password';
const accessibility: string[] = [];
const check = pageChecker('web-webhooks', accessibility);

describe('webhooks in the web interface', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let stack: WebStack | undefined;
  const receiver = new WebhookReceiver();
  const problems: string[] = [];

  async function signIn(email: string, phone: boolean): Promise<Page> {
    const context = await browser.newContext(phone ? PHONE : DESKTOP);
    const page = await context.newPage();
    watchPage(page, problems, phone ? 'phone' : 'desktop');
    page.on('dialog', (dialog) => void dialog.accept());
    await openSignedIn(page, `${base}/mes-organisations`, email, PASSWORD);
    return page;
  }

  beforeAll(async () => {
    stack = await startWebStack({ env: { WEBHOOK_RETRY_FIRST: 'PT0.25S', WEBHOOK_RETRY_MAX: 'PT1S', WEBHOOK_TIMEOUT: 'PT2S' } });
    ({ t, browser, base } = stack);
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await stopWebStack(stack);
  });

  it('adds an endpoint, shows its delivery log, redelivers, rotates the secret, re-enables and deletes it, on a desktop and a phone', async () => {
    const organisation = { siren: randomSiren(), name: `CC des webhooks ${uniqueId('web')}`, kind: 'epci' };
    const manager = `${uniqueId('responsable')}@example.org`;
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    await t.http.post('/organisations').set(auth).send(organisation).expect(201);
    await t.http.post('/administrators').set(auth).send({ email: manager, password: PASSWORD }).expect(201);
    await t.http.put(`/organisations/${organisation.siren}/members/${manager}`).set(auth).send({ role: 'manager' }).expect(200);

    const page = await signIn(manager, false);
    const card = page.locator('section', { has: page.getByRole('heading', { level: 3, name: 'Webhooks' }) });
    await card.getByLabel('Adresse du récepteur (https://…)').fill('http://portail.example.org/ctg');
    await card.getByRole('button', { name: 'Ajouter le webhook' }).click();
    await card.getByText('Saisissez une adresse https:// (http:// seulement vers cette machine, hors production). Rien n’a été enregistré.').waitFor();
    await check(page, 'refused-url');
    await card.getByLabel('Adresse du récepteur (https://…)').fill(receiver.url);
    await card.getByLabel('Description').fill('Portail open data');
    await card.getByRole('button', { name: 'Ajouter le webhook' }).click();
    await card.getByText(`Webhook ajouté : ${receiver.url}.`).waitFor();
    const secret = (await card.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await card.getByText('Copiez-le maintenant dans le système qui reçoit les webhooks : il ne sera plus affiché.').waitFor();
    receiver.secrets = [secret];
    await check(page, 'added');

    // A campaign of the organisation: its events arrive, and the log shows them delivered.
    const login = await t.http.post('/auth/login').send({ email: manager, password: PASSWORD }).expect(200);
    await t.http.post('/campaigns').set({ Authorization: `Bearer ${login.body.accessToken}` }).send(smallCampaign(2)).expect(201);
    await eventually(() => expect(receiver.accepted().length).toBeGreaterThanOrEqual(1));
    await card.getByRole('button', { name: `Journal de ${receiver.url}` }).click();
    const launched = card.getByRole('row', { name: /CampaignLaunched n° 1/ });
    await launched.getByText(/^livré le/).waitFor();
    await launched.getByRole('button', { name: /Renvoyer/ }).click();
    await card.getByText('CampaignLaunched n° 1 sera renvoyé (même identifiant : le récepteur reconnaît un doublon).').waitFor();
    await eventually(() => expect(receiver.received.filter((r) => r.duplicate)).toHaveLength(1));
    await check(page, 'delivery-log');

    await card.getByRole('button', { name: `Changer le secret de ${receiver.url}` }).click();
    await card.getByText(/Nouveau secret pour .* : l’ancien reste valable jusqu’au/).waitFor();
    expect(await card.locator('code').textContent()).not.toBe(secret);

    // Disabled after failing (as the relay does it), it is re-enabled from the page, on a phone.
    await t.dataSource.query(
      `UPDATE webhook_endpoint SET enabled = false, disabled_at = now(), disabled_notified_at = now(), disabled_reason = 'failing since …: HTTP 500' WHERE url = $1`,
      [receiver.url],
    );
    const phone = await signIn(manager, true);
    const onPhone = phone.locator('section', { has: phone.getByRole('heading', { level: 3, name: 'Webhooks' }) });
    await onPhone.getByText(/^Désactivé le/).waitFor();
    await check(phone, 'disabled-phone');
    await onPhone.getByRole('button', { name: `Réactiver ${receiver.url}` }).click();
    await onPhone.getByText('Webhook réactivé.').waitFor();
    await onPhone.getByText('Actif', { exact: true }).waitFor();
    await onPhone.getByRole('button', { name: `Supprimer ${receiver.url}` }).click();
    await onPhone.getByText(`Webhook supprimé : ${receiver.url}.`).waitFor();
    // The list is read again after the notice: wait for the endpoint's row to go.
    await onPhone.getByRole('button', { name: `Journal de ${receiver.url}` }).waitFor({ state: 'detached' });
    await check(phone, 'deleted-phone');

    expect(accessibility).toEqual([]);
    expect(problems).toEqual([]);
  });
});
