import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import {
  assembledPdf,
  pdfWithCompressionBomb,
  pdfWithPageTree,
  pngImage,
  writtenPdf,
} from '../../../test/fixtures/pdf-files';
import { checkPdf } from './pdf-check';

describe('checkPdf', () => {
  let dir: string;
  let valid: Buffer;
  let counter = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ctg-pdf-check-'));
    valid = await writtenPdf({ pages: 2 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function check(bytes: Buffer) {
    const path = join(dir, `file-${++counter}.pdf`);
    await writeFile(path, bytes);
    return checkPdf(path);
  }

  it('accepts a PDF and counts its pages', async () => {
    expect(await check(valid)).toEqual({ ok: true, pages: 2 });
  });

  it('accepts a PDF written with object streams and a cross-reference stream', async () => {
    const document = await PDFDocument.load(valid);
    document.addPage();
    const rewritten = Buffer.from(await document.save({ useObjectStreams: true }));
    expect(rewritten.includes('/ObjStm')).toBe(true);
    expect(await check(rewritten)).toEqual({ ok: true, pages: 3 });
  });

  it('accepts a PDF that lost only the line break after %%EOF', async () => {
    expect(valid.subarray(-1).toString()).toBe('\n');
    expect(await check(valid.subarray(0, -1))).toEqual({ ok: true, pages: 2 });
  });

  it('refuses an empty file', async () => {
    expect(await check(Buffer.alloc(0))).toMatchObject({ ok: false, problem: 'empty' });
  });

  it('refuses a PNG image named like a PDF', async () => {
    expect(await check(pngImage())).toMatchObject({ ok: false, problem: 'not_pdf', message: expect.stringContaining('%PDF-') });
  });

  it('refuses a text file that starts with a PDF header', async () => {
    const text = Buffer.from('%PDF-1.7\nCeci est un texte, pas un PDF.\n'.repeat(40));
    expect(await check(text)).toMatchObject({ ok: false, problem: 'not_pdf' });
  });

  it('refuses a text file with a PDF header and a PDF ending', async () => {
    const text = Buffer.from('%PDF-1.7\nNo objects here, only words.\nstartxref\n9\n%%EOF\n');
    expect(await check(text)).toMatchObject({ ok: false, problem: 'not_pdf' });
  });

  // pdf-lib alone loads most of these: it reads objects from the start and never checks the end.
  it.each([
    ['its first 10 bytes', () => 10],
    ['its first tenth', () => Math.floor(valid.length / 10)],
    ['its first half', () => Math.floor(valid.length / 2)],
    ['the end of its objects, before the cross-reference table', () => valid.lastIndexOf('xref') - 1],
    ['all but the last 20 bytes', () => valid.length - 20],
    ['all but %%EOF', () => valid.lastIndexOf('%%EOF')],
  ])('refuses a PDF cut after %s as truncated', async (_where, cut) => {
    expect(await check(valid.subarray(0, cut()))).toMatchObject({ ok: false, problem: 'truncated', message: expect.stringContaining('truncated') });
  });

  it('refuses a PDF whose startxref points past its end as truncated', async () => {
    const text = valid.toString('latin1').replace(/startxref\s+\d+/, 'startxref\n99999999');
    expect(await check(Buffer.from(text, 'latin1'))).toMatchObject({ ok: false, problem: 'truncated' });
  });

  it('refuses a PDF whose startxref points elsewhere than its cross-reference table', async () => {
    const text = valid.toString('latin1').replace(/startxref\s+\d+/, 'startxref\n20');
    expect(await check(Buffer.from(text, 'latin1'))).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('refuses a PDF with a password to open it', async () => {
    const encrypted = await writtenPdf({ userPassword: 'secret' });
    expect(await check(encrypted)).toMatchObject({ ok: false, problem: 'encrypted', message: expect.stringContaining('encrypted') });
  });

  it('refuses a PDF encrypted with an owner password only', async () => {
    const encrypted = await writtenPdf({ ownerPassword: 'owner' });
    expect(await check(encrypted)).toMatchObject({ ok: false, problem: 'encrypted' });
  });

  it('refuses a PDF whose objects do not parse', async () => {
    const broken = assembledPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [ >>']);
    expect(await check(broken)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('refuses a PDF without a catalog', async () => {
    const noCatalog = assembledPdf(['<< /Producer (nothing) >>']);
    expect(await check(noCatalog)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('refuses a PDF without pages as empty', async () => {
    expect(await check(pdfWithPageTree('<< /Type /Pages /Kids [] /Count 0 >>'))).toMatchObject({
      ok: false,
      problem: 'empty',
      message: expect.stringContaining('no pages'),
    });
  });

  it('refuses a page tree that contains itself', async () => {
    expect(await check(pdfWithPageTree('<< /Type /Pages /Kids [2 0 R] /Count 1 >>'))).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('refuses, promptly, a page tree that lists the same node twice at every level', async () => {
    // 60 levels of two references to the next level: 2^60 leaves for a walk that does not remember.
    const levels = Array.from({ length: 60 }, (_, level) => `<< /Type /Pages /Kids [${level + 3} 0 R ${level + 3} 0 R] /Count 2 >>`);
    const leaf = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
    const tree = pdfWithPageTree('<< /Type /Pages /Kids [3 0 R] /Count 1 >>', ...levels, leaf);
    expect(await check(tree)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('refuses an object stream that inflates beyond 64 MiB, before pdf-lib inflates it', async () => {
    expect(await check(pdfWithCompressionBomb(65 * 1024 * 1024))).toMatchObject({ ok: false, problem: 'malformed', message: expect.stringContaining('64 MiB') });
  });

  it('parses one file at a time, however many are checked together', async () => {
    const original = PDFDocument.load.bind(PDFDocument);
    const load = jest.spyOn(PDFDocument, 'load');
    let inFlight = 0;
    let mostInFlight = 0;
    load.mockImplementation(async (...args) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        // Turns of the event loop in which other checks, were they not queued, would start theirs.
        for (let turn = 0; turn < 20; turn++) await new Promise(setImmediate);
        return await original(...args);
      } finally {
        inFlight--;
      }
    });
    try {
      const results = await Promise.all([valid, valid, valid, valid].map(check));
      expect(results).toEqual(Array(4).fill({ ok: true, pages: 2 }));
      expect(load).toHaveBeenCalledTimes(4);
      expect(mostInFlight).toBe(1);
    } finally {
      load.mockRestore();
    }
  });
});
