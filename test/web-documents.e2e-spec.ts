import { createHash } from 'node:crypto';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { readZipEntries } from '@ctg/documents/testing/zip-entries';
import { smallCampaign } from './fixtures/campaigns';
import { pageChecker } from './support/accessibility';
import { pngImage, writtenPdf } from './fixtures/pdf-files';
import { TestApp } from './support/test-app';
import { WebStack, downloaded, openAsAdministrator, watchPage as watch, startWebStack, stopWebStack } from './support/web-browser';

/**
 * The documents in a real browser (Debian's Chromium through playwright-core) against the API on
 * real Temporal, PostgreSQL and document store: the administrator attaches the convention, a
 * secretary on a phone downloads it and the draft, uploads the signed act and votes with its hash,
 * the administrator sees the read receipt and the act and downloads every act as a ZIP.
 */

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every state the test shows is checked by axe-core; what it finds fails the test at the end. */
const accessibility: string[] = [];
const check = pageChecker('web-documents', accessibility);



/**
 * Drops a file on a drop zone as a desktop browser does: a drop event carrying it in a DataTransfer.
 * The in-page code is a text, as in support/accessibility.ts: the tests compile without the DOM's types.
 */
async function dropFile(page: Page, zone: Locator, file: { name: string; type: string; bytes: Buffer }): Promise<void> {
  const dataTransfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(file.bytes.toString('base64'))}), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.type)} }));
    return transfer;
  })()`);
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

/**
 * Records every state of an upload's live region from now on (`progress value/max text`), so that
 * a progress shown for a moment is seen even when the test looks after the upload ended.
 */
async function recordProgress(page: Page, regionId: string): Promise<() => Promise<string[]>> {
  await page.evaluate(`(() => {
    const seen = [];
    window.__progress = seen;
    const region = document.getElementById(${JSON.stringify(regionId)});
    if (!region) throw new Error('no live region #' + ${JSON.stringify(regionId)});
    new MutationObserver(() => {
      const bar = region.querySelector('progress');
      seen.push((bar ? 'progress ' + bar.value + '/' + bar.max + ' ' : '') + (region.textContent || ''));
    }).observe(region, { childList: true, subtree: true, characterData: true, attributes: true });
  })()`);
  return async () => (await page.evaluate('window.__progress')) as string[];
}

describe('documents in the web interface', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  let stack: WebStack | undefined;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ t, browser, base } = stack);
  });

  afterAll(() => stopWebStack(stack));

  it('the convention goes out, the draft and the act of a phone come back, the administrator sees the receipt and downloads the acts', async () => {
    const campaign = smallCampaign(3);
    campaign.title = `Convention documents ${campaign.id}`;
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    await t.http.post('/campaigns').set(auth).send(campaign).expect(201);
    await t.http.post(`/campaigns/${campaign.id}/conference`).set(auth).send({ heldOn: '2023-06-13' }).expect(200);

    // The administrator, on a desktop, drops the convention on the Documents card.
    const desktop: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const admin = await desktop.newPage();
    watch(admin, problems, 'admin');
    await openAsAdministrator(admin, `${base}/campagnes/${campaign.id}`);
    await admin.getByRole('heading', { level: 2, name: 'Documents' }).waitFor();
    await admin.getByText('Aucun document déposé').waitFor();
    await check(admin, 'admin-no-document');

    const convention = await writtenPdf({ text: `Convention territoriale globale ${campaign.id}`, pages: 3 });
    await dropFile(admin, admin.locator('#document-form .drop-zone'), { name: 'convention-ctg.pdf', type: 'application/pdf', bytes: convention });
    await admin.locator('#document-fichier-choisi', { hasText: '« convention-ctg.pdf »' }).waitFor();
    await admin.getByRole('button', { name: 'Déposer le document' }).click();
    await admin.getByText(`La convention (version 1) déposée : « convention-ctg.pdf », SHA-256 ${sha256(convention)}.`).waitFor();
    await admin.locator('[data-testid="documents"] li[data-document="convention"]', { hasText: 'Version 1' }).waitFor();
    await check(admin, 'admin-convention-attached');

    // The secretary of Commune 1 opens the personal link on a phone.
    const issued = await t.http.post(`/campaigns/${campaign.id}/signatories/commune-1/link`).set(auth).expect(201);
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
    await secretary.goto(`${base}/deliberation${new URL(issued.body.url).search}`);
    await secretary.getByRole('heading', { level: 1, name: 'Délibération de Commune 1' }).waitFor();
    const documents = secretary.locator('section[aria-labelledby="documents-titre"]');
    const conventionFacts = documents.locator('[data-document="convention"]');
    expect(await conventionFacts.textContent()).toContain(campaign.title);
    expect(await conventionFacts.locator('dd').nth(1).textContent()).toMatch(/^1 — déposée le /);
    expect(await conventionFacts.locator('dd').nth(2).textContent()).toMatch(/^PDF, \d+ ko$/);
    expect(await secretary.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await check(secretary, 'secretary-documents');

    // The convention downloads as the very bytes attached; the draft as a DOCX that names the body.
    const got = await downloaded(secretary, () => secretary.getByRole('link', { name: /^Télécharger la convention/ }).click());
    expect(got.download.suggestedFilename()).toBe('convention-ctg.pdf');
    expect(sha256(got.bytes)).toBe(sha256(convention));
    const draft = await downloaded(secretary, () => secretary.getByRole('link', { name: 'Projet au format Word (DOCX)' }).click());
    expect(draft.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const documentXml = (await readZipEntries(draft.bytes)).find((e) => e.name === 'word/document.xml');
    expect(documentXml?.data.toString('utf8')).toContain('Commune 1');

    // A PNG renamed .pdf is refused by the server, in French, at the field; nothing is shown as received.
    const actField = secretary.getByLabel('Délibération signée (PDF)');
    await actField.setInputFiles({ name: 'deliberation.pdf', mimeType: 'application/pdf', buffer: pngImage() });
    await secretary.getByRole('button', { name: 'Envoyer la délibération signée' }).click();
    const refusal = secretary.locator('#acte-fichier-erreur');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Ce fichier n’est pas un PDF');
    expect(await actField.getAttribute('aria-describedby')).toContain('acte-fichier-erreur');
    expect(await actField.getAttribute('aria-invalid')).toBe('true');
    expect(await secretary.getByTestId('acte').count()).toBe(0);
    await check(secretary, 'secretary-act-refused');

    // The act, by the file input, on a slow uplink: the progress shows while the bytes go out.
    const act = await writtenPdf({ text: 'Extrait du registre des délibérations de la commune 1, séance du 4 juillet 2023', pages: 150 });
    const network = await phone.newCDPSession(secretary);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 32 * 1024 });
    const progress = await recordProgress(secretary, 'acte-fichier-progression');
    await actField.setInputFiles({ name: 'deliberation-commune-1.pdf', mimeType: 'application/pdf', buffer: act });
    await secretary.getByRole('button', { name: 'Envoyer la délibération signée' }).click();
    await secretary.locator('#acte-fichier-progression progress').waitFor();
    await check(secretary, 'secretary-act-uploading');
    const received = secretary.getByTestId('acte');
    await received.locator('code.hash', { hasText: sha256(act) }).waitFor({ timeout: 30_000 });
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const states = await progress();
    expect(states.some((s) => /^progress \d+\/100 Envoi en cours : \d+ %/.test(s))).toBe(true);
    expect(states.some((s) => /^progress ([1-9]\d?)\/100/.test(s))).toBe(true);
    const facts = (await received.textContent()) ?? '';
    expect(facts).toContain('« deliberation-commune-1.pdf », version 1');
    expect(facts).toMatch(/Reçue le\d{1,2} \S+ \d{4}/);
    expect(await secretary.locator('#acte-fichier-erreur').count()).toBe(0);
    await check(secretary, 'secretary-act-received');

    // The vote cites the act by the server's hash.
    await secretary.locator('#deliberation-documentSha256 code.hash', { hasText: sha256(act) }).waitFor();
    await secretary.getByLabel('Date de la séance (obligatoire)', { exact: true }).fill('2023-07-04');
    await secretary.getByRole('radio', { name: /^Adoptée/ }).check();
    await secretary.getByLabel('Voix pour').fill('12');
    await secretary.getByLabel('Voix contre').fill('1');
    await secretary.getByLabel('Abstentions').fill('0');
    await secretary.getByRole('button', { name: 'Enregistrer la délibération' }).click();
    await secretary.getByRole('heading', { level: 1, name: 'Délibération enregistrée' }).waitFor();
    expect(await secretary.getByTestId('recap').textContent()).toContain(sha256(act));
    await check(secretary, 'secretary-voted');

    // The administrator's table: read receipt and act of Commune 1, nothing for Commune 2.
    const row = admin.locator('tr[data-signatory="commune-1"]');
    await row.getByTestId('convention-consultee').filter({ hasText: /Convention consultée le \d{1,2} \S+ \d{4} à \d\d:\d\d/ }).waitFor({ timeout: 20_000 });
    await row.getByTestId('acte').filter({ hasText: 'Acte « deliberation-commune-1.pdf » (version 1' }).waitFor({ timeout: 20_000 });
    const commune2 = admin.locator('tr[data-signatory="commune-2"]');
    expect(await commune2.getByTestId('convention-consultee').textContent()).toContain('Convention pas encore consultée');
    expect(await commune2.getByTestId('acte').textContent()).toBe('aucun acte déposé');
    const actDownload = await downloaded(admin, () => admin.getByRole('button', { name: 'Acte v1 : télécharger l’acte de Commune 1' }).click());
    expect(sha256(actDownload.bytes)).toBe(sha256(act));
    await check(admin, 'admin-receipt-and-act');

    // Every act in one ZIP, named by body, with its manifest.
    const zip = await downloaded(admin, () => admin.getByRole('button', { name: 'Télécharger tous les actes (ZIP)' }).click());
    expect(zip.download.suggestedFilename()).toBe(`actes-${campaign.id}.zip`);
    const entries = await readZipEntries(zip.bytes);
    expect(entries.map((e) => e.name).sort()).toEqual(['commune-1-commune-1-deliberation-v1.pdf', 'manifeste.csv']);
    expect(sha256(entries.find((e) => e.name.endsWith('.pdf'))!.data)).toBe(sha256(act));
    expect(entries.find((e) => e.name === 'manifeste.csv')!.data.toString('utf8')).toContain(sha256(act));

    // A new version of the convention after the vote needs its reason; the table then says which version the body voted on.
    const amended = await writtenPdf({ text: `Convention territoriale globale ${campaign.id}, article 4 amendé`, pages: 3 });
    await admin.getByRole('radio', { name: 'Une nouvelle version de la convention' }).check();
    await admin.locator('#document-fichier').setInputFiles({ name: 'convention-ctg-v2.pdf', mimeType: 'application/pdf', buffer: amended });
    await admin.getByRole('button', { name: 'Déposer le document' }).click();
    await admin.locator('#document-motif-erreur', { hasText: 'indiquez pourquoi cette nouvelle version remplace la précédente' }).waitFor();
    await check(admin, 'admin-new-version-needs-reason');
    await admin.locator('#document-motif').fill('article 4 amendé par la conférence des financeurs');
    await admin.getByRole('button', { name: 'Déposer le document' }).click();
    await admin.getByText('La convention (version 2) déposée').waitFor();
    await row.getByTestId('convention-consultee').filter({ hasText: 'a voté sur la version 1' }).waitFor({ timeout: 20_000 });
    expect(await admin.locator('tr[data-signatory="commune-2"]').getByTestId('convention-consultee').textContent()).not.toContain('a voté');
    await check(admin, 'admin-voted-on-older-version');

    await phone.close();
    await desktop.close();
    expect(problems).toEqual([]);
    expect(accessibility).toEqual([]);
  });

  it("the administrator edits the draft's wording: an unknown placeholder is refused at the field, the bodies' drafts follow, the default comes back", async () => {
    const campaign = smallCampaign(2);
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    await t.http.post('/campaigns').set(auth).send(campaign).expect(201);
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const admin = await desktop.newPage();
    watch(admin, problems, 'admin-draft');
    await openAsAdministrator(admin, `${base}/campagnes/${campaign.id}`);
    const wording = admin.getByLabel('Texte du projet de délibération');
    await wording.waitFor();
    const byDefault = await wording.inputValue();
    expect(byDefault).toContain('{{');
    // The placeholders listed are the server's own.
    expect(await admin.getByRole('list', { name: 'Balises disponibles' }).getByRole('listitem').count()).toBe(11);
    await admin.getByRole('list', { name: 'Balises disponibles' }).getByText('{{date_conference}}').waitFor();
    expect(await admin.getByRole('button', { name: 'Rétablir le texte par défaut' }).isDisabled()).toBe(true);

    await wording.fill('Délibération de {{collectivite}} pour {{commune_inconnue}}');
    await admin.getByRole('button', { name: 'Enregistrer le texte' }).click();
    await admin.locator('#projet-texte-erreur', { hasText: 'La balise {{commune_inconnue}} est inconnue' }).waitFor();
    expect(await wording.getAttribute('aria-describedby')).toContain('projet-texte-erreur');
    await check(admin, 'admin-draft-refused');

    const marker = `Texte propre à ${campaign.id}`;
    await wording.fill(`${marker} : délibération de {{collectivite}}`);
    await admin.getByRole('button', { name: 'Enregistrer le texte' }).click();
    await admin.getByText('Texte du projet de délibération enregistré').waitFor();
    const draft = await t.http.get(`/campaigns/${campaign.id}/signatories/commune-1/draft-deliberation?format=docx`).set(auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const xml = (await readZipEntries(draft.body as Buffer)).find((e) => e.name === 'word/document.xml')?.data.toString('utf8') ?? '';
    expect(xml).toContain(marker);
    expect(xml).toContain('Commune 1');
    await check(admin, 'admin-draft-saved');

    await admin.getByRole('button', { name: 'Rétablir le texte par défaut' }).click();
    await admin.getByText('Texte par défaut du projet de délibération rétabli.').waitFor();
    expect(await wording.inputValue()).toBe(byDefault);
    expect((await t.http.get(`/campaigns/${campaign.id}/draft-template`).set(auth).expect(200)).body).toMatchObject({ text: byDefault, replaced: false });
    await desktop.close();
    expect(problems).toEqual([]);
    expect(accessibility).toEqual([]);
  });
});
