import { Browser, Page } from 'playwright-core';
import { DEVELOPMENT_DEFAULTS, DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { randomSiren, smallCampaign, uniqueId } from './fixtures/campaigns';
import { pageChecker } from './support/accessibility';
import { TestApp, eventually } from './support/test-app';
import { DESKTOP, PHONE, WebStack, openSignedIn, watchPage, startWebStack, stopWebStack } from './support/web-browser';

/**
 * Organisations in a real browser: the operator creates an organisation, its manager adds an
 * observer; the CAF's manager shares a campaign with it; its observer sees the campaign read-only,
 * on a phone. Every page is checked with axe-core.
 */

const PASSWORD = 'a-long-enough-password';

const accessibility: string[] = [];
const check = pageChecker('web-organisations', accessibility);

describe('organisations in the web interface', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let stack: WebStack | undefined;
  const problems: string[] = [];

  async function signIn(email: string, password: string, path: string, label: string, phone = false): Promise<Page> {
    const context = await browser.newContext(phone ? PHONE : DESKTOP);
    const page = await context.newPage();
    watchPage(page, problems, label);
    await openSignedIn(page, `${base}${path}`, email, password);
    return page;
  }

  beforeAll(async () => {
    stack = await startWebStack();
    ({ t, browser, base } = stack);
  });
  afterAll(() => stopWebStack(stack));

  it('creates an organisation, adds its members, shares a campaign with it, and shows it read-only to its observer', async () => {
    const epci = { siren: randomSiren(), name: `CC du test ${uniqueId('web')}` };
    const manager = `${uniqueId('responsable')}@example.org`;
    const observer = `${uniqueId('observateur')}@example.org`;
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    for (const email of [manager, observer]) await t.http.post('/administrators').set(auth).send({ email, password: PASSWORD }).expect(201);

    // The operator creates the organisation and names its first manager.
    const operator = await signIn(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD, '/mes-organisations', 'operator');
    await operator.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    await operator.getByRole('heading', { level: 2, name: DEVELOPMENT_FIRST_ORGANISATION.name }).waitFor();
    await check(operator, 'operator');
    await operator.getByLabel('SIREN').fill('123456789');
    await operator.getByLabel('Nom').fill(epci.name);
    await operator.getByRole('button', { name: 'Créer l’organisation' }).click();
    await operator.getByText('Ce SIREN n’est pas valide (la clé de contrôle ne correspond pas).').waitFor();
    await operator.getByLabel('SIREN').fill(epci.siren);
    await operator.getByRole('button', { name: 'Créer l’organisation' }).click();
    await operator.getByText(`${epci.name} est créée`).waitFor();
    const card = operator.locator('section', { has: operator.getByRole('heading', { level: 2, name: epci.name }) });
    await card.getByLabel('Adresse électronique du compte').fill(manager);
    await card.getByLabel('Rôle', { exact: true }).selectOption('manager');
    await card.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await card.getByText(`${manager} est membre, responsable.`).waitFor();
    await check(operator, 'operator-added-manager');

    // Its manager adds an observer; an address with no account is refused in French.
    const epciManager = await signIn(manager, PASSWORD, '/mes-organisations', 'epci-manager');
    const own = epciManager.locator('section', { has: epciManager.getByRole('heading', { level: 2, name: epci.name }) });
    await own.getByLabel('Adresse électronique du compte').fill(`personne-${uniqueId('x')}@example.org`);
    await own.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await own.getByText(/Aucun compte n’a l’adresse .* : l’opérateur de l’installation le crée d’abord\./).waitFor();
    await own.getByLabel('Adresse électronique du compte').fill(observer);
    await own.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await own.getByText(`${observer} est membre, observateur.`).waitFor();
    // The last manager cannot step down.
    await own.getByLabel(`Rôle de ${manager}`).selectOption('observer');
    await own.getByText(/est le dernier responsable de .* : nommez d’abord un autre responsable/).waitFor();
    await check(epciManager, 'epci-manager');

    // The CAF's manager shares a campaign with the EPCI from the campaign's page.
    const body = smallCampaign(3);
    body.title = `Campagne partagée ${body.id}`;
    await t.http.post('/campaigns').set(auth).send(body).expect(201);
    await operator.goto(`${base}/campagnes/${body.id}`);
    await operator.getByRole('heading', { level: 3, name: 'Organisations' }).waitFor();
    await operator.getByLabel('Partager avec l’organisation de SIREN').fill(epci.siren);
    await operator.getByRole('button', { name: 'Partager', exact: true }).click();
    await operator.getByText(`La campagne est partagée avec ${epci.name}.`).first().waitFor();
    await check(operator, 'campaign-shared');

    // The EPCI's observer, on a phone, sees it in the list and read-only.
    const phone = await signIn(observer, PASSWORD, '/campagnes', 'epci-observer', true);
    await phone.getByRole('link', { name: body.title }).click();
    await phone.getByText('Vous consultez cette campagne en observateur').waitFor();
    expect(await phone.getByRole('button', { name: /Annuler la campagne/ }).count()).toBe(0);
    expect(await phone.getByLabel('Partager avec l’organisation de SIREN').count()).toBe(0);
    await check(phone, 'observer-phone');

    expect(accessibility).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('invites a person by e-mail, who accepts on a phone with a password of their own and lands on the campaigns', async () => {
    const invited = `${uniqueId('invitee')}@example.org`;
    const operator = await signIn(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD, '/mes-organisations', 'inviter');
    const card = operator.locator('section', { has: operator.getByRole('heading', { level: 2, name: DEVELOPMENT_FIRST_ORGANISATION.name }) });
    await card.getByLabel('Adresse électronique de la personne invitée').fill(invited);
    await card.getByLabel('Rôle proposé').selectOption('observer');
    await card.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await card.getByText(`Invitation envoyée à ${invited}`).waitFor();
    await card.getByText(new RegExp(`${invited} \\(observateur, jusqu’au`)).waitFor();
    await check(operator, 'invitation-sent');

    const mail = await eventually(() => {
      const found = t.mail.mails.find((m) => m.to.includes(invited));
      if (!found) throw new Error('no invitation e-mail yet');
      return found;
    });
    const link = /(https?:\/\/\S+\/invitation\?token=iv_[\w-]{43})/.exec(mail.text)![1];
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    watchPage(page, problems, 'invitee');
    await page.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByText(`Vous êtes invité(e) à rejoindre ${DEVELOPMENT_FIRST_ORGANISATION.name} comme observateur`).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await check(page, 'invitation');
    await page.getByLabel('Choisissez un mot de passe').fill(PASSWORD);
    await page.getByLabel('Confirmez le mot de passe').fill(`${PASSWORD}-autre`);
    await page.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await page.getByText('Les deux mots de passe ne sont pas identiques.').waitFor();
    await page.getByLabel('Confirmez le mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campagnes' }).waitFor();
    await check(page, 'invitee-campaigns');
    await phone.close();
    // The link served once: opened again, it says so in French.
    const again = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    watchPage(again, problems, 'invitation-again');
    await again.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
    await again.getByText('Cette invitation n’est plus valable').waitFor();
    await check(again, 'invitation-used');
    expect(accessibility).toEqual([]);
    expect(problems).toEqual([]);
  });
});
