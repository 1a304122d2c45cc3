import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations } from './support/accessibility';
import { WebStack, startWebStack, stopWebStack, watchPage as watch } from './support/web-browser';
import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { writtenPdf } from './fixtures/pdf-files';
import { eventually, TestApp } from './support/test-app';

/**
 * The web interface in a real browser (Debian's Chromium driven by playwright-core), against the
 * API on real Temporal and PostgreSQL: an administrator follows and steers a campaign, a secretary
 * records a vote from a phone through the personal link.
 */

const ROOT = resolve(__dirname, '..');
/** Every screenshot lands in the temp folder; the README's (`documented`) are copied to WEB_SCREENSHOTS_DIR when it is set. */
const DOCUMENTED_SHOTS = process.env.WEB_SCREENSHOTS_DIR ? resolve(ROOT, process.env.WEB_SCREENSHOTS_DIR) : undefined;
const shot = (name: string) => join(tmpdir(), `ctg-web-${name}.png`);
/** Every state of a page the test shows is also checked by axe-core; what it finds fails the test at the end. */
const accessibility: string[] = [];

async function screenshot(page: Page, name: string, options: { fullPage?: boolean; documented?: boolean } = {}): Promise<void> {
  for (const violation of await accessibilityViolations(page)) accessibility.push(`${name}: ${violation}`);
  await page.screenshot({ path: shot(name), fullPage: options.fullPage });
  if (options.documented && DOCUMENTED_SHOTS) {
    mkdirSync(DOCUMENTED_SHOTS, { recursive: true });
    copyFileSync(shot(name), join(DOCUMENTED_SHOTS, `${name}.png`));
  }
}


