import { keepHistory } from './support/recorded-history';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CampaignDefinition, CampaignEvent, DEFAULT_REMINDER_POLICY, campaignWorkflowId } from '@ctg/domain';
import {
  EventStoreRepository,
  GENESIS_HASH,
  checkConsistency,
  rebuildProjections,
  verifyRecord,
} from '@ctg/persistence';
import { EXIT, consistencyCommand, liveState, rebuildCommand, verifyCommand } from '../scripts/record/record-commands';
import { adopted, lauragaisCampaign, rejected, smallCampaign, uniqueId } from './fixtures/campaigns';
import { recordCommand as record } from './support/record-command';
import { TestApp, startTestApp } from './support/test-app';

const run = promisify(execFile);

describe('the legal record: hash chain, verification, rebuild, consistency, archive and legal follow-up', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const sql = (query: string, params: unknown[] = []) => t.dataSource.query(query, params);
  /** The database's owner: the application's own role may not edit the record (docs/threat-model.md). */
  const asOwner = (query: string, params: unknown[] = []) => t.owner.query(query, params);
  const mine: string[] = [];

  /** A campaign whose every signatory adopted: awaiting signature, 3 + n events. */
  async function decidedCampaign(signatories = 3): Promise<string> {
    const body = smallCampaign(signatories);
    const id = body.id as string;
    mine.push(id);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    for (const s of body.signatories) {
      await t.http.put(`/campaigns/${id}/signatories/${s.id}/deliberation`).set(auth()).send(adopted()).expect(200);
    }
    return id;
  }

  /** Edits the record behind the application's back: the append-only trigger is off meanwhile. */
  async function behindTheBack(change: () => Promise<unknown>): Promise<void> {
    await asOwner('ALTER TABLE campaign_event DISABLE TRIGGER campaign_event_append_only');
    try {
      await change();
    } finally {
      await asOwner('ALTER TABLE campaign_event ENABLE TRIGGER campaign_event_append_only');
    }
  }

  const verify = async (id: string) => (await t.http.get(`/campaigns/${id}/record/verify`).set(auth()).expect(200)).body;
  const dump = async (ids: string[]) => ({
    campaigns: await sql(`SELECT * FROM campaign_view WHERE id = ANY($1) ORDER BY id`, [ids]),
    signatories: await sql(`SELECT * FROM signatory_view WHERE campaign_id = ANY($1) ORDER BY campaign_id, signatory_id`, [ids]),
  });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('chains every event when it is appended, and an untouched record verifies', async () => {
    const id = await decidedCampaign(3);
    const rows = await sql(`SELECT seq, prev_hash, hash FROM campaign_event WHERE campaign_id = $1 ORDER BY seq`, [id]);
    expect(rows.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    rows.slice(1).forEach((r: { prev_hash: string }, i: number) => expect(r.prev_hash).toBe(rows[i].hash));

    expect(await verify(id)).toEqual({ campaignId: id, valid: true, events: 6, lastHash: rows[5].hash });
    const lines: string[] = [];
    expect(await verifyCommand(t.dataSource, id, (l) => lines.push(l))).toBe(EXIT.ok);
    expect(lines.join('\n')).toContain(`${id}: 6 events, chain intact\n  final hash ${rows[5].hash}`);

    await t.http.get(`/campaigns/unknown-campaign/record/verify`).set(auth()).expect(404);
    const link = (await t.http.post(`/campaigns/${id}/signatories/commune-1/link`).set(auth()).expect(201)).body.token;
    await t.http.get(`/campaigns/${id}/record/verify`).set({ Authorization: `Bearer ${link}` }).expect(403);
    await t.http.get(`/campaigns/${id}/archive.json`).set({ Authorization: `Bearer ${link}` }).expect(403);
    await t.http.get(`/campaigns/${id}/record/verify`).expect(401);
  });

  it('finds an edited event, a deleted one and two reordered ones, names each, and verifies again once restored', async () => {
    const id = await decidedCampaign(3);
    const original = await sql(`SELECT * FROM campaign_event WHERE campaign_id = $1 ORDER BY seq`, [id]);

    await behindTheBack(() =>
      asOwner(`UPDATE campaign_event SET data = jsonb_set(data, '{deliberation,votesFor}', '99') WHERE campaign_id = $1 AND seq = 4`, [id]),
    );
    expect(await verify(id)).toMatchObject({ valid: false, events: 6, firstBrokenSeq: 4, reason: 'edited' });
    const cli = await record(['verify', id]);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`${id}: 6 events, CHAIN BROKEN at seq 4 (edited)`);
    expect(cli.out).toContain('seq 4 (DeliberationRecorded) no longer matches its hash');
    await behindTheBack(() => asOwner(`UPDATE campaign_event SET data = $2 WHERE campaign_id = $1 AND seq = 4`, [id, original[3].data]));
    expect(await verify(id)).toMatchObject({ valid: true });

    await behindTheBack(() => asOwner(`DELETE FROM campaign_event WHERE campaign_id = $1 AND seq = 3`, [id]));
    expect(await verify(id)).toMatchObject({ valid: false, events: 5, firstBrokenSeq: 3, reason: 'missing', detail: expect.stringContaining('seq 3 is missing') });
    await behindTheBack(() => asOwner(`DELETE FROM campaign_event WHERE campaign_id = $1 AND seq = 6`, [id]));
    const last = await verifyRecord(t.dataSource, id);
    expect(last).toMatchObject({ firstBrokenSeq: 3, reason: 'missing' });
    await sql(
      `INSERT INTO campaign_event SELECT * FROM jsonb_populate_recordset(NULL::campaign_event, $1::jsonb)`,
      [JSON.stringify(original.filter((r: { seq: number }) => r.seq === 3))],
    );
    expect(await verify(id)).toMatchObject({ valid: false, events: 5, firstBrokenSeq: 6, reason: 'missing', detail: expect.stringContaining('deleted at the end') });
    await sql(
      `INSERT INTO campaign_event SELECT * FROM jsonb_populate_recordset(NULL::campaign_event, $1::jsonb)`,
      [JSON.stringify(original.filter((r: { seq: number }) => r.seq === 6))],
    );
    expect(await verify(id)).toMatchObject({ valid: true, events: 6 });

    const swap = () =>
      behindTheBack(async () => {
        await asOwner(`UPDATE campaign_event SET seq = 1000 WHERE campaign_id = $1 AND seq = 3`, [id]);
        await asOwner(`UPDATE campaign_event SET seq = 3 WHERE campaign_id = $1 AND seq = 5`, [id]);
        await asOwner(`UPDATE campaign_event SET seq = 5 WHERE campaign_id = $1 AND seq = 1000`, [id]);
      });
    await swap();
    expect(await verify(id)).toMatchObject({
      valid: false,
      firstBrokenSeq: 3,
      reason: 'order',
      detail: 'seq 3 holds the event recorded as seq 5 (DeliberationRecorded): events were reordered',
    });
    await swap();
    expect(await verify(id)).toEqual({ campaignId: id, valid: true, events: 6, lastHash: original[5].hash });

    // The application's own connection may not edit the record at all; the owner's meets the trigger, back on.
    await expect(sql(`UPDATE campaign_event SET type = type WHERE campaign_id = $1 AND seq = 1`, [id])).rejects.toThrow(/permission denied/);
    await expect(sql(`TRUNCATE campaign_event`)).rejects.toThrow(/permission denied/);
    await expect(asOwner(`UPDATE campaign_event SET type = type WHERE campaign_id = $1 AND seq = 1`, [id])).rejects.toThrow(/append-only/);
    await expect(asOwner(`TRUNCATE campaign_event`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await verify(id)).toMatchObject({ valid: true, events: 6 });
  });

  it('keeps one valid chain when appends for one campaign run at the same time', async () => {
    const store = new EventStoreRepository(t.dataSource);
    const body = smallCampaign(4);
    const campaignId = uniqueId('ctg-concurrent');
    mine.push(campaignId);
    const definition = { ...body, id: campaignId, reminderPolicy: DEFAULT_REMINDER_POLICY } as CampaignDefinition;
    const actor = { kind: 'administrator' as const, id: 'admin@example.org' };
    const events: CampaignEvent[] = Array.from({ length: 60 }, (_, i) => {
      const seq = i + 1;
      const common = { seq, id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, campaignId, occurredAt: new Date(Date.UTC(2023, 5, 13, 8, 0, seq)).toISOString(), actor };
      return seq === 1
        ? { ...common, type: 'CampaignLaunched', data: definition }
        : { ...common, type: 'SessionScheduled', data: { signatoryId: definition.signatories[seq % 4].id, sessionDate: `2023-07-${String((seq % 28) + 1).padStart(2, '0')}` } };
    });

    // Retried activities racing the first attempt: overlapping batches, all at once.
    const prefixes = [9, 30, 3, 21, 30, 12, 27, 6, 18, 15, 24, 30];
    const appended = await Promise.all(prefixes.map((n) => store.append(campaignId, events.slice(0, n))));
    expect(appended.reduce((a, b) => a + b, 0)).toBe(30);

    // Consecutive batches at once: the one that would leave a gap is refused, and succeeds on its retry.
    const outcomes = await Promise.allSettled([store.append(campaignId, events.slice(45)), store.append(campaignId, events.slice(30, 45))]);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    for (const r of refused) expect(String(r.reason)).toMatch(/cannot be appended before seq 31 is recorded/);
    if (refused.length) await store.append(campaignId, events.slice(45));

    const verification = await verifyRecord(t.dataSource, campaignId);
    expect(verification).toMatchObject({ valid: true, events: 60 });
    const stored = await sql(`SELECT count(*)::int AS n, count(DISTINCT prev_hash)::int AS links FROM campaign_event WHERE campaign_id = $1`, [campaignId]);
    expect(stored[0]).toEqual({ n: 60, links: 60 });
    expect((await sql(`SELECT last_seq FROM campaign_view WHERE id = $1`, [campaignId]))[0].last_seq).toBe(60);
  });

  it('rebuilds the read models from the events, identical row for row', async () => {
    const id = await decidedCampaign(4);
    const body = smallCampaign(4);
    const busy = body.id as string;
    mine.push(busy);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${busy}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const vote = (sid: string, b: object) => t.http.put(`/campaigns/${busy}/signatories/${sid}/deliberation`).set(auth()).send(b).expect(200);
    await t.http.put(`/campaigns/${busy}/signatories/commune-3/session`).set(auth()).send({ sessionDate: '2023-09-14' }).expect(200);
    await vote('epci', rejected());
    await t.http.post(`/campaigns/${busy}/signatories/epci/reopen`).set(auth()).send({ reason: 'nouvelle séance' }).expect(200);
    await vote('epci', adopted({ sessionDate: '2023-09-05', number: 'D2023-112' }));
    await vote('commune-1', adopted({ votesFor: 11 }));
    await t.http
      .post(`/campaigns/${busy}/signatories/commune-1/corrections`)
      .set(auth())
      .send({ reason: 'erreur de saisie', deliberation: adopted({ votesFor: 12 }) })
      .expect(200);
    await t.http
      .put(`/campaigns/${busy}/signatories/commune-1/legal-follow-up`)
      .set(auth())
      .send({ transmittedOn: '2023-07-06', executoryOn: '2023-07-07' })
      .expect(200);
    await t.http.post(`/campaigns/${busy}/deadline`).set(auth()).send({ deliberationDeadline: '2030-12-31T23:59:59+01:00' }).expect(200);

    const ids = [...mine];
    const before = await dump(ids);
    expect(before.signatories.length).toBeGreaterThan(10);
    const all = await rebuildProjections(t.dataSource);
    expect(all.campaigns).toBeGreaterThanOrEqual(ids.length);
    expect(await dump(ids)).toEqual(before);

    const lines: string[] = [];
    expect(await rebuildCommand(t.dataSource, busy, (l) => lines.push(l))).toBe(EXIT.ok);
    expect(lines[0]).toMatch(new RegExp(`^Rebuilt the read models of 1 campaign from \\d+ events in [\\d.]+ s\\.$`));
    expect(await dump(ids)).toEqual(before);

    const cli = await record(['rebuild-projections', id]);
    expect(cli).toMatchObject({ code: 0, out: expect.stringContaining('Rebuilt the read models of 1 campaign from 7 events') });
    expect(await dump(ids)).toEqual(before);
  });

  it('finds no disagreement in a healthy campaign, and names a tampered read model or event', async () => {
    const id = await decidedCampaign(3);
    const live = await liveState(t.temporal, id);
    expect(live).toHaveProperty('state');
    expect(await checkConsistency(t.dataSource, id, live)).toEqual({ campaignId: id, events: 6, live: { compared: true, lastSeq: 6 }, disagreements: [] });
    const healthy = await record(['consistency', id]);
    expect(healthy.code).toBe(0);
    expect(healthy.out).toContain('No disagreement between the workflow, the event store and the read models.');

    await sql(`UPDATE signatory_view SET status = 'rejected', reminders_sent = 3 WHERE campaign_id = $1 AND signatory_id = 'commune-2'`, [id]);
    await sql(`UPDATE campaign_view SET phase = 'signed' WHERE id = $1`, [id]);
    const report = await checkConsistency(t.dataSource, id, await liveState(t.temporal, id));
    expect(report.disagreements).toEqual([
      { between: 'event store / read model', path: 'campaign_view[' + id + '].phase', left: 'awaiting_signature', right: 'signed' },
      { between: 'event store / read model', path: 'signatory_view[commune-2].reminders_sent', left: 0, right: 3 },
      { between: 'event store / read model', path: 'signatory_view[commune-2].status', left: 'adopted', right: 'rejected' },
    ]);
    const lines: string[] = [];
    expect(await consistencyCommand(t.dataSource, await liveState(t.temporal, id), id, (l) => lines.push(l))).toBe(EXIT.problem);
    expect(lines).toContain('  3 disagreements:');
    expect(lines).toContain('    event store / read model  signatory_view[commune-2].status: event store "adopted", read model "rejected"');
    // The comparison changed nothing: the tampered rows are still there until a rebuild.
    expect((await sql(`SELECT phase FROM campaign_view WHERE id = $1`, [id]))[0].phase).toBe('signed');
    await rebuildProjections(t.dataSource, id);
    expect((await checkConsistency(t.dataSource, id, await liveState(t.temporal, id))).disagreements).toEqual([]);

    await behindTheBack(() =>
      asOwner(`UPDATE campaign_event SET data = jsonb_set(data, '{deliberation,votesFor}', '99') WHERE campaign_id = $1 AND seq = 4`, [id]),
    );
    const edited = await checkConsistency(t.dataSource, id, await liveState(t.temporal, id));
    expect(edited.disagreements).toContainEqual({
      between: 'workflow / event store',
      path: 'signatories.commune-1.deliberation',
      left: expect.objectContaining({ votesFor: 15 }),
      right: expect.objectContaining({ votesFor: 99 }),
    });
    expect(edited.disagreements).toContainEqual(expect.objectContaining({ between: 'event store / read model', path: 'signatory_view[commune-1].deliberation' }));
    await behindTheBack(() =>
      asOwner(`UPDATE campaign_event SET data = jsonb_set(data, '{deliberation,votesFor}', '15') WHERE campaign_id = $1 AND seq = 4`, [id]),
    );
    expect((await checkConsistency(t.dataSource, id, await liveState(t.temporal, id))).disagreements).toEqual([]);
  });

  it('records the legal follow-up of a deliberation, checks the order of its dates, and shows what is missing', async () => {
    const id = await decidedCampaign(3);
    const followUp = (sid: string, b: object) => t.http.put(`/campaigns/${id}/signatories/${sid}/legal-follow-up`).set(auth()).send(b);
    const campaign = async () => (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
    expect((await campaign()).legalFollowUpMissing).toEqual(['epci', 'commune-1', 'commune-2']);

    const early = await followUp('commune-1', { transmittedOn: '2023-07-01' }).expect(422);
    expect(early.body.fields).toEqual([{ field: 'transmittedOn', message: 'must not be before the session of the deliberation (2023-07-04)' }]);
    const ack = await followUp('commune-1', { transmittedOn: '2023-07-06', acknowledgedAt: '2023-07-05T10:00:00+02:00' }).expect(422);
    expect(ack.body.fields).toEqual([{ field: 'acknowledgedAt', message: 'must not be before the transmission (2023-07-06)' }]);
    const typed = await followUp('commune-1', { transmittedOn: 20230706 }).expect(400);
    expect(typed.body.fields.map((f: { field: string }) => f.field)).toEqual(['transmittedOn']);
    await followUp('nowhere', { transmittedOn: '2023-07-06' }).expect(404);

    const full = { transmittedOn: '2023-07-06', actesId: '031-213105826-20230704-2023_045-DE', acknowledgedAt: '2023-07-06T11:02:00+02:00', executoryOn: '2023-07-07' };
    expect((await followUp('commune-1', full).expect(200)).body).toEqual({ signatoryId: 'commune-1', legalFollowUp: full, missing: false, phase: 'awaiting_signature' });
    const events = async () => (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth()).expect(200)).body.events;
    const count = (await events()).length;
    await followUp('commune-1', full).expect(200);
    expect(await events()).toHaveLength(count);
    const recorded = (await events()).find((e: { type: string }) => e.type === 'LegalFollowUpRecorded');
    expect(recorded).toMatchObject({ actor: { kind: 'administrator' }, data: { signatoryId: 'commune-1', deliberationSeq: 4, legalFollowUp: full } });

    expect((await followUp('epci', { transmittedOn: '2023-07-05' }).expect(200)).body.missing).toBe(true);
    expect((await campaign()).legalFollowUpMissing).toEqual(['epci', 'commune-2']);
    // Transmitted and executory, but without the prefecture's acknowledgment: still missing.
    expect((await followUp('commune-2', { transmittedOn: '2023-07-05', executoryOn: '2023-07-06' }).expect(200)).body.missing).toBe(true);
    expect((await campaign()).legalFollowUpMissing).toEqual(['epci', 'commune-2']);
    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    expect(rows.map((r: { legalFollowUp: unknown }) => r.legalFollowUp)).toEqual([
      { transmittedOn: '2023-07-05' },
      full,
      { transmittedOn: '2023-07-05', executoryOn: '2023-07-06' },
    ]);
    const acknowledged = await followUp('commune-2', { acknowledgedAt: '2023-07-05T15:00:00+02:00' }).expect(200);
    expect(acknowledged.body).toMatchObject({ missing: false, legalFollowUp: { transmittedOn: '2023-07-05', acknowledgedAt: '2023-07-05T15:00:00+02:00', executoryOn: '2023-07-06' } });
    expect((await campaign()).legalFollowUpMissing).toEqual(['epci']);

    const link = (await t.http.post(`/campaigns/${id}/signatories/commune-2/link`).set(auth()).expect(201)).body.token;
    await t.http.put(`/campaigns/${id}/signatories/commune-2/legal-follow-up`).set({ Authorization: `Bearer ${link}` }).send(full).expect(403);

    const open = smallCampaign(2);
    await t.http.post('/campaigns').set(auth()).send(open).expect(201);
    await t.http.put(`/campaigns/${open.id}/signatories/epci/legal-follow-up`).set(auth()).send({ transmittedOn: '2023-07-06' }).expect(409);
  });

  it('exports the archive of the 62-signatory campaign: JSON with every event and the final hash, PDF in French', async () => {
    const body = lauragaisCampaign();
    const id = body.id as string;
    mine.push(id);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13', notes: 'Présentation du projet social de territoire' }).expect(200);
    const communes = body.signatories.filter((s) => s.kind === 'commune');
    const rejecting = new Set(communes.slice(0, 2).map((s) => s.id));
    const decisionOf = (sid: string) => (rejecting.has(sid) ? 'rejetée' : 'adoptée');
    const queue = body.signatories.map((s, i) => ({ sid: s.id, vote: rejecting.has(s.id) ? rejected() : adopted({ number: `2023-${100 + i}` }) }));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          await t.http.put(`/campaigns/${id}/signatories/${next.sid}/deliberation`).set(auth()).send(next.vote).expect(200);
        }
      }),
    );
    const epci = body.signatories.find((s) => s.kind === 'epci')!.id;
    const caf = body.signatories.find((s) => s.kind === 'caf')!.id;
    const followUp = (sid: string, b: object) => t.http.put(`/campaigns/${id}/signatories/${sid}/legal-follow-up`).set(auth()).send(b);
    await followUp(epci, {
      transmittedOn: '2023-07-05',
      actesId: '031-200071298-20230704-2023_100-DE',
      acknowledgedAt: '2023-07-05T16:10:00+02:00',
      executoryOn: '2023-07-06',
    }).expect(200);
    await t.http.post(`/campaigns/${id}/signature`).set(auth()).send({ signedOn: '2023-11-21' }).expect(200);

    // After the signature the campaign still takes the legal follow-up (patch legal-follow-up-v1).
    expect((await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body.legalFollowUpMissing).toHaveLength(59);
    await followUp(caf, { transmittedOn: '2023-07-10', acknowledgedAt: '2023-07-10T16:45:00+02:00', executoryOn: '2023-07-11' }).expect(200);
    const signed = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
    expect(signed).toMatchObject({ phase: 'signed' });
    expect(signed.legalFollowUpMissing).toHaveLength(58);
    expect(signed.legalFollowUpMissing).not.toContain(caf);
    await t.http.put(`/campaigns/${id}/signatories/${caf}/deliberation`).set(auth()).send(adopted()).expect(409);

    const verification = await verify(id);
    expect(verification).toMatchObject({ valid: true, events: 2 + 62 + 1 + 1 + 1 + 1 });
    const json = await t.http.get(`/campaigns/${id}/archive.json`).set(auth()).expect(200);
    expect(json.body.finalHash).toBe(verification.lastHash);
    expect(json.body.events).toHaveLength(verification.events);
    expect(json.body.events[0]).toMatchObject({ seq: 1, type: 'CampaignLaunched', prevHash: GENESIS_HASH });
    expect(json.body.events.at(-1)).toMatchObject({ type: 'LegalFollowUpRecorded', hash: verification.lastHash });

    const pdf = await t.http.get(`/campaigns/${id}/archive.pdf`).set(auth()).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="archive-${id}.pdf"`);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(process.env.ARCHIVE_SAMPLE_DIR ?? (process.env.TEST_RUNTIME_DIR as string), 'archive-62.pdf');
    writeFileSync(file, bytes);
    // Long names wrap in their cell, at a space or after a hyphen.
    const text = (await run('node', [join(__dirname, 'support', 'pdf-text.mjs'), file])).stdout.replace(/\s+/g, ' ').replace(/- /g, '-');
    expect(text).toContain(verification.lastHash);
    expect(text).toContain('Conférence des maires : 13 juin 2023 — Présentation du projet social de territoire');
    expect(text).toContain('Signature de la convention : 21 novembre 2023');
    expect(text).toContain('Communauté de communes des Terres du Lauragais (SIREN 200071298)');
    for (const [i, s] of body.signatories.entries()) {
      const row = new RegExp(`${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: \\*)? \\S+ \\S+ ${decisionOf(s.id)}`);
      expect({ signatory: s.name, row: row.test(text) }).toEqual({ signatory: s.name, row: true });
      if (!rejecting.has(s.id)) expect(text).toContain(`2023-${100 + i}`);
    }
    expect(text).toContain('exécutoire le 11 juillet 2023');

    // An error is JSON, not a PDF: the type comes with the file only.
    const unknown = await t.http.get('/campaigns/no-such-campaign/archive.pdf').set(auth()).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });

    await keepHistory('campaign-legal-follow-up-after-signature.json', () => t.temporal.workflow.getHandle(campaignWorkflowId(id)).fetchHistory());
  });
});
