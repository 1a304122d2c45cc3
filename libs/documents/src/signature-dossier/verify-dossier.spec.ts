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

  it('refuses what is not a dossier, without a crash: not a ZIP, no manifest, a manifest that is not JSON', async () => {
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'PK not really');
    expect((await verifyDossier(notZip)).problems[0].message).toMatch(/^not a readable ZIP/);
    const noManifest = await tampered(await written('source-3.zip'), 'no-manifest.zip', (entries) => entries.delete(DOSSIER_MANIFEST));
    expect((await verifyDossier(noManifest)).problems).toEqual([{ path: DOSSIER_MANIFEST, message: `the dossier has no ${DOSSIER_MANIFEST}` }]);
    const garbled = await tampered(await written('source-4.zip'), 'garbled.zip', (entries) => entries.set(DOSSIER_MANIFEST, Buffer.from('{"files": [')));
    expect((await verifyDossier(garbled)).problems).toEqual([{ path: DOSSIER_MANIFEST, message: `${DOSSIER_MANIFEST} is not JSON` }]);
  });

  it('refuses to write a dossier with an unsafe or repeated path', async () => {
    const d = dossier();
    d.files.push({ path: '../etc/passwd', role: 'act', bytes: act }, { path: ACT_PATH, role: 'act', bytes: act });
    await expect(written('unsafe.zip', d)).rejects.toMatchObject({ fields: [{ field: 'files[4].path' }, { field: 'files[5].path' }] });
  });
});
