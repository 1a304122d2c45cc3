import { keepHistory } from './support/recorded-history';
import { WorkflowNotFoundError } from '@temporalio/client';
import { campaignWorkflowId } from '@ctg/domain';
import { adopted, adjourned, inSeconds, rejected, smallCampaign } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('deliberation rules through the HTTP API', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const eventCount = async (id: string) =>
    (await t.http.get(`/campaigns/${id}/events?limit=1000`).set(auth()).expect(200)).body.events.length;

  async function openCampaign(signatories = 4, overrides = {}): Promise<string> {
    const body = smallCampaign(signatories, overrides);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    return body.id as string;
  }

  const vote = (id: string, sid: string, body: object) =>
    t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(auth()).send(body);
  const workflowClosed = (id: string) =>
    eventually(async () => expect((await t.temporal.workflow.getHandle(campaignWorkflowId(id)).describe()).status.name).toBe('COMPLETED'));
  /** Temporal no longer holds the campaign's workflow (as after its retention period). */
  const gone = async (id: string) =>
    t.temporal.workflow.getHandle(campaignWorkflowId(id)).describe().then(
      () => false,
      (error) => error instanceof WorkflowNotFoundError,
    );
  const runsOf = async (id: string) => {
    let runs = 0;
    for await (const _ of t.temporal.workflow.list({ query: `WorkflowId = '${campaignWorkflowId(id)}'` })) runs++;
    return runs;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('records the same deliberation sent twice once, and refuses a different one after a final decision', async () => {
    const id = await openCampaign();
    await vote(id, 'commune-1', adopted()).expect(200);
    const before = await eventCount(id);
    await vote(id, 'commune-1', adopted()).expect(200, { signatoryId: 'commune-1', status: 'adopted', late: false, phase: 'deliberating' });
    expect(await eventCount(id)).toBe(before);

    const conflict = await vote(id, 'commune-1', rejected()).expect(409);
    expect(conflict.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(conflict.body.message).toMatch(/correct/);
    expect(await eventCount(id)).toBe(before);
  });

  it('keeps an adjourned deliberation open for a later session', async () => {
    const id = await openCampaign();
    await vote(id, 'commune-2', adjourned()).expect(200);
    await vote(id, 'commune-2', adopted({ sessionDate: '2023-09-01' })).expect(200);
    const rows = (await t.http.get(`/campaigns/${id}/signatories`).set(auth()).expect(200)).body.signatories;
    expect(rows.find((r: { id: string }) => r.id === 'commune-2')).toMatchObject({ status: 'adopted', sessionDate: null });
  });

  it('refuses a vote before the conference (409), for an unknown signatory (404), and a decision against the count (422)', async () => {
    const body = smallCampaign(3);
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    const early = await vote(id, 'commune-1', adopted()).expect(409);
    expect(early.body.message).toMatch(/awaiting_conference/);
    expect(await eventCount(id)).toBe(1);

    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    await vote(id, 'nowhere', adopted()).expect(404);
    await t.http.put(`/campaigns/unknown-campaign/signatories/commune-1/deliberation`).set(auth()).send(adopted()).expect(404);

    const wrong = await vote(id, 'commune-1', adopted({ votesFor: 3, votesAgainst: 9 })).expect(422);
    expect(wrong.body.fields).toEqual([{ field: 'decision', message: 'adopted needs more votes for than against' }]);
    const future = await vote(id, 'commune-1', adopted({ sessionDate: '2099-01-01' })).expect(422);
    expect(future.body.fields[0].field).toBe('sessionDate');
    const typed = await vote(id, 'commune-1', { ...adopted(), votesFor: '12' }).expect(400);
    expect(typed.body.fields.map((f: { field: string }) => f.field)).toContain('votesFor');
    const unknownField = await vote(id, 'commune-1', { ...adopted(), mayor: 'x' }).expect(400);
    expect(unknownField.body.fields.map((f: { field: string }) => f.field)).toContain('mayor');
    expect(await eventCount(id)).toBe(2);
  });

  it('blocks the campaign when a required signatory rejects, until it is reopened and adopts', async () => {
    const id = await openCampaign(3);
    await vote(id, 'epci', rejected()).expect(200);
    await vote(id, 'commune-1', adopted()).expect(200);
    await vote(id, 'commune-2', adopted()).expect(200);
    const blocked = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
    expect(blocked).toMatchObject({ phase: 'awaiting_signature', blocked: true, requiredPending: ['epci'] });
    await t.http.post(`/campaigns/${id}/signature`).set(auth()).send({ signedOn: '2023-11-21' }).expect(409);

    await t.http.post(`/campaigns/${id}/signatories/commune-1/reopen`).set(auth()).send({ reason: 'erreur' }).expect(409);
    await t.http.post(`/campaigns/${id}/signatories/epci/reopen`).set(auth()).send({ reason: 'nouvelle séance' }).expect(200);
    await t.http.post(`/campaigns/${id}/signatories/epci/reopen`).set(auth()).send({ reason: 'nouvelle séance' }).expect(200);
    expect((await t.http.get(`/campaigns/${id}`).set(auth())).body.blocked).toBe(true);
    await vote(id, 'epci', adopted({ sessionDate: '2023-10-02' })).expect(200);
    const unblocked = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
    expect(unblocked).toMatchObject({ phase: 'awaiting_signature', blocked: false, requiredPending: [] });
    await t.http.post(`/campaigns/${id}/signature`).set(auth()).send({ signedOn: '2023-11-21' }).expect(200);
    await vote(id, 'commune-1', adopted({ votesFor: 20 })).expect(409);

    const types = (await t.http.get(`/campaigns/${id}/events`).set(auth())).body.events.map((e: { type: string }) => e.type);
    expect(types.filter((type: string) => type === 'DeliberationReopened')).toHaveLength(1);
  });

  it('records a correction as a new event that references the corrected one', async () => {
    const id = await openCampaign(3);
    await vote(id, 'commune-1', adopted({ votesFor: 12 })).expect(200);
    const corrected = await t.http
      .post(`/campaigns/${id}/signatories/commune-1/corrections`)
      .set(auth())
      .send({ reason: 'nombre de voix mal saisi', deliberation: adopted({ votesFor: 13 }) })
      .expect(200);
    expect(corrected.body.status).toBe('adopted');
    const events = (await t.http.get(`/campaigns/${id}/events`).set(auth())).body.events;
    const recorded = events.find((e: { type: string }) => e.type === 'DeliberationRecorded');
    const correction = events.find((e: { type: string }) => e.type === 'DeliberationCorrected');
    expect(correction.data).toMatchObject({ corrects: recorded.seq, reason: 'nombre de voix mal saisi' });
    expect(correction.data.deliberation.votesFor).toBe(13);
    expect(recorded.data.deliberation.votesFor).toBe(12);
  });

  it('moves the campaign to awaiting_signature at the deadline once every required signatory adopted', async () => {
    const id = await openCampaign(3, { deliberationDeadline: inSeconds(4) });
    await vote(id, 'epci', adopted()).expect(200);
    expect((await t.http.get(`/campaigns/${id}`).set(auth())).body.phase).toBe('deliberating');
    await eventually(async () => {
      const campaign = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
      expect(campaign).toMatchObject({ phase: 'awaiting_signature', deadlinePassed: true });
    }, 20_000, 250);
    const late = await vote(id, 'commune-1', adopted()).expect(200);
    expect(late.body).toMatchObject({ status: 'adopted', late: true });
    const types = (await t.http.get(`/campaigns/${id}/events`).set(auth())).body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['CampaignLaunched', 'ConferenceHeld', 'DeliberationRecorded', 'DeadlinePassed', 'SignatureOpened', 'DeliberationRecorded']);
  });

  it('answers a repeated launch with the same body 200 and with another body 409', async () => {
    const body = smallCampaign(2);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post('/campaigns').set(auth()).send(body).expect(200);
    await t.http.post('/campaigns').set(auth()).send({ ...body, title: 'Autre convention' }).expect(409);
    const noRequired = smallCampaign(2);
    noRequired.signatories[0].required = false;
    const refused = await t.http.post('/campaigns').set(auth()).send(noRequired).expect(422);
    expect(refused.body.fields).toEqual([{ field: 'signatories', message: 'at least one signatory must be required' }]);
  });

  it('cancels a campaign, after which no vote is taken', async () => {
    const id = await openCampaign(2);
    await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
    expect((await t.http.get(`/campaigns/${id}`).set(auth())).body.phase).toBe('cancelled');
    await vote(id, 'epci', adopted()).expect(409);
    await t.http.post(`/campaigns/${id}/signature`).set(auth()).send({ signedOn: '2023-11-21' }).expect(409);
  });

  it('refuses with 409, never a 500, a vote that arrives while the cancelled campaign closes', async () => {
    // The update can land in the workflow task that completes the workflow, which Temporal then
    // fails (UnhandledCommand) along with the update: the API sends it again and gets the real answer.
    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      const id = await openCampaign(2);
      await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
      statuses.push((await vote(id, 'epci', adopted())).status);
    }
    expect(new Set(statuses)).toEqual(new Set([409]));
  });

  it('answers a relaunch of a closed campaign from its record: 200 with the same body, 409 with another, and starts no second run', async () => {
    const body = smallCampaign(2);
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    const launched = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
    await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
    await workflowClosed(id);
    const events = await eventCount(id);

    const again = await t.http.post('/campaigns').set(auth()).send(body).expect(200);
    expect(again.body).toMatchObject({ id, phase: 'cancelled', launchedAt: launched.launchedAt, workflowId: `campaign:${id}` });
    await t.http.post('/campaigns').set(auth()).send({ ...body, title: 'Autre convention' }).expect(409);
    expect(await eventCount(id)).toBe(events);
    expect(await runsOf(id)).toBe(1);

    // Once Temporal's retention has dropped the workflow, the record still answers.
    await t.temporal.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: campaignWorkflowId(id) } });
    await eventually(async () => expect(await gone(id)).toBe(true), 60_000, 250);
    expect((await t.http.post('/campaigns').set(auth()).send(body).expect(200)).body).toMatchObject({ id, phase: 'cancelled' });
    await t.http.post('/campaigns').set(auth()).send({ ...body, reminderPolicy: { ...body.reminderPolicy, overdueMax: 3 } }).expect(409);
    await pause(1000);
    expect(await gone(id)).toBe(true);
    expect(await eventCount(id)).toBe(events);
  });

  it('answers the same cancellation or signature again 200 and another 409, before and after the workflow closed', async () => {
    const cancelled = await openCampaign(2);
    const cancel = (reason: string) => t.http.post(`/campaigns/${cancelled}/cancel`).set(auth()).send({ reason });
    await cancel('convention abandonnée').expect(200);
    const afterCancel = await eventCount(cancelled);
    await workflowClosed(cancelled);
    expect((await cancel('convention abandonnée').expect(200)).body).toMatchObject({ phase: 'cancelled', cancellation: { reason: 'convention abandonnée' } });
    await cancel('fusion de communautés').expect(409);
    await t.http.post(`/campaigns/${cancelled}/signature`).set(auth()).send({ signedOn: '2023-11-21' }).expect(409);
    expect(await eventCount(cancelled)).toBe(afterCancel);

    // A signature whose legal follow-up is complete closes the workflow at once.
    const signed = await openCampaign(1);
    await vote(signed, 'epci', adopted()).expect(200);
    const followUp = { transmittedOn: '2023-07-05', acknowledgedAt: '2023-07-05T10:00:00+02:00', executoryOn: '2023-07-06' };
    await t.http.put(`/campaigns/${signed}/signatories/epci/legal-follow-up`).set(auth()).send(followUp).expect(200);
    const sign = (body: object) => t.http.post(`/campaigns/${signed}/signature`).set(auth()).send(body);
    await sign({ signedOn: '2023-11-21' }).expect(200);
    const afterSignature = await eventCount(signed);
    await workflowClosed(signed);
    expect((await sign({ signedOn: '2023-11-21' }).expect(200)).body).toMatchObject({ phase: 'signed', signature: { signedOn: '2023-11-21', signedBy: ['epci'] } });
    await sign({ signedOn: '2023-11-21', signedBy: ['epci'] }).expect(200);
    await sign({ signedOn: '2023-11-20' }).expect(409);
    await t.http.post(`/campaigns/${signed}/cancel`).set(auth()).send({ reason: 'trop tard' }).expect(409);
    expect(await eventCount(signed)).toBe(afterSignature);
  });

  it("keeps a signed campaign open while a deliberation lacks the prefecture's acknowledgment", async () => {
    const id = await openCampaign(1);
    await vote(id, 'epci', adopted()).expect(200);
    const followUp = (body: object) => t.http.put(`/campaigns/${id}/signatories/epci/legal-follow-up`).set(auth()).send(body);
    await followUp({ transmittedOn: '2023-07-05', executoryOn: '2023-07-06' }).expect(200);
    await t.http.post(`/campaigns/${id}/signature`).set(auth()).send({ signedOn: '2023-11-21' }).expect(200);
    await pause(1500);
    const handle = t.temporal.workflow.getHandle(campaignWorkflowId(id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body.legalFollowUpMissing).toEqual(['epci']);
    await followUp({ acknowledgedAt: '2023-07-05T10:00:00+02:00' }).expect(200);
    await workflowClosed(id);
    expect((await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body.legalFollowUpMissing).toEqual([]);

    await keepHistory('campaign-legal-follow-up-acknowledged.json', () => handle.fetchHistory());
  });
});
