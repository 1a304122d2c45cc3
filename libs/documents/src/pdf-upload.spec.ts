import { createHash } from 'node:crypto';
import { once, EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pngImage, writtenPdf } from '../../../test/fixtures/pdf-files';
import { receivePdfUpload, type UploadLimits } from './pdf-upload';
import { UploadRefused } from './upload-refused';

/**
 * A real HTTP server whose only handler is `receivePdfUpload`, answering with what it received or
 * with the refusal, and real clients: `fetch` with a FormData as a browser sends it, and
 * `node:http` for the bodies no browser would send.
 */
describe('receivePdfUpload', () => {
  let tempDir: string;
  let server: Server;
  let origin: string;
  let limits: UploadLimits;
  let pdf: Buffer;
  /** Emits `settled` with what `receivePdfUpload` resolved or rejected with, for each request. */
  const outcomes = new EventEmitter();

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'ctg-upload-spec-'));
    pdf = await writtenPdf({ pages: 2 });
    server = createServer(async (request, response) => {
      try {
        const upload = await receivePdfUpload(request, limits);
        const stored = await readFile(upload.path);
        const { discard, ...received } = upload;
        await discard();
        outcomes.emit('settled', received);
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ...received, storedSha256: sha256(stored) }));
      } catch (error) {
        outcomes.emit('settled', error);
        const refusal = error instanceof UploadRefused ? error : new UploadRefused(400, 'unexpected', String(error));
        response.writeHead(error instanceof UploadRefused ? refusal.status : 500, { 'content-type': 'application/json', connection: 'close' });
        response.end(JSON.stringify({ field: refusal.field, message: refusal.message }));
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    limits = { maxFileBytes: 50 * 1024 * 1024, stallTimeoutMs: 5000, fields: ['kind', 'reason'], tempDir };
  });
  afterEach(async () => {
    // Every test, accepted or refused, leaves the temporary folder as it found it.
    expect(await readdir(tempDir)).toEqual([]);
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await rm(tempDir, { recursive: true, force: true });
  });

  function sha256(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  async function sendForm(file: Buffer | undefined, fileName: string, fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file !== undefined) form.append('file', new Blob([file], { type: 'application/pdf' }), fileName);
    const response = await fetch(`${origin}/upload`, { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  /** `disposition` replaces the Content-Disposition parameters; null leaves the header out. */
  type Part = { name: string; body: Buffer | string; filename?: string; disposition?: string | null; headers?: string };
  const BOUNDARY = '----ctg-spec-boundary';

  /** A multipart body written by hand. */
  function multipart(parts: Part[], end = true): Buffer {
    const pieces = parts.flatMap((part) => {
      const parameters = part.disposition ?? `name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
      const disposition = part.disposition === null ? '' : `Content-Disposition: form-data; ${parameters}\r\n`;
      return [
        Buffer.from(`--${BOUNDARY}\r\n${disposition}${part.headers ?? ''}\r\n`, 'utf8'),
        Buffer.from(part.body),
        Buffer.from('\r\n'),
      ];
    });
    return Buffer.concat([...pieces, Buffer.from(end ? `--${BOUNDARY}--\r\n` : '')]);
  }

  /**
   * Posts `body` with `node:http`; when `thenStop` is set, sends only that much of it and keeps
   * the connection open without sending more, as a stalled client does.
   */
  function post(body: Buffer, options: { contentType?: string; contentLength?: number; thenStop?: boolean } = {}) {
    return new Promise<{ status: number; body: Record<string, any> }>((resolve, reject) => {
      const request = httpRequest(`${origin}/upload`, {
        method: 'POST',
        headers: {
          'content-type': options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': options.contentLength ?? body.length,
        },
      });
      request.on('error', reject);
      request.on('response', async (response) => {
        const chunks: Buffer[] = [];
        for await (const chunk of response) chunks.push(chunk as Buffer);
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) });
        request.destroy();
      });
      if (options.thenStop) request.write(body);
      else request.end(body);
    });
  }

  it('receives a PDF: the hash and size of the bytes sent, its pages, its name and fields, in a file of ours', async () => {
    const { status, body } = await sendForm(pdf, 'Délibération n°12 — CTG.pdf', { kind: 'act', reason: 'version signée' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      sha256: sha256(pdf),
      storedSha256: sha256(pdf),
      size: pdf.length,
      pages: 2,
      fileName: 'Délibération n°12 — CTG.pdf',
      fields: { kind: 'act', reason: 'version signée' },
    });
    expect(dirname(body.path)).toBe(tempDir);
    expect(basename(body.path)).toMatch(/^ctg-upload-[0-9a-f-]{36}\.part$/);
  });

  it('receives a file of exactly the size limit', async () => {
    limits.maxFileBytes = pdf.length;
    expect((await sendForm(pdf, 'acte.pdf')).status).toBe(201);
  });

  it.each([
    ['a PNG image named like a PDF', () => pngImage(), 415, 'not a PDF'],
    ['a text file that begins with %PDF-1.7', () => Buffer.from('%PDF-1.7\nQuelques mots.\n'.repeat(100)), 415, 'not a PDF'],
    ['a PDF missing its last 20 bytes', () => pdf.subarray(0, -20), 422, 'truncated'],
    ['a PDF cut in half', () => pdf.subarray(0, pdf.length / 2), 422, 'truncated'],
    ['an empty file', () => Buffer.alloc(0), 422, 'empty'],
  ])('refuses %s', async (_what, file, status, words) => {
    const { status: answered, body } = await sendForm(file(), 'acte.pdf');
    expect(answered).toBe(status);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining(words) });
  });

  it('refuses an encrypted PDF', async () => {
    const { status, body } = await sendForm(await writtenPdf({ userPassword: 'secret' }), 'acte.pdf');
    expect(status).toBe(422);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('encrypted') });
  });

  it('refuses a file over the limit while it streams', async () => {
    limits.maxFileBytes = 1000;
    const { status, body } = await sendForm(Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]), 'acte.pdf');
    expect(status).toBe(413);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('larger than the limit') });
  });

  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    limits.maxFileBytes = 1024 * 1024;
    const start = multipart([{ name: 'file', filename: 'acte.pdf', body: pdf }], false);
    const { status, body } = await post(start, { contentLength: 200 * 1024 * 1024, thenStop: true });
    expect(status).toBe(413);
    expect(body.field).toBe('file');
  });

  it.each([
    ['1,000 characters long', `${'a'.repeat(996)}.pdf`, 'longer than 255'],
    ['a relative path', '../../etc/passwd', 'path separator'],
    ['a Windows path', 'C:\\Users\\mairie\\acte.pdf', 'path separator'],
  ])('refuses a file name %s', async (_what, fileName, words) => {
    const { status, body } = await sendForm(pdf, fileName);
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'fileName', message: expect.stringContaining(words) });
  });

  it.each([
    ['a NUL (RFC 5987 encoded)', "filename*=UTF-8''acte%00.pdf", 'control character'],
    ['a line feed (RFC 5987 encoded)', "filename*=UTF-8''acte%0A.pdf", 'control character'],
    ['a right-to-left override', "filename*=UTF-8''acte%E2%80%AEfdp.exe", 'control character'],
    ['no filename at all, with a binary content type', null, 'required'],
    ['an empty filename', 'filename=""', 'required'],
  ])('refuses a file name with %s', async (_what, parameter, words) => {
    const part: Part =
      parameter === null
        ? { name: 'file', body: pdf, headers: 'Content-Type: application/octet-stream\r\n' }
        : { name: 'file', body: pdf, disposition: `name="file"; ${parameter}` };
    const { status, body } = await post(multipart([part]));
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'fileName', message: expect.stringContaining(words) });
  });

  it('refuses a raw NUL byte in a part header as a malformed body', async () => {
    const { status, body } = await post(multipart([{ name: 'file', body: pdf, disposition: 'name="file"; filename="acte\u0000.pdf"' }]));
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('malformed') });
  });

  it('refuses a form of hundreds of parts at the first it does not expect', async () => {
    const parts = Array.from({ length: 300 }, (_, index) => ({ name: `f${index}`, body: 'x' }));
    const { status, body } = await post(multipart([{ name: 'file', filename: 'acte.pdf', body: pdf }, ...parts]));
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'f0', message: expect.stringContaining('unknown field') });
  });

  it('refuses a form of hundreds of anonymous parts, which busboy would skip', async () => {
    const parts = Array.from({ length: 300 }, () => ({ name: '', body: 'x', disposition: null, headers: 'Content-Type: text/plain\r\n' }));
    const { status, body } = await post(multipart([{ name: 'file', filename: 'acte.pdf', body: pdf }, ...parts]));
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('too many parts') });
  });

  it('refuses a part with 100 KiB of headers', async () => {
    const huge = `X-Padding: ${'p'.repeat(100 * 1024)}\r\n`;
    const { status, body } = await post(multipart([{ name: 'file', filename: 'acte.pdf', body: pdf, headers: huge }]));
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('malformed') });
  });

  it('refuses a second file', async () => {
    const file = { name: 'file', filename: 'acte.pdf', body: pdf };
    const { status, body } = await post(multipart([file, file]));
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('one file') });
  });

  it('refuses a field it does not expect, naming it', async () => {
    const { status, body } = await sendForm(pdf, 'acte.pdf', { sha256: 'f'.repeat(64) });
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'sha256', message: expect.stringContaining('unknown field "sha256"') });
  });

  it('refuses a field given twice, naming it', async () => {
    const file = { name: 'file', filename: 'acte.pdf', body: pdf };
    const { status, body } = await post(multipart([{ name: 'kind', body: 'act' }, { name: 'kind', body: 'convention' }, file]));
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'kind', message: expect.stringContaining('given twice') });
  });

  it('refuses a field too long, naming it', async () => {
    const { status, body } = await sendForm(pdf, 'acte.pdf', { reason: 'r'.repeat(5000) });
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'reason', message: expect.stringContaining('longer than') });
  });

  it('refuses a form without a file', async () => {
    const { status, body } = await sendForm(undefined, '', { kind: 'act' });
    expect(status).toBe(400);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('No file') });
  });

  it('refuses a body that is not multipart', async () => {
    const { status, body } = await post(Buffer.from('{"file":"JVBERi0="}'), { contentType: 'application/json' });
    expect(status).toBe(415);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('multipart/form-data') });
  });

  it('refuses a multipart body cut short', async () => {
    const whole = multipart([{ name: 'file', filename: 'acte.pdf', body: pdf }]);
    const { status, body } = await post(whole.subarray(0, whole.length / 2), {});
    expect(status).toBe(400);
    expect(body.field).toBe('file');
  });

  it('refuses an upload that stalls, and drops what it received', async () => {
    limits.stallTimeoutMs = 500;
    const whole = multipart([{ name: 'file', filename: 'acte.pdf', body: pdf }]);
    const { status, body } = await post(whole.subarray(0, whole.length / 2), { contentLength: whole.length, thenStop: true });
    expect(status).toBe(408);
    expect(body).toEqual({ field: 'file', message: expect.stringContaining('stalled') });
  });

  it('drops the partial file of a client that goes away', async () => {
    const settled = once(outcomes, 'settled');
    const whole = multipart([{ name: 'file', filename: 'acte.pdf', body: pdf }]);
    const request = httpRequest(`${origin}/upload`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': whole.length },
    });
    request.on('error', () => undefined);
    request.write(whole.subarray(0, whole.length / 2), () => request.destroy());
    const [outcome] = await settled;
    expect(outcome).toBeInstanceOf(UploadRefused);
    expect(outcome.message).toContain('interrupted');
  });
});
