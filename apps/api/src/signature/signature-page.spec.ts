import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import PDFKit from 'pdfkit';
import { SignaturePageBlock, SignaturePageInput, renderSignaturePage } from './signature-page';

const dir = mkdtempSync(join(tmpdir(), 'ctg-signature-page-'));
let files = 0;

/** The text of each page, read back by pdf.js (test/support/pdf-text.mjs) as a reader of the PDF would see it. */
function pageTexts(pdf: Buffer): string[] {
  const file = join(dir, `page-${++files}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync(process.execPath, [join(__dirname, '../../../../test/support/pdf-text.mjs'), file], { encoding: 'utf8' });
  return text
    .split(/\n-- \d+ of \d+ --\n/)
    .map((page) => page.replace(/\s+/g, ' ').trim())
    .filter((page) => page.length > 0);
}

const pageCount = async (pdf: Buffer) => (await PDFDocument.load(pdf)).getPageCount();

const signedByLink: SignaturePageBlock = {
  bodyName: "Commune d'Avignonet-Lauragais",
  authority: { name: 'Marie Dupont', capacity: 'le Maire' },
  deliberation: { number: '2023-41', sessionDate: '2023-11-21' },
  signed: { at: '2023-11-21T23:30:00.000Z', way: 'circulated' },
};
const atCeremony: SignaturePageBlock = { bodyName: "Caisse d'allocations familiales de la Haute-Garonne", deliberation: { sessionDate: '2023-06-01' } };

const input = (blocks: SignaturePageBlock[], more: Partial<SignaturePageInput> = {}): SignaturePageInput => ({
  campaignTitle: 'CTG des Terres du Lauragais',
  territoryName: 'Communauté de communes des Terres du Lauragais',
  convention: { version: 2, name: 'convention-ctg.pdf', sha256: 'ab'.repeat(32) },
  generatedAt: '2023-11-22T10:00:00.000Z',
  blocks,
  ...more,
});

describe('the signature page', () => {
  it('says in French who signs for each body, under which deliberation, and how the body signed', async () => {
    const [page, ...others] = pageTexts(await renderSignaturePage(input([signedByLink, atCeremony, { bodyName: 'Département' }], { place: 'Villefranche-de-Lauragais', signedOn: '2023-06-01' })));
    expect(others).toEqual([]);
    for (const line of [
      'Convention Territoriale Globale — page de signature',
      'CTG des Terres du Lauragais',
      'Communauté de communes des Terres du Lauragais',
      'Convention : « convention-ctg.pdf », version 2',
      `SHA-256 : ${'ab'.repeat(32)}`,
      "Commune d'Avignonet-Lauragais Représenté(e) par Marie Dupont, le Maire autorisé(e) à signer par la délibération n° 2023-41 du 21 novembre 2023 Fait à Villefranche-de-Lauragais, le 1er juin 2023 Signé électroniquement (signature simple) le 22 novembre 2023 à 00:30",
      "Caisse d'allocations familiales de la Haute-Garonne Représenté(e) par ……………………………",
      'autorisé(e) à signer par la délibération du 1er juin 2023',
      'Département Représenté(e) par …………………………… Délibération autorisant la signature : non renseignée',
      'page 1 / 1',
    ]) {
      expect(page).toContain(line);
    }
    // A ceremony's blocks, and only theirs, keep a frame to sign and stamp by hand.
    expect(page.match(/Signature et cachet/g)).toHaveLength(2);
  });

  it('leaves « Fait à … le … » to fill in by hand when the ceremony has not named them', async () => {
    const [page] = pageTexts(await renderSignaturePage(input([atCeremony])));
    expect(page).toContain('Fait à ……………………………, le ……………………………');
  });

  it('gives the same bytes for the same input', async () => {
    const blocks = [signedByLink, atCeremony];
    expect((await renderSignaturePage(input(blocks))).equals(await renderSignaturePage(input(blocks)))).toBe(true);
    expect((await renderSignaturePage(input(blocks))).equals(await renderSignaturePage(input(blocks, { generatedAt: '2023-11-23T10:00:00.000Z' })))).toBe(false);
  });

  it('runs over pages as blocks are added, never splitting a block, and numbers the pages', async () => {
    expect(await pageCount(await renderSignaturePage(input([atCeremony])))).toBe(1);
    const blocks = Array.from({ length: 62 }, (_, i) => ({ ...(i % 2 ? signedByLink : atCeremony), bodyName: `Commune numéro ${i + 1}` }));
    const pdf = await renderSignaturePage(input(blocks));
    const pages = pageTexts(pdf);
    expect(pages.length).toBe(await pageCount(pdf));
    expect(pages.length).toBeGreaterThan(4);
    pages.forEach((page, i) => {
      const names = page.match(/Commune numéro \d+/g) ?? [];
      // Each body's name and the end of its block (its frame, or its signature by link) on the same page.
      expect(names.length).toBe((page.match(/Signature et cachet|Signé électroniquement/g) ?? []).length);
      expect(page).toContain(`page ${i + 1} / ${pages.length}`);
    });
    expect(pages.flatMap((page) => page.match(/Commune numéro \d+/g) ?? [])).toEqual(blocks.map((b) => b.bodyName));
  });

  it('survives hostile text: very long names, line breaks, control characters, characters outside WinAnsi, dates that are not dates', async () => {
    const long = 'Communauté de communes '.repeat(200);
    const hostile: SignaturePageBlock = {
      bodyName: `Ville de Łódź 😀\u0000\u0007${'\n'.repeat(500)}${long}`,
      authority: { name: long, capacity: `${long}\u202e` },
      deliberation: { number: long, sessionDate: 'pas une date' },
      signed: { at: 'jamais', way: 'circulated' },
    };
    const pdf = await renderSignaturePage(input([hostile, { ...hostile, signed: undefined }, hostile], { campaignTitle: long, territoryName: long, place: long }));
    const pages = pageTexts(pdf);
    expect(pages.length).toBeLessThanOrEqual(3);
    const text = pages.join(' ');
    expect(text).toContain('Ville de ?ód? ??');
    expect(text).toContain('du pas une date');
    expect(text).toContain('Signé électroniquement (signature simple) le jamais');
    expect(text).not.toMatch(/[\u0000-\u0008\u202e]/);
  });

  it('draws a ceremony’s frame below its block and above the next block, however long the names', async () => {
    const long = 'Communauté de communes '.repeat(20);
    const blocks = Array.from({ length: 8 }, (_, i) => ({ bodyName: `Bloc ${i + 1} ${long}`, authority: { name: long, capacity: long }, deliberation: { number: long, sessionDate: '2023-06-01' } }));
    // The spies call through: they only note where each block's name and each frame are drawn, and when a page begins.
    const addPage = jest.spyOn(PDFKit.prototype, 'addPage');
    const text = jest.spyOn(PDFKit.prototype, 'text');
    const rect = jest.spyOn(PDFKit.prototype, 'rect');
    try {
      await renderSignaturePage(input(blocks, { place: long, signedOn: '2023-06-01' }));
      const drawn = [
        ...addPage.mock.invocationCallOrder.map((order) => ({ order, what: 'page' as const, top: 0, bottom: 0 })),
        ...text.mock.calls.flatMap((call, i) =>
          typeof call[0] === 'string' && call[0].startsWith('Bloc ') ? [{ order: text.mock.invocationCallOrder[i], what: 'name' as const, top: Number(call[2]), bottom: Number(call[2]) }] : [],
        ),
        ...rect.mock.calls.map((call, i) => ({ order: rect.mock.invocationCallOrder[i], what: 'frame' as const, top: Number(call[1]), bottom: Number(call[1]) + Number(call[3]) })),
      ].sort((a, b) => a.order - b.order);
      expect(drawn.filter((d) => d.what === 'name')).toHaveLength(8);
      expect(drawn.filter((d) => d.what === 'frame')).toHaveLength(8);
      expect(drawn.filter((d) => d.what === 'page').length).toBeGreaterThan(2);
      let lowest = 0;
      for (const d of drawn) {
        if (d.what === 'page') lowest = 0;
        else {
          expect(d.top).toBeGreaterThanOrEqual(lowest);
          lowest = d.bottom;
        }
      }
    } finally {
      addPage.mockRestore();
      text.mockRestore();
      rect.mockRestore();
    }
  });

  it('lays out 2,000 bodies in a few seconds', async () => {
    const blocks = Array.from({ length: 2000 }, (_, i) => ({ ...atCeremony, bodyName: `Commune ${i + 1}` }));
    const started = Date.now();
    const pdf = await renderSignaturePage(input(blocks));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await pageCount(pdf)).toBeGreaterThan(200);
  });
});
