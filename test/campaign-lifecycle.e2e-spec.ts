import { keepHistory } from './support/recorded-history';
import { campaignWorkflowId } from '@ctg/domain';
import { campaignStateQuery } from '@ctg/contracts';
import { adjourned, adopted, lauragaisCampaign, rejected } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

/** Runs `task` over `items` with at most `limit` at once, as secretaries do in parallel. */
async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

describe('the Terres du Lauragais campaign, from the conference to the signature, through the HTTP API', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('reaches awaiting_signature once all 62 bodies decided, is signed, and leaves a complete audit trail', async () => {
    const body = lauragaisCampaign();
    const id = body.id as string;
    const launch = await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    expect(launch.body).toMatchObject({ id, phase: 'awaiting_conference', workflowId: campaignWorkflowId(id) });
    await t.http.post('/campaigns').set(auth()).send(body).expect(200);

    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);

    const communes = body.signatories.filter((s) => s.kind === 'commune').map((s) => s.id);
    const rejecting = new Set(communes.slice(0, 3));
    const adjourning = communes[3];
    await t.http
      .put(`/campaigns/${id}/signatories/${adjourning}/deliberation`)
      .set(auth())
      .send(adjourned())
      .expect(200, { signatoryId: adjourning, status: 'adjourned', late: false, phase: 'deliberating' });

    const others = body.signatories.map((s) => s.id).filter((sid) => sid !== adjourning);
    await inParallel(others, 12, async (sid) => {
      const vote = rejecting.has(sid) ? rejected() : adopted();
      const answer = await t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(auth()).send(vote);
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe(vote.decision);
    });
    const waiting = await t.http.get(`/campaigns/${id}`).set(auth()).expect(200);
    expect(waiting.body.phase).toBe('deliberating');
    expect(waiting.body.counts).toMatchObject({ total: 62, adopted: 58, rejected: 3, adjourned: 1, pending: 0 });

    await t.http
      .put(`/campaigns/${id}/signatories/${adjourning}/deliberation`)
      .set(auth())
      .send(adopted({ sessionDate: '2023-09-12', number: '2023-077' }))
      .expect(200);
    const ready = await t.http.get(`/campaigns/${id}`).set(auth()).expect(200);
    expect(ready.body).toMatchObject({ phase: 'awaiting_signature', blocked: false, requiredPending: [] });
    expect(ready.body.counts).toMatchObject({ total: 62, adopted: 59, rejected: 3, adjourned: 0, pending: 0 });
    // One workflow per campaign: the bodies' reminders are its own, on its one timer.
    const workflows = [];
    for await (const w of t.temporal.workflow.list({ query: `CampaignId = "${id}"` })) workflows.push(w.workflowId);
    expect(workflows).toEqual([campaignWorkflowId(id)]);

    const signed = await t.http.post(`/campaigns/${id}/signature`).set(auth()).send({ signedOn: '2023-11-21' }).expect(200);
    expect(signed.body.phase).toBe('signed');
    expect(signed.body.signature.signedBy).toHaveLength(59);

    const trail = await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth()).expect(200);
    const types = trail.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'CampaignLaunched',
      'ConferenceHeld',
      ...Array(63).fill('DeliberationRecorded'),
      'SignatureOpened',
      'ConventionSigned',
    ]);
    expect(trail.body.events.map((e: { seq: number }) => e.seq)).toEqual(types.map((_: string, i: number) => i + 1));
    expect(trail.body.events[1].actor).toMatchObject({ kind: 'administrator', id: 'admin@ctg.example.org' });

    // The read models agree with the workflow's own state.
    const handle = t.temporal.workflow.getHandle(campaignWorkflowId(id));
    const live = await handle.query(campaignStateQuery);
    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    expect(rows).toHaveLength(62);
    for (const row of rows) {
      expect(row.deliberation).toEqual(live.signatories[row.id].deliberation);
    }
    expect(live.phase).toBe('signed');

    // The campaign can be found in Temporal by its id and phase (the Web UI's filter).
    await eventually(async () => {
      const found = [];
      for await (const w of t.temporal.workflow.list({ query: `CampaignId = "${id}" AND CampaignPhase = "signed"` })) found.push(w.workflowId);
      expect(found).toEqual([campaignWorkflowId(id)]);
    });

    const history = await handle.fetchHistory();
    console.log(`history of the 62-signatory campaign: ${history.events?.length} events`);
    expect(history.events?.length).toBeLessThan(10_240);
    await keepHistory('campaign-terres-du-lauragais.json', async () => history);
    const csv = await t.http.get(`/campaigns/${id}/events.csv`).set(auth()).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\n')).toHaveLength(1 + types.length);
  });
});
