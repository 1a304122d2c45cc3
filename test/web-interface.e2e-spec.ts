import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { smallCampaign } from './fixtures/campaigns';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The web interface in a real browser (Debian's Chromium driven by playwright-core), against the
 * API on real Temporal and PostgreSQL: an administrator follows and steers a campaign, a secretary
 * records a vote from a phone through the personal link.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '..');
const SHOTS = process.env.WEB_SCREENSHOTS_DIR ?? '/tmp';
const shot = (name: string) => join(SHOTS, `ctg-web-${name}.png`);

/** Builds the interface as `npm run build:web` does, so the test never runs a stale bundle. */
function buildWeb(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

/** What the page logged that should never happen: script errors and CSP refusals. */
function watch(page: Page, problems: string[], label: string): void {
  page.on('pageerror', (error) => problems.push(`${label}: page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // A refused request (422, 403) is logged by Chromium; the interface shows it, so it is expected.
    if (/Failed to load resource: the server responded with a status of (4\d\d)/.test(text)) return;
    problems.push(`${label}: console error: ${text}`);
  });
}

describe('web interface in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's package with "apt-get install -y chromium"`);
    }
    buildWeb();
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    const apiPort = (t.app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${apiPort}`;
    const home = await fetch(`${base}/`);
    expect(await home.text()).toContain('<div id="app">');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync', '--lang=fr-FR'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an administrator steers a campaign, a secretary records the vote from a phone, the table follows', async () => {
    const started = Date.now();
    const campaign = smallCampaign(5);
    campaign.title = `Convention de test ${campaign.id}`;
    await t.http.post('/campaigns').set('Authorization', `Bearer ${t.adminToken}`).send(campaign).expect(201);

    // The administrator, on a desktop.
    const admin: BrowserContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await admin.newPage();
    watch(page, problems, 'admin');
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Connexion des administrateurs' }).waitFor();
    await page.screenshot({ path: shot('login') });

    // Keyboard first: the skip link is the first stop, and focus is visible.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Aller au contenu');

    await page.getByLabel('Adresse électronique').fill(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL);
    await page.getByLabel('Mot de passe').fill(DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/campagnes');
    expect(await page.evaluate("sessionStorage.getItem('ctg.admin') !== null")).toBe(true);

    await page.screenshot({ path: shot('campaigns') });
    await page.getByRole('link', { name: campaign.title }).click();
    await page.waitForURL(`**/campagnes/${campaign.id}`);
    await page.getByTestId('phase').filter({ hasText: 'en attente de la conférence' }).waitFor();
    expect(await page.getByTestId('progress-text').textContent()).toBe('0 sur 5');
    expect(await page.locator('table.signatories tbody tr').count()).toBe(5);
    // The required signatory that has not adopted is named.
    await page.getByText('Signataires obligatoires manquants').waitFor();
    expect(await page.locator('.summary').textContent()).toContain('Communauté de communes de test');

    // Record the mayors' conference.
    await page.getByLabel('Date de la conférence').fill('2023-06-13');
    await page.getByRole('button', { name: 'Enregistrer la conférence' }).click();
    await page.getByText('Conférence des maires enregistrée au 13 juin 2023').waitFor();
    await page.getByTestId('phase').filter({ hasText: 'délibérations en cours' }).waitFor();

    // Copy Commune 1's personal link.
    await page.getByRole('button', { name: 'Copier le lien personnel de Commune 1' }).click();
    await page.getByText('Lien personnel de Commune 1 copié dans le presse-papiers.').waitFor();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toMatch(/\/deliberation\?token=sl_/);
    expect(await page.getByLabel('Lien de Commune 1').inputValue()).toBe(copied);
    await page.screenshot({ path: shot('admin-campaign'), fullPage: true });

    // The secretary of Commune 1, on a phone. The link's origin is PUBLIC_URL; here the test server's.
    const link = new URL(copied);
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const secretary = await phone.newPage();
    watch(secretary, problems, 'secretary');
    await secretary.goto(`${base}/deliberation${link.search}`);
    await secretary.getByRole('heading', { level: 1, name: 'Délibération de Commune 1' }).waitFor();
    const intro = await secretary.locator('main').textContent();
    expect(intro).toContain(campaign.title);
    expect(intro).toContain('Échéance des délibérations');
    expect(intro).toContain('en attente');

    // Announce the council's session.
    await secretary.getByLabel('Date de la séance prévue').fill('2023-07-04');
    await secretary.getByRole('button', { name: 'Annoncer la séance' }).click();
    await secretary.getByText('Séance du 4 juillet 2023 enregistrée').waitFor();

    // A wrong vote first: more votes against than for, marked adopted.
    const pdf = Buffer.from('%PDF-1.4\n% délibération 2023-045 de la commune 1\n%%EOF\n');
    const expectedHash = createHash('sha256').update(pdf).digest('hex');
    await secretary.getByLabel('Date de la séance (obligatoire)', { exact: true }).fill('2023-07-04');
    await secretary.getByRole('radio', { name: /^Adoptée/ }).check();
    await secretary.getByLabel('Voix pour').fill('3');
    await secretary.getByLabel('Voix contre').fill('10');
    await secretary.getByLabel('Abstentions').fill('1');
    await secretary.getByLabel('Numéro de la délibération').fill('2023-045');
    await secretary.getByLabel('Délibération signée, au format PDF (facultatif)').setInputFiles({ name: 'deliberation-2023-045.pdf', mimeType: 'application/pdf', buffer: pdf });
    await secretary.locator('code.hash', { hasText: expectedHash }).waitFor();
    await secretary.getByRole('button', { name: 'Enregistrer la délibération' }).click();
    const decisionError = secretary.locator('#deliberation-decision-erreur');
    await decisionError.waitFor();
    expect(await decisionError.textContent()).toContain('Une délibération adoptée doit compter plus de voix pour que de voix contre.');
    // The message is next to the decision and tied to it for screen readers.
    expect(await secretary.getByRole('radio', { name: /^Adoptée/ }).getAttribute('aria-describedby')).toBe('deliberation-decision-erreur');
    expect(await secretary.locator('.error-summary').textContent()).toContain('Décision : Une délibération adoptée');
    await secretary.screenshot({ path: shot('secretary-error'), fullPage: true });
    // The narrowest phone the interface supports: nothing wider than the screen.
    await secretary.setViewportSize({ width: 360, height: 740 });
    expect(await secretary.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await secretary.screenshot({ path: shot('secretary-360') });
    await secretary.setViewportSize({ width: 390, height: 844 });

    // Then the right count.
    await secretary.getByLabel('Voix pour').fill('10');
    await secretary.getByLabel('Voix contre').fill('3');
    await secretary.getByRole('button', { name: 'Enregistrer la délibération' }).click();
    await secretary.getByRole('heading', { level: 1, name: 'Délibération enregistrée' }).waitFor();
    const recap = (await secretary.getByTestId('recap').textContent()) ?? '';
    expect(recap).toContain('Commune 1');
    expect(recap).toContain('4 juillet 2023');
    expect(recap).toContain('adoptée');
    expect(recap).toContain('2023-045');
    expect(recap).toContain(expectedHash);
    expect(recap).toMatch(/Enregistrée le\d{1,2} \S+ \d{4}/);
    await secretary.screenshot({ path: shot('secretary-confirmation'), fullPage: true });

    // The administrator's page follows without a reload.
    await page.locator('tr[data-signatory="commune-1"]', { hasText: 'adoptée' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('progress-text').filter({ hasText: '1 sur 5' }).waitFor();
    expect(await page.locator('tr[data-signatory="commune-1"]').textContent()).toContain('adoptée : 10 pour, 3 contre, 1 abst. — n° 2023-045');
    await page.locator('.timeline', { hasText: 'Délibération enregistrée : Commune 1' }).waitFor();

    // Filter and sort the table.
    await page.getByLabel('Statut').selectOption('adopted');
    expect(await page.locator('table.signatories tbody tr').count()).toBe(1);
    await page.getByLabel('Statut').selectOption('all');
    await page.getByLabel('Rechercher un signataire').fill('commune 3');
    expect(await page.locator('table.signatories tbody tr').count()).toBe(1);
    await page.getByLabel('Rechercher un signataire').fill('');
    await page.getByRole('button', { name: /^Statut/ }).click();
    await page.getByRole('button', { name: /^Statut/ }).click();
    expect(await page.locator('table.signatories tbody tr').first().getAttribute('data-signatory')).toBe('commune-1');
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Statut');
    await page.screenshot({ path: shot('admin-after-vote'), fullPage: true });

    // The audit trail downloads with the bearer token.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Télécharger la piste d’audit/ }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv).toContain('DeliberationRecorded');
    expect(download.suggestedFilename()).toBe(`piste-audit-${campaign.id}.csv`);

    // The same page fits a 360 px screen.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: shot('admin-360'), fullPage: true });

    // The secretary's link opens only their own commune's page.
    const other = await phone.newPage();
    watch(other, problems, 'other');
    await other.goto(`${base}/deliberation${link.search}&campagne=${encodeURIComponent(campaign.id as string)}&signataire=commune-2`);
    await other.getByText('Ce lien personnel ne donne pas accès à cette page').waitFor();
    await t.http
      .put(`/campaigns/${campaign.id}/signatories/commune-2/deliberation`)
      .set('Authorization', `Bearer ${link.searchParams.get('token')}`)
      .send({ sessionDate: '2023-07-04', decision: 'adopted', votesFor: 5, votesAgainst: 0, abstentions: 0 })
      .expect(403);

    await phone.close();
    await admin.close();
    expect(problems).toEqual([]);
    console.log(`web interface scenario: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('an administrator corrects and reopens deliberations, moves the deadline and records the signature', async () => {
    const campaign = smallCampaign(3);
    campaign.title = `Convention à signer ${campaign.id}`;
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    const vote = (sid: string, body: Record<string, unknown>) =>
      t.http.put(`/campaigns/${campaign.id}/signatories/${sid}/deliberation`).set(auth).send(body).expect(200);
    await t.http.post('/campaigns').set(auth).send(campaign).expect(201);
    await t.http.post(`/campaigns/${campaign.id}/conference`).set(auth).send({ heldOn: '2023-06-13' }).expect(200);
    await vote('epci', { sessionDate: '2023-07-03', decision: 'adopted', votesFor: 30, votesAgainst: 2, abstentions: 1, number: 'CC-2023-07' });
    await vote('commune-1', { sessionDate: '2023-07-04', decision: 'adopted', votesFor: 9, votesAgainst: 1, abstentions: 0 });
    await vote('commune-2', { sessionDate: '2023-07-05', decision: 'rejected', votesFor: 2, votesAgainst: 8, abstentions: 1 });

    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await admin.newPage();
    watch(page, problems, 'admin-2');
    await page.goto(`${base}/campagnes/${campaign.id}`);
    // Not signed in: the login form first, then straight back to the campaign.
    await page.getByLabel('Adresse électronique').fill(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL);
    await page.getByLabel('Mot de passe').fill(DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`**/campagnes/${campaign.id}`);
    await page.getByTestId('progress-text').filter({ hasText: '2 sur 3' }).waitFor();

    // Correct Commune 1's count, with a reason; an empty reason is refused next to the field.
    await page.getByRole('button', { name: 'Corriger la délibération de Commune 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Corriger la délibération de Commune 1' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Voix pour').inputValue()).toBe('9');
    await dialog.getByLabel('Abstentions').fill('2');
    await dialog.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await dialog.locator('#correction-reason-erreur', { hasText: 'Indiquez le motif de la correction.' }).waitFor();
    await dialog.getByLabel('Motif').fill('erreur de saisie du nombre d’abstentions');
    await dialog.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('Délibération de Commune 1 corrigée.').waitFor();
    await page.locator('tr[data-signatory="commune-1"]', { hasText: '9 pour, 1 contre, 2 abst.' }).waitFor();

    // Reopen Commune 2's rejection.
    await page.getByRole('button', { name: 'Rouvrir la délibération de Commune 2' }).click();
    const reopen = page.getByRole('dialog', { name: 'Rouvrir la délibération de Commune 2' });
    await reopen.getByLabel('Motif').fill('nouveau vote au conseil de septembre');
    await reopen.getByRole('button', { name: 'Rouvrir la délibération', exact: true }).click();
    await page.locator('tr[data-signatory="commune-2"]', { hasText: 'en attente' }).waitFor();

    // Move the deadline to 18:00 the same day.
    await page.getByLabel('Heure').fill('18:00');
    await page.getByRole('button', { name: 'Déplacer l’échéance' }).click();
    await page.getByText(/Échéance déplacée au .* 18:00\./).waitFor();
    const moved = await t.http.get(`/campaigns/${campaign.id}`).set(auth).expect(200);
    expect(moved.body.deliberationDeadline).toMatch(/T18:00:00\+0[12]:00$/);

    // Commune 2 adopts at its next session: every signatory has decided, the signature opens.
    await vote('commune-2', { sessionDate: '2023-09-12', decision: 'adopted', votesFor: 7, votesAgainst: 3, abstentions: 1 });
    await page.getByTestId('phase').filter({ hasText: 'en attente de signature' }).waitFor({ timeout: 20_000 });
    await page.getByLabel('Date de la signature').fill('2023-11-21');
    await page.getByRole('button', { name: 'Enregistrer la signature' }).click();
    await page.getByTestId('phase').filter({ hasText: 'signée' }).waitFor();
    await page.locator('.timeline', { hasText: 'Convention signée' }).waitFor();
    await page.screenshot({ path: shot('admin-signed'), fullPage: true });
    await admin.close();
    expect(problems).toEqual([]);
  });
});
