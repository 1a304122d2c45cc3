import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { readZipEntries } from '@ctg/documents/testing/zip-entries';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { writtenPdf } from './fixtures/pdf-files';
import { pageChecker } from './support/accessibility';
import { TestApp, eventually } from './support/test-app';
import { WebStack, watchPage, startWebStack, stopWebStack } from './support/web-browser';

/**
 * The signature in a real browser (Debian's Chromium through playwright-core) against the API on
 * real Temporal, PostgreSQL and SMTP: the convention sent round and signed by three bodies on their
 * phones with the code each reads in its e-mail, and a ceremony recorded with the convention as signed.
 */

const BODIES = ['epci', 'commune-1', 'commune-2'];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const accessibility: string[] = [];
const check = pageChecker('web-signature', accessibility);

describe('the signature in the web interface', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const mailsTo = (id: string, sid: string, kind: string) => t.mail.mails.filter((m) => m.messageId.startsWith(`<${kind}+${id}+${sid}+`));

  /** Three bodies that adopted, the convention attached: awaiting its signature. */
  async function awaitingSignature(): Promise<{ id: string; convention: Buffer }> {
    const body = smallCampaign(3);
    body.title = `Convention signature ${body.id}`;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    const id = body.id as string;
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const convention = await writtenPdf({ text: `Convention territoriale globale ${id}` });
    await t.http.post(`/campaigns/${id}/documents`).set(auth()).field('kind', 'convention').field('reason', 'diffusion').attach('file', convention, { filename: 'convention.pdf', contentType: 'application/pdf' }).expect(201);
    for (const sid of BODIES) await t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(auth()).send(adopted({ number: `D-${sid}` })).expect(200);
    return { id, convention };
  }

  async function adminPage(id: string, label: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
    const page = await context.newPage();
    watchPage(page, problems, label);
    await page.goto(`${base}/campagnes/${id}`);
    await page.getByLabel('Adresse électronique').fill(DEVELOPMENT_DEFAULTS.ADMIN_EMAIL);
    await page.getByLabel('Mot de passe').fill(DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 2, name: 'Signature' }).waitFor();
    return { context, page };
  }

  const phone = () =>
    browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });

  let stack: WebStack | undefined;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ t, browser, base } = stack);
  });

  afterAll(() => stopWebStack(stack));

  it('sends the convention round; three bodies sign on a phone with the code of their e-mail, one after a wrong code; the campaign is signed', async () => {
    const { id, convention } = await awaitingSignature();
    const { context, page: admin } = await adminPage(id, 'admin-circulation');
    await check(admin, 'admin-awaiting-signature');
    await admin.getByRole('button', { name: 'Envoyer la convention pour signature' }).click();
    await admin.getByText(/Convention envoyée pour signature à 3 organismes/).waitFor();
    await admin.locator('[data-testid="circulation"]', { hasText: sha256(convention) }).waitFor();
    await check(admin, 'admin-circulated');

    const mobile = await phone();
    for (const [i, sid] of BODIES.entries()) {
      const link = await eventually(() => {
        const [mail] = mailsTo(id, sid, 'signature-link');
        if (!mail) throw new Error(`no signature link for ${sid} yet`);
        return /(http:\/\/\S+\/signature\?token=sg_[A-Za-z0-9_-]+)/.exec(mail.text)![1];
      });
      const signer = await mobile.newPage();
      watchPage(signer, problems, `signer-${sid}`);
      await signer.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
      await signer.getByRole('heading', { level: 1, name: /Signature de la convention pour/ }).waitFor();
      expect(await signer.getByTestId('empreinte').textContent()).toBe(sha256(convention));
      // The token leaves the address bar once read.
      expect(new URL(signer.url()).search).toBe('');
      expect(await signer.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      if (i === 0) await check(signer, 'signer-page');

      await signer.getByLabel('Nom de la personne qui signe').fill(`Signataire ${sid}`);
      await signer.getByLabel('Qualité').fill(sid === 'epci' ? 'la Présidente' : 'le Maire');
      await signer.getByRole('button', { name: 'Recevoir un code par e-mail' }).click();
      await signer.getByTestId('code-envoye').waitFor();
      const code = await eventually(() => {
        const [mail] = mailsTo(id, sid, 'signature-code');
        if (!mail) throw new Error(`no code for ${sid} yet`);
        return /^\s+([0-9]{6})$/m.exec(mail.text)![1];
      });
      if (i === 1) {
        await signer.getByLabel('Code reçu par e-mail').fill(code === '000000' ? '111111' : '000000');
        await signer.getByRole('button', { name: 'Je signe' }).click();
        await signer.getByText('Ce code n’est pas celui envoyé par courriel. Il vous reste 4 essais.').waitFor();
        await check(signer, 'signer-wrong-code');
      }
      await signer.getByLabel('Code reçu par e-mail').fill(code);
      await signer.getByRole('button', { name: 'Je signe' }).click();
      await signer.getByTestId('signe').waitFor();
      if (i === 0) await check(signer, 'signer-signed');
      await signer.close();
    }

    await admin.reload();
    await admin.getByTestId('phase').filter({ hasText: 'signée' }).waitFor();
    await admin.getByTestId('signature-faite').waitFor();
    const statuses = await admin.locator('[data-testid="signing-bodies"] [data-testid="statut-signature"]').allTextContents();
    expect(statuses).toEqual([
      expect.stringMatching(/^signé le .+ par Signataire epci, la Présidente/),
      expect.stringMatching(/^signé le .+ par Signataire commune-1, le Maire/),
      expect.stringMatching(/^signé le .+ par Signataire commune-2, le Maire/),
    ]);
    await check(admin, 'admin-signed-circulated');
    await context.close();
    await mobile.close();
    expect(problems).toEqual([]);
    expect(accessibility).toEqual([]);
  });

  it('records a ceremony with the convention as signed, after a secretary named the authority; the dossier and the signed copy download', async () => {
    const { id } = await awaitingSignature();
    // The secretary of the EPCI names who signs, from the personal link's page, on a phone.
    const issued = await t.http.post(`/campaigns/${id}/signatories/epci/link`).set(auth()).expect(201);
    const mobile = await phone();
    const secretary = await mobile.newPage();
    watchPage(secretary, problems, 'secretary-authority');
    await secretary.goto(`${base}/deliberation${new URL(issued.body.url).search}`);
    await secretary.getByRole('heading', { level: 2, name: 'Autorité signataire' }).waitFor();
    await secretary.getByLabel('Nom de la personne qui signe').fill('Marie Dupont');
    await secretary.getByLabel('Qualité').fill('la Présidente');
    await secretary.getByRole('button', { name: 'Enregistrer l’autorité signataire' }).click();
    await secretary.getByText(/Autorité signataire de .+ enregistrée : Marie Dupont, la Présidente\./).waitFor();
    await check(secretary, 'secretary-authority');
    await mobile.close();

    const { context, page: admin } = await adminPage(id, 'admin-ceremony');
    await admin.locator('[data-signatory="epci"] [data-testid="autorite"]', { hasText: 'Marie Dupont, la Présidente' }).waitFor();
    const signed = await writtenPdf({ text: `Convention signée ${id}` });
    await admin.getByLabel('Date de la signature').fill('2023-11-21');
    await admin.getByLabel('Fait à').fill('Villefranche-de-Lauragais');
    await admin.getByLabel('Convention signée (PDF)').setInputFiles({ name: 'convention-signee.pdf', mimeType: 'application/pdf', buffer: signed });
    await admin.getByRole('button', { name: 'Enregistrer la cérémonie' }).click();
    await admin.getByText('Cérémonie de signature enregistrée : convention signée le 21 novembre 2023 à Villefranche-de-Lauragais.').waitFor();
    await admin.getByTestId('phase').filter({ hasText: 'signée' }).waitFor();
    await admin.getByTestId('signature-faite').filter({ hasText: 'Villefranche-de-Lauragais, lors d’une cérémonie' }).waitFor();
    await check(admin, 'admin-signed-ceremony');

    const [copy] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Convention signée' }).click()]);
    expect(sha256(readFileSync((await copy.path())!))).toBe(sha256(signed));
    const [dossier] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Dossier de signature (ZIP)' }).click()]);
    const names = (await readZipEntries(readFileSync((await dossier.path())!))).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['manifeste.json', 'convention/convention-signee.pdf', 'signature/page-de-signature.pdf', 'registre/archive.json']));
    await context.close();
    expect(problems).toEqual([]);
    expect(accessibility).toEqual([]);
  });
});
