import { Browser, Page } from 'playwright-core';
import { pageChecker } from './support/accessibility';
import { TestApp } from './support/test-app';
import { DESKTOP, PHONE, WebStack, openAsAdministrator, startWebStack, stopWebStack, watchPage } from './support/web-browser';

const accessibility: string[] = [];
const check = pageChecker('web-service-health', accessibility);

/** `/etat` in a real browser: the operator reaches it from the menu and sees SMTP down, its error and since when, on a phone too. */
describe('the service health page', () => {
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

  async function open(phone: boolean, label: string): Promise<Page> {
    const context = await browser.newContext(phone ? PHONE : DESKTOP);
    const page = await context.newPage();
    watchPage(page, problems, label);
    await openAsAdministrator(page, `${base}/campagnes`);
    await page.getByRole('heading', { level: 1, name: 'Campagnes' }).waitFor();
    await page.getByRole('link', { name: 'État du service' }).click();
    await page.getByRole('heading', { level: 1, name: 'État du service' }).waitFor();
    return page;
  }

  it('shows every part up, then SMTP down with its error, on a desktop and a phone', async () => {
    const desktop = await open(false, 'desktop');
    await desktop.getByText('Tout fonctionne.').waitFor();
    await desktop.getByRole('listitem').filter({ hasText: 'Serveur de courriel (SMTP) : en service' }).waitFor();
    await check(desktop, 'all-up');

    const port = t.mail.port;
    await t.mail.stop();
    try {
      const phone = await open(true, 'phone');
      // The page asks again every 10 s; the SMTP check is kept 5 s: the failure shows within a refresh or two.
      await phone.getByText('Le service fonctionne, mais une partie est en panne.').waitFor({ timeout: 30_000 });
      const row = phone.getByRole('listitem').filter({ hasText: 'Serveur de courriel (SMTP) : en panne' });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/ECONNREFUSED|connect/);
      await check(phone, 'smtp-down-phone');
      await phone.context().close();
    } finally {
      await t.mail.start(port);
    }
    await desktop.context().close();
    expect(accessibility).toEqual([]);
    expect(problems).toEqual([]);
  });
});
