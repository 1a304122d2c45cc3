import { createHash } from 'node:crypto';
import { campaignWorkflowId } from '@ctg/domain';
import { keepHistory } from './support/recorded-history';
import yauzl from 'yauzl';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { writtenPdf } from './fixtures/pdf-files';
import { recordCommand } from './support/record-command';
import { TestApp, startTestApp } from './support/test-app';

const S = 'commune-1';
const OTHER = 'commune-2';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The entries of a ZIP, name → bytes, read with yauzl. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** supertest's parser for a binary answer: the bytes as they came. */
const binary = (res: import('supertest').Response, done: (e: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Issue 16: the convention goes out to every body, and each body's act comes back, on the real stack. */
describe('documents of a campaign', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const events = async (id: string, type: string) =>
    ((await t.http.get(`/campaigns/${id}/events`).set(admin()).expect(200)).body.events as { type: string; data: Record<string, unknown> }[]).filter((e) => e.type === type);
  const storedCount = async (hash: string) =>
    (await t.owner.query(`SELECT count(*)::int AS n FROM stored_document WHERE sha256 = $1`, [hash]))[0].n as number;
  const row = async (id: string, sid = S) =>
    ((await t.http.get(`/campaigns/${id}/signatories`).set(admin()).expect(200)).body.signatories as Record<string, unknown>[]).find((r) => r.id === sid)!;
  const attach = (id: string, file: Buffer, fields: Record<string, string> = { kind: 'convention' }, name = 'convention.pdf') => {
    const req = t.http.post(`/campaigns/${id}/documents`).set(admin());
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', file, { filename: name, contentType: 'application/pdf' });
  };
  const uploadAct = (id: string, token: string, file: Buffer, fields: Record<string, string> = {}, sid = S) => {
    const req = t.http.post(`/campaigns/${id}/signatories/${sid}/acts`).set(bearer(token));
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', file, { filename: 'extrait-registre.pdf', contentType: 'application/pdf' });
  };
  const link = async (id: string, sid = S) => (await t.http.post(`/campaigns/${id}/signatories/${sid}/link`).set(admin()).expect(201)).body.token as string;

  async function launch(conference: boolean): Promise<string> {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    if (conference) await t.http.post(`/campaigns/${body.id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    return body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('attaches the convention once per file, asks why a new version once the deliberations began, and stores nothing it refuses', async () => {
    const id = await launch(false);
    const v1 = await writtenPdf({ text: 'Convention territoriale globale, version 1' });
    const first = await attach(id, v1).expect(201);
    expect(first.body).toMatchObject({ recorded: true, version: { version: 1, name: 'convention.pdf', size: v1.length, sha256: sha256(v1), attachedBy: 'admin@ctg.example.org' } });
    const again = await attach(id, v1).expect(201);
    expect(again.body.recorded).toBe(false);
    expect(await events(id, 'DocumentAttached')).toHaveLength(1);

    await t.http.post(`/campaigns/${id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    const v2 = await writtenPdf({ text: 'Convention territoriale globale, version 2' });
    const noReason = await attach(id, v2).expect(422);
    expect(noReason.body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(await storedCount(sha256(v2))).toBe(0);
    await attach(id, v2, { kind: 'convention', reason: 'Fiche action 3 corrigée' }).expect(201);

    const listed = (await t.http.get(`/campaigns/${id}/documents`).set(admin()).expect(200)).body.documents;
    expect(listed).toEqual([
      expect.objectContaining({ id: 'convention', kind: 'convention', versions: [expect.objectContaining({ version: 1 }), expect.objectContaining({ version: 2, reason: 'Fiche action 3 corrigée' })] }),
    ]);
    const annex = await attach(id, await writtenPdf({ text: 'Annexe : diagnostic partagé' }), { kind: 'annex' }, 'diagnostic.pdf').expect(201);
    expect(annex.body.document).toMatchObject({ id: 'annexe-1', kind: 'annex' });
  });

  it('gives each secretary the convention, records the first opening of each version once, and shows administrators who voted on an older version', async () => {
    const id = await launch(true);
    const v1 = await writtenPdf({ text: 'Convention v1' });
    await attach(id, v1, { kind: 'convention', reason: 'première diffusion' }).expect(201);
    const token = await link(id);

    const download = await t.http.get(`/campaigns/${id}/documents/convention?token=${encodeURIComponent(token)}`).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('convention.pdf');
    expect(sha256(download.body)).toBe(sha256(v1));
    await t.http.get(`/campaigns/${id}/documents/convention`).set(bearer(token)).expect(200);
    expect(await events(id, 'ConventionConsulted')).toEqual([expect.objectContaining({ data: { signatoryId: S, version: 1 } })]);
    expect((await row(id)).conventionConsulted).toEqual([{ version: 1, at: expect.any(String) }]);
    expect((await row(id, OTHER)).conventionConsulted).toBeNull();
    // An administrator's download is no body's reading.
    await t.http.get(`/campaigns/${id}/documents/convention`).set(admin()).expect(200);
    expect(await events(id, 'ConventionConsulted')).toHaveLength(1);

    const act = await writtenPdf({ text: 'Extrait du registre des délibérations — Commune 1' });
    const uploaded = await uploadAct(id, token, act).expect(201);
    expect(uploaded.body.act).toMatchObject({ version: 1, sha256: sha256(act), size: act.length });
    await t.http.put(`/campaigns/${id}/signatories/${S}/deliberation`).set(bearer(token)).send(adopted({ documentSha256: sha256(act) })).expect(200);
    const forged = await t.http.put(`/campaigns/${id}/signatories/${OTHER}/deliberation`).set(admin()).send(adopted({ documentSha256: 'a'.repeat(64) })).expect(422);
    expect(forged.body.fields).toEqual([expect.objectContaining({ field: 'documentSha256' })]);

    await attach(id, await writtenPdf({ text: 'Convention v2' }), { kind: 'convention', reason: 'erratum' }).expect(201);
    await t.http.put(`/campaigns/${id}/signatories/${OTHER}/deliberation`).set(admin()).send(adopted()).expect(200);
    expect(await row(id)).toMatchObject({ conventionVersionVoted: 1, deliberation: expect.objectContaining({ documentSha256: sha256(act) }) });
    expect(await row(id, OTHER)).toMatchObject({ conventionVersionVoted: 2 });
    await keepHistory('campaign-documents.json', () => t.temporal.workflow.getHandle(campaignWorkflowId(id)).fetchHistory());
  });

  it('keeps every version of an act, lets only its own body and administrators read it, and zips all acts named by body', async () => {
    const id = await launch(true);
    const token = await link(id);
    const otherToken = await link(id, OTHER);
    const act1 = await writtenPdf({ text: 'Extrait, première version' });
    const act2 = await writtenPdf({ text: 'Extrait signé, seconde version' });
    await uploadAct(id, token, act1).expect(201);
    expect((await uploadAct(id, token, act1).expect(201)).body.recorded).toBe(false);
    expect((await uploadAct(id, token, act2).expect(422)).body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    await uploadAct(id, token, act2, { reason: 'la signature du maire manquait' }).expect(201);
    await uploadAct(id, otherToken, await writtenPdf({ text: 'Extrait — Commune 2' }), {}, OTHER).expect(201);

    // The secretary's page learns from /auth/me what the body already sent, so a new file asks why.
    const me = await t.http.get('/auth/me').set(bearer(token)).expect(200);
    expect(me.body.signatory.acts.map((a: { version: number; sha256: string }) => [a.version, a.sha256])).toEqual([[1, sha256(act1)], [2, sha256(act2)]]);
    await uploadAct(id, otherToken, act1).expect(403);
    await t.http.get(`/campaigns/${id}/signatories/${S}/acts/1`).set(bearer(otherToken)).expect(403);
    const mine = await t.http.get(`/campaigns/${id}/signatories/${S}/acts/2`).set(bearer(token)).buffer(true).parse(binary).expect(200);
    expect(sha256(mine.body)).toBe(sha256(act2));
    await t.http.get(`/campaigns/${id}/acts.zip`).set(bearer(token)).expect(403);

    const zip = await t.http.get(`/campaigns/${id}/acts.zip`).set(admin()).buffer(true).parse(binary).expect(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const entries = await unzip(zip.body);
    const pdfs = [...entries.keys()].filter((n) => n.endsWith('.pdf')).sort();
    expect(pdfs).toHaveLength(3);
    expect(pdfs.filter((n) => n.startsWith(`${S}-`))).toHaveLength(2);
    const hashes = new Set(pdfs.map((n) => sha256(entries.get(n)!)));
    expect(hashes.has(sha256(act1)) && hashes.has(sha256(act2))).toBe(true);
    expect(entries.get('manifeste.csv')?.toString()).toContain(sha256(act2));
  });

  it('has `npm run record -- verify` re-hash every stored file the record names, and name the one altered behind its back', async () => {
    const id = await launch(true);
    const act = await writtenPdf({ text: 'Extrait du registre, pour la vérification' });
    await uploadAct(id, t.adminToken, act).expect(201);
    const intact = await recordCommand(['verify', id]);
    expect(intact.code).toBe(0);
    expect(intact.out).toContain('1 stored file matches the record (postgres)');

    const [chunk] = await t.owner.query(`SELECT bytes FROM stored_document_chunk WHERE sha256 = $1 AND chunk_no = 0`, [sha256(act)]);
    const altered = Buffer.from(chunk.bytes);
    altered[altered.length - 40] ^= 0x01;
    await t.owner.query(`UPDATE stored_document_chunk SET bytes = $2 WHERE sha256 = $1 AND chunk_no = 0`, [sha256(act), altered]);
    try {
      const found = await recordCommand(['verify', id]);
      expect(found.code).toBe(1);
      expect(found.out).toContain(`FILE ALTERED: act v1 of Commune 1 « extrait-registre.pdf » (sha256 ${sha256(act)})`);
    } finally {
      await t.owner.query(`UPDATE stored_document_chunk SET bytes = $2 WHERE sha256 = $1 AND chunk_no = 0`, [sha256(act), chunk.bytes]);
    }
  });

  it('refuses what is not a readable PDF, names the problem, and records and stores nothing', async () => {
    const id = await launch(true);
    const before = (await t.owner.query(`SELECT count(*)::int AS n FROM stored_document`))[0].n;
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect((await attach(id, png).expect(415)).body.fields).toEqual([expect.objectContaining({ field: 'file' })]);
    const encrypted = await writtenPdf({ text: 'Convention chiffrée', userPassword: 'secret' });
    expect((await attach(id, encrypted).expect(422)).body.message).toMatch(/encrypt/i);
    const whole = await writtenPdf({ text: 'Convention tronquée' });
    await attach(id, whole.subarray(0, Math.floor(whole.length / 2))).expect(422);
    await attach(id, Buffer.alloc(0)).expect(422);
    // Written by hand: supertest's form-data would strip the path from the name before sending it.
    for (const nameParameter of ['filename="../../etc/passwd"', "filename*=UTF-8''acte%07.pdf", `filename="${'a'.repeat(1000)}.pdf"`]) {
      const boundary = 'ctg-boundary-7f3a';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nconvention\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${nameParameter}\r\nContent-Type: application/pdf\r\n\r\n`),
        whole,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const refused = await t.http.post(`/campaigns/${id}/documents`).set(admin()).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body).expect(400);
      expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'fileName' })]);
    }
    expect((await attach(id, whole, { kind: 'contrat' }).expect(422)).body.fields).toEqual([expect.objectContaining({ field: 'kind' })]);
    await t.http.post(`/campaigns/${id}/documents`).set(admin()).send({ kind: 'convention' }).expect(415);
    expect((await t.owner.query(`SELECT count(*)::int AS n FROM stored_document`))[0].n).toBe(before);
    expect(await events(id, 'DocumentAttached')).toHaveLength(0);

    const token = await link(id);
    await t.http.post(`/campaigns/${id}/cancel`).set(admin()).send({ reason: 'abandon' }).expect(200);
    await attach(id, whole).expect(409);
    await uploadAct(id, t.adminToken, whole).expect(409);
    // The campaign closed, the secretary's link with it.
    await uploadAct(id, token, whole).expect(401);
  });

  it('fills each body’s draft deliberation in DOCX and ODT from the campaign, in the wording an administrator chose', async () => {
    const id = await launch(true);
    await attach(id, await writtenPdf({ text: 'Convention' }), { kind: 'convention', reason: 'diffusion' }).expect(201);
    const token = await link(id);
    const docx = await t.http.get(`/campaigns/${id}/signatories/${S}/draft-deliberation`).set(bearer(token)).buffer(true).parse(binary).expect(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const documentXml = (await unzip(docx.body)).get('word/document.xml')?.toString() ?? '';
    expect(documentXml).toContain('Commune 1');
    expect(documentXml).toContain('Convention de test');
    const odt = await t.http.get(`/campaigns/${id}/signatories/${S}/draft-deliberation?format=odt`).set(bearer(token)).buffer(true).parse(binary).expect(200);
    const odtEntries = await unzip(odt.body);
    expect(odtEntries.get('mimetype')?.toString()).toBe('application/vnd.oasis.opendocument.text');
    expect(odtEntries.get('content.xml')?.toString()).toContain('Commune 1');
    await t.http.get(`/campaigns/${id}/signatories/${S}/draft-deliberation?format=pdf`).set(bearer(token)).expect(400);
    await t.http.get(`/campaigns/${id}/signatories/${OTHER}/draft-deliberation`).set(bearer(token)).expect(403);

    const wording = await t.http.get(`/campaigns/${id}/draft-template`).set(admin()).expect(200);
    expect(wording.body).toMatchObject({ replaced: false, placeholders: expect.objectContaining({ collectivite: expect.any(String), date_conference: expect.any(String) }) });
    expect(wording.body.text).toContain('{{collectivite}}');
    const unknown = await t.http.put(`/campaigns/${id}/draft-template`).set(admin()).send({ text: 'Le conseil de {{constructor}} approuve.' }).expect(422);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'text', message: expect.stringContaining('constructor') })]);
    await t.http.put(`/campaigns/${id}/draft-template`).set(admin()).send({ text: 'Le conseil de {{collectivite}} approuve la convention.' }).expect(200);
    const replaced = await t.http.get(`/campaigns/${id}/signatories/${S}/draft-deliberation`).set(bearer(token)).buffer(true).parse(binary).expect(200);
    expect((await unzip(replaced.body)).get('word/document.xml')?.toString()).toContain('Le conseil de Commune 1 approuve la convention.');
    const restored = await t.http.put(`/campaigns/${id}/draft-template`).set(admin()).send({ text: null }).expect(200);
    expect(restored.body.replaced).toBe(false);
    expect(await events(id, 'DraftTemplateReplaced')).toHaveLength(2);
  });
});

/** The same path on the S3 store the global set-up runs (a real Versity S3 Gateway), as production deploys it. */
describe('documents on an S3 store', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp({ DOCUMENT_STORE_URL: process.env.TEST_S3_URL as string });
  });
  afterAll(async () => t?.close());

  it('keeps the convention and an act in the bucket, not in the database, and serves them back byte for byte', async () => {
    const body = smallCampaign(2);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    const convention = await writtenPdf({ text: 'Convention sur S3' });
    const act = await writtenPdf({ text: 'Acte sur S3' });
    await t.http.post(`/campaigns/${body.id}/documents`).set(admin()).field('kind', 'convention').field('reason', 'diffusion')
      .attach('file', convention, { filename: 'convention.pdf', contentType: 'application/pdf' }).expect(201);
    await t.http.post(`/campaigns/${body.id}/signatories/${S}/acts`).set(admin())
      .attach('file', act, { filename: 'acte.pdf', contentType: 'application/pdf' }).expect(201);
    const inDatabase = await t.owner.query(`SELECT count(*)::int AS n FROM stored_document WHERE sha256 = ANY($1)`, [[sha256(convention), sha256(act)]]);
    expect(inDatabase[0].n).toBe(0);
    const back = await t.http.get(`/campaigns/${body.id}/documents/convention`).set(admin()).buffer(true).parse(binary).expect(200);
    expect(sha256(back.body)).toBe(sha256(convention));
    const zip = await unzip((await t.http.get(`/campaigns/${body.id}/acts.zip`).set(admin()).buffer(true).parse(binary).expect(200)).body);
    expect([...zip.values()].map(sha256)).toContain(sha256(act));
  });
});
