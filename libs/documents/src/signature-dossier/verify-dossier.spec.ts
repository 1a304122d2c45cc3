import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { GENESIS_HASH, chainEvents } from '@ctg/persistence/record-chain';
import { readZipEntries } from '../testing/zip-entries';
import { DOSSIER_ARCHIVE_JSON, DOSSIER_MANIFEST, Dossier, writeDossierZip } from './dossier';
import { verifyDossier } from './verify-dossier';

const dir = mkdtempSync(join(tmpdir(), 'ctg-dossier-'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const ACT_PATH = 'deliberations/31044-avignonet-lauragais-deliberation-v1.pdf';

const convention = Buffer.from('%PDF-1.7 convention territoriale globale\n%%EOF\n');
const act = Buffer.from('%PDF-1.7 extrait du registre des délibérations\n%%EOF\n');

/** An archive of three chained events naming the convention and the act, as the API writes it. */
function archive(): { json: Buffer; finalHash: string } {
  const events = chainEvents(GENESIS_HASH, [
    { campaignId: 'ctg-31', seq: 1, id: 'a1', type: 'CampaignLaunched', occurredAt: '2023-06-01T08:00:00.000Z', actor: { kind: 'administrator', id: 'a@caf31.fr' }, data: { id: 'ctg-31' } },
    { campaignId: 'ctg-31', seq: 2, id: 'a2', type: 'DocumentAttached', occurredAt: '2023-06-02T08:00:00.000Z', actor: { kind: 'administrator', id: 'a@caf31.fr' }, data: { sha256: sha256(convention) } },
    { campaignId: 'ctg-31', seq: 3, id: 'a3', type: 'DeliberationActAttached', occurredAt: '2023-07-02T08:00:00.000Z', actor: { kind: 'secretary', id: 'l1' }, data: { sha256: sha256(act) } },
  ]);
  const finalHash = events[2].hash;
  const documents = [{ sha256: sha256(convention) }, { sha256: sha256(act) }];
  return { json: Buffer.from(JSON.stringify({ campaignId: 'ctg-31', finalHash, documents, events: events.map(({ campaignId: _c, ...e }) => e) })), finalHash };
}

function dossier(): Dossier {
  const { json, finalHash } = archive();
  const stored = (bytes: Buffer) => ({ sha256: sha256(bytes), size: bytes.length, open: async () => Readable.from([bytes]) });
  return {
    campaignId: 'ctg-31',
    title: 'CTG des Terres du Lauragais',
    generatedAt: '2023-11-22T10:00:00.000Z',
    finalHash,
    files: [
      { path: 'convention/convention-v1.pdf', role: 'convention', ...stored(convention) },
      { path: ACT_PATH, role: 'act', ...stored(act) },
      { path: 'signature/page-de-signature.pdf', role: 'signature_page', bytes: Buffer.from('%PDF-1.7 page\n') },
      { path: DOSSIER_ARCHIVE_JSON, role: 'archive_json', bytes: json },
    ],
  };
}

async function written(name: string, d: Dossier = dossier()): Promise<string> {
  const file = join(dir, name);
  const output = createWriteStream(file);
  await writeDossierZip(d, output);
  await finished(output);
  return file;
}

/** The same ZIP with some entries' bytes replaced, some dropped, some added: the old manifest kept. */
async function tampered(source: string, name: string, change: (entries: Map<string, Buffer>) => void): Promise<string> {
  const entries = new Map((await readZipEntries(readFileSync(source))).map((e) => [e.name, e.data]));
  change(entries);
  const zip = new ZipFile();
  for (const [path, bytes] of entries) zip.addBuffer(bytes, path);
  zip.end();
  const file = join(dir, name);
  const output = createWriteStream(file);
  zip.outputStream.pipe(output);
  await finished(output);
  return file;
}

describe('the dossier de signature, checked offline', () => {
  it('verifies a dossier as written: every file against its manifest, the chain of the archive, the files the record names', async () => {
    const result = await verifyDossier(await written('intact.zip'));
    expect(result).toEqual({ ok: true, problems: [], files: 4, finalHash: archive().finalHash });
  });

  it('names the deliberation whose one byte was changed', async () => {
    const file = await tampered(await written('source-1.zip'), 'one-byte.zip', (entries) => {
      const bytes = Buffer.from(entries.get(ACT_PATH)!);
      bytes[10] ^= 0x01;
      entries.set(ACT_PATH, bytes);
    });
    const result = await verifyDossier(file);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ path: ACT_PATH, message: expect.stringMatching(/^FILE ALTERED: the manifest gives sha256 [0-9a-f]{64}/) }]);
  });

  it('names an archive whose event was edited, a file removed and a file added', async () => {
    const file = await tampered(await written('source-2.zip'), 'several.zip', (entries) => {
      entries.set(DOSSIER_ARCHIVE_JSON, Buffer.from(entries.get(DOSSIER_ARCHIVE_JSON)!.toString('utf8').replace('a@caf31.fr', 'b@caf31.fr')));
      entries.delete('signature/page-de-signature.pdf');
      entries.set('deliberations/autre.pdf', Buffer.from('%PDF-1.7 autre'));
    });
    const { problems } = await verifyDossier(file);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: DOSSIER_ARCHIVE_JSON, message: expect.stringMatching(/^FILE ALTERED/) },
        { path: DOSSIER_ARCHIVE_JSON, message: expect.stringMatching(/^CHAIN BROKEN at event 1/) },
        { path: 'signature/page-de-signature.pdf', message: expect.stringMatching(/^FILE MISSING/) },
        { path: 'deliberations/autre.pdf', message: expect.stringMatching(/^FILE ADDED/) },
      ]),
    );
  });

  it('names a stored file the record never named, even with a manifest that vouches for it', async () => {
    const d = dossier();
    const stranger = Buffer.from('%PDF-1.7 not in the record');
    d.files.push({ path: 'deliberations/inconnu.pdf', role: 'act', bytes: stranger });
    const { problems } = await verifyDossier(await written('stranger.zip', d));
    expect(problems).toEqual([{ path: 'deliberations/inconnu.pdf', message: expect.stringMatching(/^NOT IN THE RECORD/) }]);
  });

  it('names a file whose deflated bytes were damaged in the ZIP itself, and still checks the others', async () => {
    const bytes = readFileSync(await written('source-5.zip'));
    const entries = await readZipEntries(bytes);
    const at = (name: string) => {
      const e = entries.find((x) => x.name === name)!;
      // The local header: 30 bytes, then the name and the extra field, then the entry's data.
      return e.localHeaderOffset + 30 + bytes.readUInt16LE(e.localHeaderOffset + 26) + bytes.readUInt16LE(e.localHeaderOffset + 28);
    };
    expect(entries.find((e) => e.name === DOSSIER_ARCHIVE_JSON)!.compressionMethod).toBe(8);
    // A deflate block of the reserved type 3: no inflater reads past it.
    bytes[at(DOSSIER_ARCHIVE_JSON)] = 0x07;
    // The act is stored as it is: one byte changed in place.
    bytes[at(ACT_PATH) + 10] ^= 0x01;
    const file = join(dir, 'damaged.zip');
    writeFileSync(file, bytes);
    const { ok, problems } = await verifyDossier(file);
    expect(ok).toBe(false);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: DOSSIER_ARCHIVE_JSON, message: expect.stringMatching(/^FILE UNREADABLE/) },
        { path: DOSSIER_ARCHIVE_JSON, message: expect.stringMatching(/chain is not checked/) },
        { path: ACT_PATH, message: expect.stringMatching(/^FILE ALTERED/) },
      ]),
    );
    expect(problems.every((p) => p.path !== undefined)).toBe(true);
  });

  it('names the event whose prevHash was rewritten, even when its hash still verifies', async () => {
    const file = await tampered(await written('source-6.zip'), 'prev-hash.zip', (entries) => {
      const archived = JSON.parse(entries.get(DOSSIER_ARCHIVE_JSON)!.toString('utf8'));
      archived.events[1].prevHash = 'f'.repeat(64);
      entries.set(DOSSIER_ARCHIVE_JSON, Buffer.from(JSON.stringify(archived)));
    });
    const { problems } = await verifyDossier(file);
    expect(problems).toEqual(
      expect.arrayContaining([{ path: DOSSIER_ARCHIVE_JSON, message: 'CHAIN BROKEN at event 2 (seq 2): its prevHash is not the hash of the event before' }]),
    );
  });

  it('names a file the manifest lists twice', async () => {
    const file = await tampered(await written('source-7.zip'), 'listed-twice.zip', (entries) => {
      const manifest = JSON.parse(entries.get(DOSSIER_MANIFEST)!.toString('utf8'));
      manifest.files.push(manifest.files.find((f: { path: string }) => f.path === ACT_PATH));
      entries.set(DOSSIER_MANIFEST, Buffer.from(JSON.stringify(manifest)));
    });
    expect((await verifyDossier(file)).problems).toEqual([{ path: ACT_PATH, message: expect.stringMatching(/^LISTED TWICE/) }]);
  });

  it('refuses what is not a dossier, without a crash: not a ZIP, no manifest, a manifest that is not JSON', async () => {
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'PK not really');
    expect((await verifyDossier(notZip)).problems[0].message).toMatch(/^not a readable ZIP/);
    const noManifest = await tampered(await written('source-3.zip'), 'no-manifest.zip', (entries) => entries.delete(DOSSIER_MANIFEST));
    expect((await verifyDossier(noManifest)).problems).toEqual([{ path: DOSSIER_MANIFEST, message: `the dossier has no ${DOSSIER_MANIFEST}` }]);
    const garbled = await tampered(await written('source-4.zip'), 'garbled.zip', (entries) => entries.set(DOSSIER_MANIFEST, Buffer.from('{"files": [')));
    expect((await verifyDossier(garbled)).problems).toEqual([{ path: DOSSIER_MANIFEST, message: `${DOSSIER_MANIFEST} is not JSON` }]);
  });

  it('gives a problem, not a crash, for hostile ZIPs: a zip-slip name, a size other than declared, a huge declared size', async () => {
    /** The ZIP of a written dossier with the central directory records of `names` changed by `patch` (given the record's offset). */
    const patched = async (source: string, names: string[], out: string, patch: (bytes: Buffer, at: number) => void) => {
      const bytes = readFileSync(await written(source));
      for (let at = bytes.indexOf('PK\x01\x02'); at >= 0; at = bytes.indexOf('PK\x01\x02', at + 4)) {
        if (names.includes(bytes.toString('latin1', at + 46, at + 46 + bytes.readUInt16LE(at + 28)))) patch(bytes, at);
      }
      const file = join(dir, out);
      writeFileSync(file, bytes);
      return file;
    };
    const slip = await patched('source-8.zip', ['signature/page-de-signature.pdf'], 'slip.zip', (bytes, at) => bytes.write('../../../../../../../etc/passwd', at + 46, 'latin1'));
    expect((await verifyDossier(slip)).problems).toEqual([{ message: expect.stringMatching(/^not a readable ZIP: .*\.\.\//) }]);

    // A bomb's trick: more bytes inflated than the directory declares; the file is named, the others still checked.
    const longer = await patched('source-9.zip', [DOSSIER_ARCHIVE_JSON], 'longer.zip', (bytes, at) => bytes.writeUInt32LE(10, at + 24));
    const { problems } = await verifyDossier(longer);
    expect(problems).toEqual(expect.arrayContaining([{ path: DOSSIER_ARCHIVE_JSON, message: expect.stringMatching(/^FILE UNREADABLE/) }]));

    // A stored file declared at 4 GiB in a ZIP of a few kilobytes: named, never read.
    const beyond = await patched('source-10.zip', [ACT_PATH], 'beyond.zip', (bytes, at) => {
      bytes.writeUInt32LE(0xfffffff0, at + 20);
      bytes.writeUInt32LE(0xfffffff0, at + 24);
    });
    expect((await verifyDossier(beyond)).problems).toEqual([{ path: ACT_PATH, message: expect.stringMatching(/^FILE UNREADABLE/) }]);

    // Deflated files declared at 12 GiB in all: refused before anything is inflated that far.
    const bomb = await patched('source-11.zip', [DOSSIER_MANIFEST, 'signature/page-de-signature.pdf', DOSSIER_ARCHIVE_JSON], 'bomb.zip', (bytes, at) =>
      bytes.writeUInt32LE(0xfffffff0, at + 24),
    );
    expect((await verifyDossier(bomb)).problems).toEqual([{ message: 'not a readable ZIP: it unpacks to more than 8 GiB' }]);
  });

  it('refuses to write a dossier with an unsafe or repeated path', async () => {
    const d = dossier();
    d.files.push({ path: '../etc/passwd', role: 'act', bytes: act }, { path: ACT_PATH, role: 'act', bytes: act });
    await expect(written('unsafe.zip', d)).rejects.toMatchObject({ fields: [{ field: 'files[4].path' }, { field: 'files[5].path' }] });
  });
});
