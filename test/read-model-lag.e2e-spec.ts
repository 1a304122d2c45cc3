import { lockCampaignRecord } from '@ctg/persistence/record-lock';
import { smallCampaign } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

/**
 * Writes that Temporal accepted while the read model is behind (here: the campaign's record lock
 * held, so the projection cannot land): the API answers what Temporal told it, never 404 or 503,
 * and the read model follows once the projection lands.
 */
describe('answers to accepted writes while the read model lags (PROJECTION_WAIT_MS=300)', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp({ PROJECTION_WAIT_MS: '300' });
  });
  afterAll(async () => t?.close());

  /** Runs `during` while no event of the campaign can be appended, then lets them through. */
  async function withRecordLocked<T>(campaignId: string, during: () => Promise<T>): Promise<T> {
    let release: () => void = () => undefined;
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = t.dataSource.transaction(async (manager) => {
      await lockCampaignRecord(manager, campaignId);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    try {
      return await during();
    } finally {
      release();
      await held;
    }
  }

  it('answers a launch 201 {id, phase, workflowId}, then a conference and a cancellation 200 with their phase', async () => {
    const body = smallCampaign(2);
    const id = body.id as string;
    const launch = await withRecordLocked(id, () => t.http.post('/campaigns').set(auth()).send(body).expect(201));
    expect(launch.body).toEqual({ id, phase: 'awaiting_conference', workflowId: `campaign:${id}` });
    await eventually(async () => expect((await t.http.get(`/campaigns/${id}`).set(auth())).status).toBe(200));

    const conference = await withRecordLocked(id, () =>
      t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200),
    );
    expect(conference.body).toEqual({ id, phase: 'deliberating', workflowId: `campaign:${id}` });
    const cancel = await withRecordLocked(id, () =>
      t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200),
    );
    expect(cancel.body).toEqual({ id, phase: 'cancelled', workflowId: `campaign:${id}` });

    await eventually(async () =>
      expect((await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body).toMatchObject({ phase: 'cancelled', conference: { heldOn: '2023-06-13' } }),
    );
    const events = (await t.http.get(`/campaigns/${id}/events`).set(auth()).expect(200)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(['CampaignLaunched', 'ConferenceHeld', 'CampaignCancelled']);
  });
});