describe('web interface in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  let stack: WebStack | undefined;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ t, browser, base } = stack);
    const home = await fetch(`${base}/`);
    expect(await home.text()).toContain('<div id="app">');
  });

  afterAll(() => stopWebStack(stack));

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
    await screenshot(page, 'login');

    // Keyboard first: the skip link is the first stop, and focus is visible.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Aller au contenu');

    await page.getByLabel('Adresse électronique').fill(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL);
    await page.getByLabel('Mot de passe').fill(DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/campagnes');
    expect(await page.evaluate("sessionStorage.getItem('ctg.admin') !== null")).toBe(true);

    await screenshot(page, 'campaigns');
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
    await screenshot(page, 'admin-campaign-new', { fullPage: true });

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
    // Once read, the token leaves the address bar (replaced, not pushed: no history entry keeps it); a reload still opens the page.
    expect(secretary.url()).toBe(`${base}/deliberation`);
    await secretary.reload();
    await secretary.getByRole('heading', { level: 1, name: 'Délibération de Commune 1' }).waitFor();
    expect(secretary.url()).not.toContain('sl_');
    const intro = await secretary.locator('main').textContent();
    expect(intro).toContain(campaign.title);
    expect(intro).toContain('Échéance des délibérations');
    expect(intro).toContain('en attente');

    // Announce the council's session.
    await secretary.getByLabel('Date de la séance prévue').fill('2023-07-04');
    await secretary.getByRole('button', { name: 'Annoncer la séance' }).click();
    await secretary.getByText('Séance du 4 juillet 2023 enregistrée').waitFor();

    // The signed act goes to the server first: the vote cites the SHA-256 the server computed.
    const pdf = await writtenPdf({ text: 'Délibération 2023-045 de la commune 1' });
    const expectedHash = createHash('sha256').update(pdf).digest('hex');
    await secretary.getByLabel('Délibération signée (PDF)').setInputFiles({ name: 'deliberation-2023-045.pdf', mimeType: 'application/pdf', buffer: pdf });
    await secretary.getByRole('button', { name: 'Envoyer la délibération signée' }).click();
    await secretary.getByTestId('acte').locator('code.hash', { hasText: expectedHash }).waitFor();

    // A wrong vote first: more votes against than for, marked adopted.
    await secretary.getByLabel('Date de la séance (obligatoire)', { exact: true }).fill('2023-07-04');
    await secretary.getByRole('radio', { name: /^Adoptée/ }).check();
    await secretary.getByLabel('Voix pour').fill('3');
    await secretary.getByLabel('Voix contre').fill('10');
    await secretary.getByLabel('Abstentions').fill('1');
    await secretary.getByLabel('Numéro de la délibération').fill('2023-045');
    await secretary.locator('#deliberation-documentSha256 code.hash', { hasText: expectedHash }).waitFor();
    await secretary.getByRole('button', { name: 'Enregistrer la délibération' }).click();
    const decisionError = secretary.locator('#deliberation-decision-erreur');
    await decisionError.waitFor();
    expect(await decisionError.textContent()).toContain('Une délibération adoptée doit compter plus de voix pour que de voix contre.');
    // The message is next to the decision and tied to it for screen readers.
    expect(await secretary.getByRole('radio', { name: /^Adoptée/ }).getAttribute('aria-describedby')).toBe('deliberation-decision-erreur');
    expect(await secretary.locator('.error-summary').textContent()).toContain('Décision : Une délibération adoptée');
    await screenshot(secretary, 'secretary-error', { fullPage: true });
    // The narrowest phone the interface supports: nothing wider than the screen.
    await secretary.setViewportSize({ width: 360, height: 740 });
    expect(await secretary.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(secretary, 'secretary-error-360');
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
    await screenshot(secretary, 'secretary-confirmation', { fullPage: true });

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
    await screenshot(page, 'admin-after-vote', { fullPage: true });

    // The audit trail downloads with the bearer token.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Télécharger la piste d’audit/ }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv).toContain('DeliberationRecorded');
    expect(download.suggestedFilename()).toBe(`piste-audit-${campaign.id}.csv`);

    // The same page fits a 360 px screen.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(page, 'admin-after-vote-360', { fullPage: true });

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
    // The signing ceremony, with the convention as signed (issue 17 replaced the one-click signature).
    await page.getByLabel('Date de la signature').fill('2023-11-21');
    await page.getByLabel('Fait à').fill('Villefranche-de-Lauragais');
    await page.getByLabel('Convention signée (PDF)').setInputFiles({ name: 'convention-signee.pdf', mimeType: 'application/pdf', buffer: await writtenPdf({ text: 'Convention signée' }) });
    await page.getByRole('button', { name: 'Enregistrer la cérémonie' }).click();
    await page.getByTestId('phase').filter({ hasText: 'signée' }).waitFor();
    await page.locator('.timeline', { hasText: 'Convention signée' }).waitFor();
    await screenshot(page, 'admin-signed', { fullPage: true });
    await admin.close();
    expect(problems).toEqual([]);
  });

  it('an administrator creates a campaign from an EPCI, e-mails a link, records a legal follow-up, verifies the record and downloads its archive', async () => {
    const started = Date.now();
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
    const page = await admin.newPage();
    watch(page, problems, 'admin-3');
    await page.goto(`${base}/campagnes`);
    await page.getByLabel('Adresse électronique').fill(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL);
    await page.getByLabel('Mot de passe').fill(DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('link', { name: 'Nouvelle campagne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle campagne' }).waitFor();

    // A CSV with faults: each one listed, by line, in French; nothing imported.
    await page.getByLabel('D’un fichier CSV').check();
    const badCsv = [
      'id,kind,name,required,email',
      '74056,commune,Chamonix-Mont-Blanc,false,mairie@example.org',
      '74056,commune,Chamonix bis,false,mairie-bis@example.org',
      '74143,commune,Les Houches,false,mairie-at-example.org',
    ].join('\n');
    await page.getByLabel('Fichier CSV des signataires').setInputFiles({ name: 'signataires.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) });
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    const csvProblems = page.getByTestId('csv-problems');
    await csvProblems.waitFor();
    expect(await csvProblems.locator('li').allTextContents()).toEqual([
      'Ligne 3 (identifiant) : identifiant 74056 en double (déjà à la ligne 2).',
      'Ligne 4 (adresse électronique) : « mairie-at-example.org » n’est pas une adresse électronique.',
    ]);
    // The file corrected: its signatories fill the table, e-mail addresses included.
    const goodCsv = ['id;kind;name;required;email', '200023372;epci;CC de la Vallée de Chamonix-Mont-Blanc;oui;cc@example.org', '74056;commune;Chamonix-Mont-Blanc;non;mairie@example.org'].join('\n');
    await page.getByLabel('Fichier CSV des signataires').setInputFiles({ name: 'signataires.csv', mimeType: 'text/csv', buffer: Buffer.from(goodCsv) });
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByText('2 signataires lus dans « signataires.csv » : vérifiez-les ci-dessous.').waitFor();
    expect(await page.getByLabel('Adresse électronique de Chamonix-Mont-Blanc', { exact: true }).inputValue()).toBe('mairie@example.org');

    // An unknown SIREN, then the Vallée de Chamonix-Mont-Blanc, from the keyboard alone.
    await page.getByLabel('D’une intercommunalité, par son SIREN').check();
    const siren = page.getByLabel('SIREN de l’intercommunalité');
    await siren.focus();
    await page.keyboard.type('100000009');
    await page.keyboard.press('Enter');
    await page.locator('#siren-erreur', { hasText: 'Aucune intercommunalité (EPCI à fiscalité propre) n\'a le SIREN 100000009' }).waitFor();
    expect(await siren.getAttribute('aria-describedby')).toContain('siren-erreur');
    await siren.fill('');
    await page.keyboard.type('200023372');
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('territory-preview');
    await preview.getByRole('heading', { name: 'Communauté de communes de la Vallée de Chamonix-Mont-Blanc' }).waitFor();
    expect(await preview.textContent()).toContain('4 communes membres');
    const editor = page.locator('table.editor tbody tr');
    expect(await editor.count()).toBe(7);
    const requiredRows = await page.locator('table.editor tbody tr:has(input[type=checkbox]:checked)').all();
    expect(await Promise.all(requiredRows.map((row) => row.getAttribute('data-signatory')))).toEqual(['200023372', 'caf74']);
    await screenshot(page, 'new-campaign', { fullPage: true });
    // The form fits a 360 px screen.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(page, 'new-campaign-360', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Each run has a database of its own: the title, and so the campaign's id, can be the same every time.
    const title = 'Convention Territoriale Globale — Vallée de Chamonix-Mont-Blanc';
    await page.getByLabel('Titre (obligatoire)').fill(title);
    const deadline = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Échéance des délibérations (obligatoire)').fill(deadline);
    await page.getByLabel('Autres adresses en copie des relances (facultatif)').fill('referente-ctg@caf74.example.org');
    // The reminder policy stays the default unless changed: here, a weekly cadence becomes every three days.
    await page.getByLabel('Modifier la politique de relance').check();
    await page.getByLabel('Puis une relance tous les (jours)').fill('3');
    // Launching without the e-mail addresses: each missing one is named next to its field.
    await page.getByRole('button', { name: 'Lancer la campagne' }).click();
    await page.locator('#signataire-1-email-erreur', { hasText: 'Saisissez l’adresse électronique de Chamonix-Mont-Blanc.' }).waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('7 erreurs à corriger');
    const names = await page.locator('table.editor tbody th .name').allTextContents();
    for (const [i, name] of names.entries()) {
      await page.getByLabel(`Adresse électronique de ${name}`, { exact: true }).fill(`secretariat-${i}@chamonix.example.org`);
    }
    await page.getByRole('button', { name: 'Lancer la campagne' }).click();
    await page.waitForURL(/\/campagnes\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByTestId('phase').filter({ hasText: 'en attente de la conférence' }).waitFor();
    expect(await page.locator('table.signatories tbody tr').count()).toBe(7);
    const [launch] = (await t.http.get(`/campaigns/${id}/events`).set(auth).expect(200)).body.events;
    expect(launch.data).toMatchObject({
      title,
      territory: { name: 'Communauté de communes de la Vallée de Chamonix-Mont-Blanc', siren: '200023372' },
      deliberationDeadline: expect.stringMatching(new RegExp(`^${deadline}T23:59:59\\+0[12]:00$`)),
      administrators: ['referente-ctg@caf74.example.org'],
      reminderPolicy: { before: ['P30D', 'P14D', 'P7D', 'P2D'], overdueEvery: 'P3D', overdueMax: 4, escalateFrom: 2, businessDaysOnly: true },
    });
    expect(launch.data.signatories.map((s: { email: string }) => s.email)).toEqual(names.map((_, i) => `secretariat-${i}@chamonix.example.org`));

    // The conference, then Chamonix-Mont-Blanc's link by e-mail.
    await page.getByLabel('Date de la conférence').fill('2023-06-13');
    await page.getByRole('button', { name: 'Enregistrer la conférence' }).click();
    await page.getByTestId('phase').filter({ hasText: 'délibérations en cours' }).waitFor();
    await page.getByRole('button', { name: 'Envoyer le lien par e-mail à Chamonix-Mont-Blanc' }).click();
    await page.getByText('Lien personnel de Chamonix-Mont-Blanc envoyé par e-mail à secretariat-1@chamonix.example.org.').waitFor();
    const mail = await eventually(() => {
      const [caught] = t.mail.mails.filter((m) => m.messageId.startsWith(`<personal-link+${id}+74056+`));
      expect(caught).toBeDefined();
      return caught;
    });
    expect(mail.to).toEqual(['secretariat-1@chamonix.example.org']);
    expect(mail.text).toContain(`Dans le cadre de la ${title}, la délibération de Chamonix-Mont-Blanc est attendue.`);
    await page.locator('tr[data-signatory="74056"] .link-sent').waitFor();

    // The e-mailed link works: the secretary of Chamonix-Mont-Blanc records the vote from a phone.
    const link = new URL(/http:\/\/\S+\/deliberation\?token=\S+/.exec(mail.text)?.[0] as string);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const secretary = await phone.newPage();
    watch(secretary, problems, 'secretary-3');
    await secretary.goto(`${base}/deliberation${link.search}`);
    await secretary.getByRole('heading', { level: 1, name: 'Délibération de Chamonix-Mont-Blanc' }).waitFor();
    await secretary.getByLabel('Date de la séance (obligatoire)', { exact: true }).fill('2023-07-04');
    await secretary.getByRole('radio', { name: /^Adoptée/ }).check();
    await secretary.getByLabel('Voix pour').fill('24');
    await secretary.getByLabel('Voix contre').fill('2');
    await secretary.getByLabel('Abstentions').fill('1');
    await secretary.getByLabel('Numéro de la délibération').fill('2023-112');
    await screenshot(secretary, 'secretary-deliberation-full', { fullPage: true });
    await secretary.evaluate(`document.getElementById('vote-titre').scrollIntoView()`);
    await screenshot(secretary, 'secretary-deliberation', { documented: true });
    await secretary.setViewportSize({ width: 360, height: 740 });
    await secretary.evaluate('window.scrollTo(0, 0)');
    expect(await secretary.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(secretary, 'secretary-deliberation-360', { documented: true });
    await secretary.getByRole('button', { name: 'Enregistrer la délibération' }).click();
    await secretary.getByRole('heading', { level: 1, name: 'Délibération enregistrée' }).waitFor();
    await phone.close();

    // Two more adoptions: three adopted deliberations await their contrôle de légalité.
    for (const sid of ['200023372', '74143']) {
      await t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(auth).send(adopted()).expect(200);
    }
    const missing = page.getByTestId('legal-missing-count');
    await missing.filter({ hasText: '3' }).waitFor({ timeout: 20_000 });
    await page.locator('tr[data-signatory="74056"]', { hasText: 'adoptée : 24 pour, 2 contre, 1 abst. — n° 2023-112' }).waitFor();

    // The contrôle de légalité of Chamonix-Mont-Blanc: a wrong order first, refused next to its field.
    await page.getByRole('button', { name: 'Contrôle de légalité de Chamonix-Mont-Blanc' }).click();
    const dialog = page.getByRole('dialog', { name: 'Contrôle de légalité de la délibération de Chamonix-Mont-Blanc' });
    await dialog.getByLabel('Exécutoire le').fill('2023-07-12');
    await dialog.getByRole('button', { name: 'Enregistrer le contrôle de légalité' }).click();
    await dialog.locator('#suivi-executoryOn-erreur', { hasText: 'Indiquez d’abord la date de transmission' }).waitFor();
    expect(await dialog.getByLabel('Exécutoire le').getAttribute('aria-describedby')).toBe('suivi-executoryOn-aide suivi-executoryOn-erreur');
    await screenshot(page, 'legal-follow-up-error');
    await dialog.getByLabel('Transmise à la préfecture le').fill('2023-07-10');
    await dialog.getByLabel('Identifiant de l’acte sur @ctes').fill('074-217400563-20230704-2023_112-DE');
    await dialog.getByLabel('Accusé de réception de la préfecture').fill('2023-07-10T14:32');
    await dialog.getByRole('button', { name: 'Enregistrer le contrôle de légalité' }).click();
    await page.getByText('Contrôle de légalité de Chamonix-Mont-Blanc enregistré.').waitFor();
    await missing.filter({ hasText: '2' }).waitFor();
    expect(await page.locator('tr[data-signatory="74056"] td[data-label="Contrôle de légalité"]').textContent()).toBe(
      'transmise le 10 juillet 2023 (@ctes 074-217400563-20230704-2023_112-DE), accusé de réception le 10 juillet 2023 à 14:32, exécutoire le 12 juillet 2023',
    );

    // The record verifies, and its archive downloads as a PDF.
    await page.getByRole('button', { name: 'Vérifier le registre' }).click();
    const verification = page.getByTestId('record-verification');
    await verification.waitFor();
    const events = (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth).expect(200)).body.events.length;
    expect(await verification.textContent()).toContain(`Registre intact : ${events} événements, chaîne d’empreintes vérifiée.`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger l’archive (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`archive-${id}.pdf`);
    expect(readFileSync((await download.path()) as string).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await page.locator('.timeline', { hasText: 'Contrôle de légalité enregistré : Chamonix-Mont-Blanc' }).waitFor();
    // The pointer off the last button clicked, so that no button shows as hovered.
    await page.mouse.move(0, 0);
    await screenshot(page, 'admin-campaign', { fullPage: true, documented: true });
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(page, 'admin-campaign-360-full', { fullPage: true });
    // Under 768 px each signatory is a card: the one of Chamonix-Mont-Blanc at the top of the screen.
    await page.evaluate(`document.querySelector('tr[data-signatory="74056"]').scrollIntoView()`);
    await screenshot(page, 'admin-campaign-360', { documented: true });
    await admin.close();
    expect(problems).toEqual([]);
    console.log(`campaign created in the browser, link e-mailed, legal follow-up and archive: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('shows no page that axe-core finds inaccessible (WCAG 2.1 A and AA), on a desktop or a phone', () => {
    expect(accessibility).toEqual([]);
  });
});
