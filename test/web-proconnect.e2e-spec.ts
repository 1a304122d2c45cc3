import { Browser, Page } from 'playwright-core';
import { DEVELOPMENT_DEFAULTS, DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { freePort } from '../scripts/dev-stack/ports';
import { randomSiren, uniqueId } from './fixtures/campaigns';
import { pageChecker } from './support/accessibility';
import { OidcTestProvider, signingKey } from './support/oidc-test-provider';
import { TestApp } from './support/test-app';
import { WebStack, startWebStack, stopWebStack, watchPage } from './support/web-browser';

/**
 * A sign-in with ProConnect in a real browser, against a real OpenID provider that the test runs:
 * the agent signs in at the provider and lands on their campaigns; the logout ends their session
 * at the provider too; an agent whose organisation is unknown is told so in French.
 */

const CLIENT = { clientId: 'ctg-web-test-client', clientSecret: 'ctg-web-test-client-secret-0123456789' };

const accessibility: string[] = [];
const check = pageChecker('web-proconnect', accessibility);

describe('sign-in with ProConnect in the web interface', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let stack: WebStack | undefined;
  let provider: OidcTestProvider;
  const problems: string[] = [];
  const agent = { email: `${uniqueId('agent')}@caf31.example.org`, siret: `${DEVELOPMENT_FIRST_ORGANISATION.siren}00017` };
  const stranger = { email: `${uniqueId('ailleurs')}@example.org`, siret: `${randomSiren()}00011` };

  beforeAll(async () => {
    const [apiPort, providerPort] = [await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${apiPort}`;
    provider = new OidcTestProvider({
      port: providerPort,
      ...CLIENT,
      redirectUri: `${publicUrl}/auth/proconnect/callback`,
      postLogoutRedirectUri: `${publicUrl}/`,
      accounts: { agent, stranger },
      jwk: signingKey('ctg-web-test-key'),
    });
    await provider.start();
    stack = await startWebStack({
      port: apiPort,
      env: { PUBLIC_URL: publicUrl, PROCONNECT_ISSUER: provider.issuer, PROCONNECT_CLIENT_ID: CLIENT.clientId, PROCONNECT_CLIENT_SECRET: CLIENT.clientSecret },
    });
    ({ t, browser, base } = stack);
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    // The agent's account has a password of its own, never used here: they sign in through ProConnect.
    await t.http.post('/administrators').set(auth).send({ email: agent.email, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD }).expect(201);
    await t.http.put(`/organisations/${DEVELOPMENT_FIRST_ORGANISATION.siren}/members/${agent.email}`).set(auth).send({ role: 'manager' }).expect(200);
  });
  afterAll(async () => {
    await stopWebStack(stack);
    await provider?.stop();
  });

  async function atProvider(page: Page, login: string): Promise<void> {
    await page.getByRole('button', { name: 'S’identifier avec ProConnect' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
  }

  it('signs an agent in through the provider onto their campaigns, and signs them out there too', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    watchPage(page, problems, 'agent', provider.issuer);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 2, name: 'Agents publics' }).waitFor();
    await check(page, 'login');
    await atProvider(page, 'agent');
    await page.getByRole('heading', { level: 1, name: 'Campagnes' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/campagnes');
    expect(new URL(page.url()).hash).toBe('');
    await check(page, 'campaigns');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion des administrateurs' }).waitFor();
    expect(new URL(page.url()).origin).toBe(base);
    // The provider asks for the login again: the session there is over.
    await page.getByRole('button', { name: 'S’identifier avec ProConnect' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').waitFor();
    await context.close();
  });

  it('tells an agent whose organisation does not use the service, in French', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    watchPage(page, problems, 'stranger', provider.issuer);
    await page.goto(`${base}/`);
    await atProvider(page, 'stranger');
    await page.getByText('Votre organisation (d’après le SIRET transmis par ProConnect) n’utilise pas encore ce service').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await check(page, 'unknown-organisation');
    await context.close();

    expect(accessibility).toEqual([]);
    expect(problems).toEqual([]);
  });
});
