import { createHash } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { DomainError } from '@ctg/domain';
import { readZipEntries } from '../testing/zip-entries';
import { actFileNames } from './act-file-names';
import { ActsZipEntry, writeActsZip } from './acts-zip';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n${'x'.repeat(5000)}\n%%EOF\n`);

/** An act whose stream is made when opened, with a log of when it was opened and finished. */
function act(signatoryId: string, bodyName: string, version: number, bytes: Buffer, log: string[] = []): ActsZipEntry {
  const name = `${signatoryId} v${version}`;
  return {
    signatoryId,
    bodyName,
    version,
    sha256: sha256(bytes),
    size: bytes.length,
    open: async () => {
      log.push(`open ${name}`);
      const stream = Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)], { objectMode: false });
      stream.on('end', () => log.push(`end ${name}`));
      return stream;
    },
  };
}

async function zipOf(entries: ActsZipEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const output = new PassThrough();
  output.on('data', (c: Buffer) => chunks.push(c));
  await writeActsZip(entries, output);
  return Buffer.concat(chunks);
}

describe('the ZIP of the acts', () => {
  const first = pdf('Avignonet v1');
  const second = pdf('Avignonet v2');
  const caf = pdf('CAF');

  it('holds each act named by its body, byte for byte, stored, with a manifest that lists them', async () => {
    const log: string[] = [];
    const entries = [
      act('31044', 'Avignonet-Lauragais', 1, first, log),
      act('31044', 'Avignonet-Lauragais – délibération', 2, second, log),
      act('caf31', 'Caisse d’allocations familiales de la Haute-Garonne', 1, caf, log),
    ];
    const files = await readZipEntries(await zipOf(entries));

    expect(files.map((f) => f.name)).toEqual([
      'manifeste.csv',
      '31044-avignonet-lauragais-deliberation-v1.pdf',
      '31044-avignonet-lauragais-deliberation-deliberation-v2.pdf',
      'caf31-caisse-d-allocations-familiales-de-la-haute-garonne-deliberation-v1.pdf',
    ]);
    expect(files.slice(1).map((f) => sha256(f.data))).toEqual([sha256(first), sha256(second), sha256(caf)]);
    expect(files.slice(1).map((f) => f.compressionMethod)).toEqual([0, 0, 0]);

    const manifest = files[0].data.toString('utf8').replace(/^\ufeff/, '').split('\r\n');
    expect(manifest[0]).toBe('fichier,collectivite,version,sha256,taille_octets');
    expect(manifest).toContain(`31044-avignonet-lauragais-deliberation-v1.pdf,Avignonet-Lauragais,1,${sha256(first)},${first.length}`);
    expect(manifest).toContain(`31044-avignonet-lauragais-deliberation-deliberation-v2.pdf,Avignonet-Lauragais – délibération,2,${sha256(second)},${second.length}`);
    expect(manifest).toContain(`caf31-caisse-d-allocations-familiales-de-la-haute-garonne-deliberation-v1.pdf,Caisse d’allocations familiales de la Haute-Garonne,1,${sha256(caf)},${caf.length}`);

    // Each act is opened when its turn comes, once the one before it has been read.
    expect(log).toEqual(['open 31044 v1', 'end 31044 v1', 'open 31044 v2', 'end 31044 v2', 'open caf31 v1', 'end caf31 v1']);
  });

  it('gives a body named like a path a safe name, and two bodies of one name two files', async () => {
    const files = await readZipEntries(
      await zipOf([act('31001', '../../etc/passwd', 1, first), act('31002', 'Saint-Félix', 1, second), act('31003', 'Saint-Félix', 1, caf)]),
    );
    const names = files.map((f) => f.name);
    expect(names).toEqual(['manifeste.csv', '31001-etc-passwd-deliberation-v1.pdf', '31002-saint-felix-deliberation-v1.pdf', '31003-saint-felix-deliberation-v1.pdf']);
  });

  it('makes a body name that a spreadsheet would run as a formula inert in the manifest', async () => {
    const files = await readZipEntries(await zipOf([act('31001', '=HYPERLINK("http://x")', 1, first)]));
    expect(files[0].data.toString('utf8')).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('breaks the download when an act does not match its recorded hash, naming it', async () => {
    const tampered = { ...act('31044', 'Avignonet-Lauragais', 1, first), sha256: sha256(second) };
    const output = new PassThrough();
    output.resume();
    await expect(writeActsZip([tampered], output)).rejects.toThrow(/31044-avignonet-lauragais-deliberation-v1\.pdf: the stored bytes hash to/);
    expect(output.destroyed).toBe(true);
  });

  it('breaks the download when an act cannot be opened, and closes the act being read when the reader goes away', async () => {
    const missing = { ...act('31044', 'Avignonet-Lauragais', 1, first), open: () => Promise.reject(new Error('no such file')) };
    const output = new PassThrough();
    output.resume();
    await expect(writeActsZip([missing], output)).rejects.toThrow(/31044-avignonet-lauragais-deliberation-v1\.pdf: the file could not be opened \(no such file\)/);

    let source: Readable | undefined;
    const endless = {
      ...act('31044', 'Avignonet-Lauragais', 1, first),
      size: 1 << 30,
      open: async () => (source = new Readable({ read() { this.push(Buffer.alloc(16_384)); } })),
    };
    let written = 0;
    const reader = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        if (written > 100_000) this.destroy();
        callback();
      },
    });
    await expect(writeActsZip([endless], reader)).rejects.toThrow();
    expect(source?.destroyed).toBe(true);
  });

  it('refuses entries that break the rules before writing anything', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (c: Buffer) => chunks.push(c));
    const bad = { ...act('31044', 'Avignonet', 1, first), version: 0, sha256: 'not-a-hash' };
    await expect(writeActsZip([bad], output)).rejects.toThrow(DomainError);
    await expect(writeActsZip([bad], output)).rejects.toThrow(/entries\[0\]\.version.*entries\[0\]\.sha256/);
    expect(chunks).toHaveLength(0);
    expect(output.destroyed).toBe(false);
  });
});

describe('the file names of acts', () => {
  it('are ASCII, without path separators or dots but the extension, at most 120 characters, and unique', () => {
    const names = actFileNames([
      { signatoryId: '..', bodyName: '..\\..\\Windows', version: 1 },
      { signatoryId: 'a'.repeat(80), bodyName: 'Très long nom '.repeat(30), version: 12 },
      { signatoryId: 'A1', bodyName: 'Même nom', version: 1 },
      { signatoryId: 'a1', bodyName: 'Même nom', version: 1 },
      { signatoryId: '31044', bodyName: '東京', version: 1 },
    ]);
    expect(names).toEqual([
      'signataire-windows-deliberation-v1.pdf',
      expect.stringMatching(/^a{40}-tres-long-nom-tres-long-nom-[a-z-]*[a-z]-deliberation-v12\.pdf$/),
      'a1-meme-nom-deliberation-v1.pdf',
      'a1-meme-nom-deliberation-v1-2.pdf',
      '31044-deliberation-v1.pdf',
    ]);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(120);
      expect(name).toMatch(/^[a-z0-9-]+\.pdf$/);
    }
  });
});
