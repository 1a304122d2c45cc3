import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { campaignWorkflowId } from '@ctg/domain';
import { adopted, rejected, smallCampaign } from './fixtures/campaigns';
import { writtenPdf } from './fixtures/pdf-files';
import { readZipEntries } from '@ctg/documents/testing/zip-entries';
import { ZipFile } from 'yazl';
import { keepHistory } from './support/recorded-history';
import { recordCommand } from './support/record-command';
import { TestApp, eventually, startTestApp } from './support/test-app';

const BODIES = ['epci', 'commune-1', 'commune-2'];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const run = promisify(execFile);

/** supertest's parser for a binary answer: the bytes as they came. */
const binary = (res: import('supertest').Response, done: (e: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The same ZIP with one byte of one file changed, as a hand that edits a dossier would leave it. */
async function withOneByteChanged(source: string, path: string): Promise<string> {
  const zip = new ZipFile();
  for (const entry of await readZipEntries(readFileSync(source))) {
    const bytes = Buffer.from(entry.data);
    if (entry.name === path) bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    zip.addBuffer(bytes, entry.name);
  }
  zip.end();
  const file = source.replace(/\.zip$/, '-edited.zip');
  const output = createWriteStream(file);
  zip.outputStream.pipe(output);
  await finished(output);
  return file;
}

/** Issue 17: each body's signing authority, the convention signed by link and code, and the ceremony, on the real stack. */
describe('signature of the convention', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const events = async (id: string, type?: string) =>
    ((await t.http.get(`/campaigns/${id}/events`).set(admin()).expect(200)).body.events as { type: string; data: Record<string, unknown>; actor: Record<string, unknown> }[]).filter(
      (e) => type === undefined || e.type === type,
    );
  const mailsTo = (id: string, sid: string, kind: 'signature-link' | 'signature-code') => t.mail.mails.filter((m) => m.messageId.startsWith(`<${kind}+${id}+${sid}+`));
  /** The link or the code as the body reads them in its e-mail. */
  const linkOf = async (id: string, sid: string, nth = 1) =>
    eventually(() => {
      const mails = mailsTo(id, sid, 'signature-link');
      if (mails.length < nth) throw new Error(`no signature link e-mail #${nth} for ${sid} yet`);
      return /\/signature\?token=(sg_[A-Za-z0-9_-]+)/.exec(mails[nth - 1].text)![1];
    });
  const codeOf = async (id: string, sid: string, nth: number) =>
    eventually(() => {
      const mails = mailsTo(id, sid, 'signature-code');
      if (mails.length < nth) throw new Error(`no code e-mail #${nth} for ${sid} yet`);
      return /^\s+([0-9]{6})$/m.exec(mails[nth - 1].text)![1];
    });
  const signing = (id: string, sid: string) => `/campaigns/${id}/signatories/${sid}/signing`;
  /** A file the administrators download, kept in the run's folder. */
  const download = async (id: string, path: string, name: string) => {
    const answer = await t.http.get(`/campaigns/${id}/${path}`).set(admin()).buffer(true).parse(binary).expect(200);
    const file = join(process.env.TEST_RUNTIME_DIR as string, `${id}-${name}`);
    writeFileSync(file, answer.body as Buffer);
    return file;
  };
  /** The text of a PDF, as a reader copies it. */
  const pdfText = async (file: string) => (await run('node', [join(__dirname, 'support', 'pdf-text.mjs'), file])).stdout.replace(/\s+/g, ' ');
  const archivePdfText = async (id: string) => pdfText(await download(id, 'archive.pdf', 'archive.pdf'));

  /** A campaign whose three bodies adopted, with its convention attached: awaiting its signature. */
  async function adoptedCampaign(overrides: Parameters<typeof smallCampaign>[1] = {}): Promise<{ id: string; convention: Buffer }> {
    const body = smallCampaign(3, overrides);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    const id = body.id as string;
    await t.http.post(`/campaigns/${id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    const convention = await writtenPdf({ text: `Convention territoriale globale ${id}` });
    await t.http.post(`/campaigns/${id}/documents`).set(admin()).field('kind', 'convention').field('reason', 'diffusion').attach('file', convention, { filename: 'convention.pdf', contentType: 'application/pdf' }).expect(201);
    for (const sid of BODIES) {
      await t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(admin()).send(adopted({ number: `2023-${sid}` })).expect(200);
    }
    return { id, convention };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('has the secretary name the signing authority, and an administrator replace it only with a reason', async () => {
    const { id } = await adoptedCampaign();
    const secretary = (await t.http.post(`/campaigns/${id}/signatories/commune-1/link`).set(admin()).expect(201)).body.token as string;
    const named = await t.http.put(`/campaigns/${id}/signatories/commune-1/signing-authority`).set(bearer(secretary)).send({ name: 'Marie Dupont', capacity: 'le Maire' }).expect(200);
    expect(named.body.signingAuthority).toMatchObject({ name: 'Marie Dupont', capacity: 'le Maire', namedBy: expect.any(String) });
    await t.http.put(`/campaigns/${id}/signatories/commune-2/signing-authority`).set(bearer(secretary)).send({ name: 'X', capacity: 'le Maire' }).expect(403);

    const noReason = await t.http.put(`/campaigns/${id}/signatories/commune-1/signing-authority`).set(admin()).send({ name: 'Jean Martin', capacity: 'le Premier adjoint' }).expect(422);
    expect(noReason.body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    const blank = await t.http.put(`/campaigns/${id}/signatories/commune-1/signing-authority`).set(admin()).send({ name: '  ', capacity: ' ', reason: 'x' }).expect(422);
    expect(blank.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['capacity', 'name']);
    await t.http.put(`/campaigns/${id}/signatories/commune-1/signing-authority`).set(admin()).send({ name: 'Jean Martin', capacity: 'le Premier adjoint', reason: 'délégation du maire' }).expect(200);
    expect((await events(id, 'SigningAuthorityNamed')).map((e) => e.data)).toEqual([
      { signatoryId: 'commune-1', name: 'Marie Dupont', capacity: 'le Maire' },
      { signatoryId: 'commune-1', name: 'Jean Martin', capacity: 'le Premier adjoint', reason: 'délégation du maire' },
    ]);
  });

  it('sends the convention round, and each body signs by its link and a code e-mailed: a wrong code is refused and counted, the last signature signs the convention', async () => {
    const { id, convention } = await adoptedCampaign();
    const hash = sha256(convention);
    const circulated = await t.http.post(`/campaigns/${id}/signature/circulation`).set(admin()).send({ signingBodies: 'adopting' }).expect(202);
    expect(circulated.body.signers).toEqual(BODIES);
    expect((await events(id, 'SignatureCirculated'))[0].data).toMatchObject({ signingBodies: 'adopting', signers: BODIES, conventionVersion: 1, conventionSha256: hash });
    // The convention being signed cannot change under the signers.
    await t.http.post(`/campaigns/${id}/documents`).set(admin()).field('kind', 'convention').field('reason', 'v2').attach('file', await writtenPdf({ text: 'autre' }), { filename: 'v2.pdf', contentType: 'application/pdf' }).expect(409);

    const token = await linkOf(id, 'commune-1');
    expect(mailsTo(id, 'commune-1', 'signature-link')[0]).toMatchObject({ to: ['mairie-1@example.org'] });
    expect(mailsTo(id, 'commune-1', 'signature-link')[0].text).toContain(hash);
    // The signature link opens its own routes only, and a secretary's link or an administrator signs nothing.
    await t.http.get(`/campaigns/${id}`).set(bearer(token)).expect(403);
    await t.http.get(signing(id, 'commune-2')).set(bearer(token)).expect(403);
    const secretary = (await t.http.post(`/campaigns/${id}/signatories/commune-1/link`).set(admin()).expect(201)).body.token as string;
    await t.http.get(signing(id, 'commune-1')).set(bearer(secretary)).expect(403);
    await t.http.post(signing(id, 'commune-1')).set(admin()).send({ code: '000000', name: 'A', capacity: 'B', conventionSha256: hash }).expect(403);

    const page = await t.http.get(signing(id, 'commune-1')).set(bearer(token)).expect(200);
    expect(page.body).toMatchObject({ signatory: { id: 'commune-1' }, convention: { version: 1, sha256: hash }, status: 'awaiting', code: null, attemptsLeft: 5, locked: false });
    const pdf = await t.http.get(`${signing(id, 'commune-1')}/convention`).set(bearer(token)).buffer(true).expect(200);
    expect(sha256(pdf.body as Buffer)).toBe(hash);

    const sign = (sid: string, link: string, code: string, sha = hash) =>
      t.http.post(signing(id, sid)).set(bearer(link)).send({ code, name: `Maire de ${sid}`, capacity: 'le Maire', conventionSha256: sha });
    expect((await sign('commune-1', token, '123456').expect(409)).body.message).toContain('ask for a code first');
    await t.http.post(`${signing(id, 'commune-1')}/code`).set(bearer(token)).expect(202);
    const code = await codeOf(id, 'commune-1', 1);
    const wrong = code === '111111' ? '222222' : '111111';
    const refused = await sign('commune-1', token, wrong).expect(422);
    expect(refused.body.fields).toEqual([{ field: 'code', message: expect.stringContaining('4 attempt(s) left') }]);
    const otherDocument = await sign('commune-1', token, code, 'f'.repeat(64)).expect(422);
    expect(otherDocument.body.fields).toEqual([expect.objectContaining({ field: 'conventionSha256' })]);
    expect((await t.http.get(signing(id, 'commune-1')).set(bearer(token)).expect(200)).body.attemptsLeft).toBe(4);
    expect(await events(id, 'BodySigned')).toEqual([]);

    const signed = await sign('commune-1', token, code).expect(200);
    expect(signed.body).toMatchObject({ signedAt: expect.any(String), phase: 'awaiting_signature' });
    await sign('commune-1', token, code).expect(409);
    const [bodySigned] = await events(id, 'BodySigned');
    expect(bodySigned.data).toMatchObject({ signatoryId: 'commune-1', name: 'Maire de commune-1', capacity: 'le Maire', conventionVersion: 1, conventionSha256: hash });
    expect(bodySigned.actor).toMatchObject({ kind: 'signer', ip: expect.any(String) });

    for (const sid of ['epci', 'commune-2']) {
      const link = await linkOf(id, sid);
      await t.http.post(`${signing(id, sid)}/code`).set(bearer(link)).expect(202);
      await sign(sid, link, await codeOf(id, sid, 1)).expect(200);
    }
    const overview = (await t.http.get(`/campaigns/${id}/signature`).set(admin()).expect(200)).body;
    expect(overview).toMatchObject({ phase: 'signed', signature: { way: 'circulated', signedBy: BODIES } });
    expect(overview.bodies.map((b: { signatureStatus: string }) => b.signatureStatus)).toEqual(['signed', 'signed', 'signed']);
    // Signed: the links open nothing any more.
    await t.http.get(signing(id, 'commune-1')).set(bearer(token)).expect(401);

    const archive = (await t.http.get(`/campaigns/${id}/archive.json`).set(admin()).expect(200)).body;
    expect(archive.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['SignatureCirculated', 'SignatureCodeSent', 'BodySigned', 'ConventionSigned']));
    expect(archive.documents).toEqual([expect.objectContaining({ role: 'convention', sha256: hash })]);
    const text = await archivePdfText(id);
    expect(text).toContain('signature électronique simple');
    expect(text).toContain('Maire de commune-1, le Maire');
    const signaturePage = await pdfText(await download(id, 'signature-page.pdf', 'page.pdf'));
    expect(signaturePage).toContain('Représenté(e) par Maire de commune-1, le Maire');
    expect(signaturePage).toContain('autorisé(e) à signer par la délibération n° 2023-commune-1 du 4 juillet 2023');
    expect(signaturePage.match(/Signé électroniquement \(signature simple\)/g)).toHaveLength(3);
  });

  it('locks a signature link at the fifth wrong code, and a new link from the administrators signs', async () => {
    const { id, convention } = await adoptedCampaign();
    await t.http.post(`/campaigns/${id}/signature/circulation`).set(admin()).send({ signingBodies: 'required' }).expect(202);
    expect((await events(id, 'SignatureLinkSent')).map((e) => e.data.signatoryId)).toEqual(['epci']);
    const token = await linkOf(id, 'epci');
    await t.http.post(`${signing(id, 'epci')}/code`).set(bearer(token)).expect(202);
    const code = await codeOf(id, 'epci', 1);
    const wrong = code === '999999' ? '888888' : '999999';
    const attempt = (link: string, c: string) => t.http.post(signing(id, 'epci')).set(bearer(link)).send({ code: c, name: 'La Présidente', capacity: 'la Présidente', conventionSha256: sha256(convention) });
    for (let i = 0; i < 4; i++) await attempt(token, wrong).expect(422);
    expect((await attempt(token, wrong).expect(422)).body.fields[0].message).toContain('locked');
    await attempt(token, code).expect(423);
    await t.http.post(`${signing(id, 'epci')}/code`).set(bearer(token)).expect(423);
    await t.http.post(`/campaigns/${id}/signatories/commune-1/signature-link/send`).set(admin()).expect(409);

    await t.http.post(`/campaigns/${id}/signatories/epci/signature-link/send`).set(admin()).expect(202);
    const fresh = await linkOf(id, 'epci', 2);
    await t.http.get(signing(id, 'epci')).set(bearer(token)).expect(401);
    await t.http.post(`${signing(id, 'epci')}/code`).set(bearer(fresh)).expect(202);
    await attempt(fresh, await codeOf(id, 'epci', 2)).expect(200);
    expect((await t.http.get(`/campaigns/${id}`).set(admin()).expect(200)).body.phase).toBe('signed');
  });

  it('reminds a body that has not signed under the campaign policy, with a new signature link that replaces the old one', async () => {
    const policy = { before: [], overdueEvery: 'PT2S', overdueMax: 1, escalateFrom: 9, businessDaysOnly: false };
    const { id, convention } = await adoptedCampaign({ reminderPolicy: policy });
    await t.http.post(`/campaigns/${id}/signature/circulation`).set(admin()).send({ signingBodies: 'required' }).expect(202);
    const first = await linkOf(id, 'epci');
    const second = await linkOf(id, 'epci', 2);
    const [, reminder] = mailsTo(id, 'epci', 'signature-link');
    expect(reminder.subject).toMatch(/^Rappel n° 1 : Signature/);
    expect((await events(id, 'SignatureLinkSent')).map((e) => [e.data.reminder, e.actor.kind])).toEqual([
      [undefined, 'administrator'],
      [1, 'system'],
    ]);
    await t.http.get(signing(id, 'epci')).set(bearer(first)).expect(401);
    await t.http.post(`${signing(id, 'epci')}/code`).set(bearer(second)).expect(202);
    const code = await codeOf(id, 'epci', 1);
    await t.http.post(signing(id, 'epci')).set(bearer(second)).send({ code, name: 'La Présidente', capacity: 'la Présidente', conventionSha256: sha256(convention) }).expect(200);
    // overdueMax is 1, and the convention is signed: no more reminders.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(mailsTo(id, 'epci', 'signature-link')).toHaveLength(2);
    await keepHistory('campaign-signature-circulated.json', () => t.temporal.workflow.getHandle(campaignWorkflowId(id)).fetchHistory());
  });

  it('records a ceremony with the convention as signed, refusing what breaks a rule without storing it', async () => {
    const { id } = await adoptedCampaign();
    const secretary = (await t.http.post(`/campaigns/${id}/signatories/epci/link`).set(admin()).expect(201)).body.token as string;
    const act = await writtenPdf({ text: `Extrait du registre de l'EPCI ${id}` });
    await t.http.post(`/campaigns/${id}/signatories/epci/acts`).set(bearer(secretary)).attach('file', act, { filename: 'extrait.pdf', contentType: 'application/pdf' }).expect(201);
    await t.http.put(`/campaigns/${id}/signatories/epci/signing-authority`).set(bearer(secretary)).send({ name: 'Marie Dupont', capacity: 'la Présidente' }).expect(200);
    const scan = await writtenPdf({ text: `Convention signée ${id}` });
    const stored = async () => (await t.owner.query(`SELECT count(*)::int AS n FROM stored_document WHERE sha256 = $1`, [sha256(scan)]))[0].n as number;
    const ceremony = (fields: Record<string, string>) => {
      const req = t.http.post(`/campaigns/${id}/signature/ceremony`).set(admin());
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req.attach('file', scan, { filename: 'convention-signee.pdf', contentType: 'application/pdf' });
    };
    const bad = await ceremony({ signedOn: '2999-01-01', place: '' }).expect(422);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['place', 'signedOn']);
    const unknown = await ceremony({ signedOn: '2023-11-21', place: 'Villefranche-de-Lauragais', signedBy: 'epci,ghost' }).expect(422);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'signedBy[1]' })]);
    await ceremony({ signedOn: '2023-11-21', place: 'Villefranche', signingBodies: 'everyone' }).expect(422);
    expect(await stored()).toBe(0);

    const done = await ceremony({ signedOn: '2023-11-21', place: 'Villefranche-de-Lauragais', signingBodies: 'required' }).expect(200);
    expect(done.body).toMatchObject({ phase: 'signed', signature: { way: 'ceremony', place: 'Villefranche-de-Lauragais', signedOn: '2023-11-21', signedBy: ['epci'], signedCopy: { sha256: sha256(scan) } } });
    await ceremony({ signedOn: '2023-11-21', place: 'Villefranche-de-Lauragais', signingBodies: 'required' }).expect(200);
    expect(await events(id, 'ConventionSigned')).toHaveLength(1);
    const copy = await t.http.get(`/campaigns/${id}/signature/signed-copy`).set(admin()).buffer(true).expect(200);
    expect(sha256(copy.body as Buffer)).toBe(sha256(scan));
    await ceremony({ signedOn: '2023-11-22', place: 'Toulouse' }).expect(409);
    const archive = (await t.http.get(`/campaigns/${id}/archive.json`).set(admin()).expect(200)).body;
    expect(archive.documents).toContainEqual(expect.objectContaining({ role: 'signed_convention', sha256: sha256(scan), name: 'convention-signee.pdf' }));
    expect(await archivePdfText(id)).toContain('lors d’une cérémonie à Villefranche-de-Lauragais');
    const page = await pdfText(await download(id, 'signature-page.pdf', 'page.pdf'));
    expect(page).toContain('Représenté(e) par Marie Dupont, la Présidente');
    expect(page).toContain('Fait à Villefranche-de-Lauragais, le 21 novembre 2023');
    expect(page).not.toContain('Commune 1');

    // The dossier checks offline, with no database; one byte changed in a deliberation is named.
    const dossier = await download(id, 'dossier.zip', 'dossier.zip');
    const names = (await readZipEntries(readFileSync(dossier))).map((e) => e.name);
    expect(names).toEqual([
      'manifeste.json',
      'convention/convention-v1.pdf',
      'convention/convention-signee.pdf',
      'signature/page-de-signature.pdf',
      'deliberations/epci-communaute-de-communes-de-test-deliberation-v1.pdf',
      'registre/archive.json',
      'registre/archive.pdf',
    ]);
    const intact = await recordCommand(['verify-dossier', dossier], { DATABASE_URL: '' });
    expect(intact).toEqual({ code: 0, out: expect.stringContaining('Dossier intact: 6 files match the manifest') });
    const edited = await recordCommand(['verify-dossier', await withOneByteChanged(dossier, 'deliberations/epci-communaute-de-communes-de-test-deliberation-v1.pdf')], { DATABASE_URL: '' });
    expect(edited.code).toBe(1);
    expect(edited.out).toContain('deliberations/epci-communaute-de-communes-de-test-deliberation-v1.pdf: FILE ALTERED');
    expect(edited.out).toContain('Dossier NOT intact: 1 problem');
    await keepHistory('campaign-signature-ceremony.json', () => t.temporal.workflow.getHandle(campaignWorkflowId(id)).fetchHistory());
  });

  it('refuses to send round a convention that is not awaiting its signature, or that no body could sign', async () => {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    const id = body.id as string;
    await t.http.post(`/campaigns/${id}/signature/circulation`).set(admin()).send({ signingBodies: 'adopting' }).expect(409);
    await t.http.post(`/campaigns/${id}/signature/circulation`).set(admin()).send({ signingBodies: 'all' }).expect(400);
    await t.http.post(`/campaigns/${id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    for (const sid of BODIES) {
      await t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(admin()).send(sid === 'commune-2' ? rejected() : adopted()).expect(200);
    }
    const noConvention = await t.http.post(`/campaigns/${id}/signature/circulation`).set(admin()).send({ signingBodies: 'adopting' }).expect(409);
    expect(noConvention.body.message).toContain('attach the convention');
    await t.http.post(`/campaigns/${id}/cancel`).set(admin()).send({ reason: 'abandon' }).expect(200);
    await t.http.post(`/campaigns/${id}/signature/circulation`).set(admin()).send({ signingBodies: 'adopting' }).expect(409);
    expect(await events(id, 'SignatureCirculated')).toEqual([]);
  });
});
