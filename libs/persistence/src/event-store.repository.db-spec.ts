import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { recordedRun } from '../../../test/fixtures/record-events';
import { CampaignEvent } from '@ctg/domain';
import { openDatabase } from './data-source';
import { EventStoreRepository, RecordConflictError } from './event-store.repository';

/** The event store on the run's real PostgreSQL database (test/global-setup.ts creates it). */
describe('the event store', () => {
  let dataSource: DataSource;
  let store: EventStoreRepository;

  beforeAll(async () => {
    dataSource = await openDatabase(process.env.TEST_DATABASE_URL as string, 2);
    store = new EventStoreRepository(dataSource);
  });
  afterAll(async () => dataSource?.destroy());

  const run = recordedRun;

  const stored = async (campaignId: string) =>
    (await dataSource.query(`SELECT seq, id FROM campaign_event WHERE campaign_id = $1 ORDER BY seq`, [campaignId])) as { seq: number; id: string }[];

  it('skips the events a retried append sends again, and appends the new ones after them', async () => {
    const campaignId = `ctg-store-${randomUUID().slice(0, 8)}`;
    const events = run(campaignId, 4);
    expect(await store.append(campaignId, events.slice(0, 2))).toBe(2);
    expect(await store.append(campaignId, events)).toBe(2);
    expect(await store.append(campaignId, events)).toBe(0);
    expect(await stored(campaignId)).toEqual(events.map((e) => ({ seq: e.seq, id: e.id })));
  });

  it('refuses the events of a second run numbered from 1 again, and writes none of its batch', async () => {
    const campaignId = `ctg-store-${randomUUID().slice(0, 8)}`;
    const first = run(campaignId, 3);
    await store.append(campaignId, first);
    const second = run(campaignId, 5);

    await expect(store.append(campaignId, second)).rejects.toThrow(RecordConflictError);
    await expect(store.append(campaignId, second)).rejects.toThrow(/seq 1 is already recorded as event .*: is a second workflow run/);
    // Its later events do not chain onto the first run's record either.
    await expect(store.append(campaignId, second.slice(2))).rejects.toThrow(/seq 3 is already recorded/);
    expect(await stored(campaignId)).toEqual(first.map((e) => ({ seq: e.seq, id: e.id })));
    const [view] = await dataSource.query(`SELECT last_seq FROM campaign_view WHERE id = $1`, [campaignId]);
    expect(view.last_seq).toBe(3);
  });

  it('refuses another event at a stored seq even under the same id, as a run deciding again after a lost workflow task sends it', async () => {
    const campaignId = `ctg-store-${randomUUID().slice(0, 8)}`;
    const events = run(campaignId, 3);
    await store.append(campaignId, events);
    // The same id and seq, another fact: a session date the record does not hold.
    const decidedAgain = { ...events[2], data: { signatoryId: 'epci', sessionDate: '2023-09-30' } } as CampaignEvent;

    await expect(store.append(campaignId, [decidedAgain])).rejects.toThrow(/seq 3 is already recorded as event .* \(SessionScheduled\)/);
    const [third] = await dataSource.query(`SELECT data FROM campaign_event WHERE campaign_id = $1 AND seq = 3`, [campaignId]);
    expect(third.data).toEqual(events[2].data);
  });
});
