import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { recordedRun } from '../../../test/fixtures/record-events';
import { CampaignReadRepository } from './campaign-read.repository';
import { openDatabase } from './data-source';
import { EventStoreRepository } from './event-store.repository';
import { PROJECTED_CHANNEL, ProjectionWatcher } from './projection-notices';

/** Waiting for a projection on the run's real PostgreSQL: woken by the append's notice, not by reading again. */
describe('the projection watcher', () => {
  let dataSource: DataSource;
  let store: EventStoreRepository;
  let watcher: ProjectionWatcher;
  let reads = 0;
  const errors: string[] = [];
  /** Resolved by the watcher's next LISTEN: the test awaits its reconnection rather than guessing it. */
  let listening: () => void = () => undefined;

  beforeAll(async () => {
    dataSource = await openDatabase(process.env.TEST_DATABASE_URL as string, 2);
    store = new EventStoreRepository(dataSource);
    const campaigns = new CampaignReadRepository(dataSource);
    watcher = new ProjectionWatcher({
      connectionString: process.env.TEST_DATABASE_URL as string,
      readLastSeq: (campaignId) => {
        reads++;
        return campaigns.lastSeq(campaignId);
      },
      onError: (message) => errors.push(message),
      onListening: () => listening(),
      reconnectMs: 100,
    });
    await watcher.start();
  });
  afterAll(async () => {
    await watcher?.stop();
    await dataSource?.destroy();
  });
  beforeEach(() => (reads = 0));

  const newCampaign = () => `ctg-watch-${randomUUID().slice(0, 8)}`;
  /** Long enough that only a notice can end the wait before the test's own 20 s timeout. */
  const FOREVER = 600_000;

  it('wakes a wait when the append that projects its seq commits, after a single read', async () => {
    const campaignId = newCampaign();
    const events = recordedRun(campaignId, 3);
    await store.append(campaignId, events.slice(0, 1));
    const waiting = watcher.waitFor(campaignId, 3, FOREVER);
    await store.append(campaignId, events.slice(1, 2));
    await store.append(campaignId, events);
    await expect(waiting).resolves.toBe(true);
    expect(reads).toBe(1);
  }, 20_000);

  it('answers at once for a seq already projected', async () => {
    const campaignId = newCampaign();
    await store.append(campaignId, recordedRun(campaignId, 2));
    await expect(watcher.waitFor(campaignId, 2, FOREVER)).resolves.toBe(true);
    expect(reads).toBe(1);
  }, 20_000);

  it('is not woken by an earlier seq or another campaign, and says false at its deadline after one last read', async () => {
    const campaignId = newCampaign();
    const other = newCampaign();
    await store.append(campaignId, recordedRun(campaignId, 1));
    const waiting = watcher.waitFor(campaignId, 2, 1000);
    await store.append(other, recordedRun(other, 2));
    await dataSource.query('SELECT pg_notify($1, $2), pg_notify($1, $3)', [PROJECTED_CHANNEL, JSON.stringify({ campaignId, lastSeq: 1 }), 'not json']);
    await expect(waiting).resolves.toBe(false);
    expect(reads).toBe(2);
  }, 20_000);

  it('listens again after its connection is cut, and the next notice wakes the wait', async () => {
    const campaignId = newCampaign();
    const events = recordedRun(campaignId, 2);
    await store.append(campaignId, events.slice(0, 1));
    const listeningAgain = new Promise<void>((resolve) => (listening = resolve));
    await cutListeners();
    await listeningAgain;
    const waiting = watcher.waitFor(campaignId, 2, FOREVER);
    await store.append(campaignId, events);
    await expect(waiting).resolves.toBe(true);
    expect(errors[0]).toMatch(/projection notices interrupted/);
  }, 20_000);

  it('reads the record once more after reconnecting, for a notice sent while nobody listened', async () => {
    const campaignId = newCampaign();
    const events = recordedRun(campaignId, 2);
    await store.append(campaignId, events.slice(0, 1));
    let dropped: () => void = () => undefined;
    const droppedOnce = new Promise<void>((resolve) => (dropped = resolve));
    let recheckReads = 0;
    const slow = new ProjectionWatcher({
      connectionString: process.env.TEST_DATABASE_URL as string,
      readLastSeq: (id) => {
        recheckReads++;
        return new CampaignReadRepository(dataSource).lastSeq(id);
      },
      onError: () => dropped(),
      // Long enough for the append below to happen while this watcher listens to nothing.
      reconnectMs: 3000,
    });
    await slow.start();
    try {
      const waiting = slow.waitFor(campaignId, 2, FOREVER);
      await cutListeners();
      await droppedOnce;
      await store.append(campaignId, events);
      await expect(waiting).resolves.toBe(true);
      expect(recheckReads).toBe(2);
    } finally {
      await slow.stop();
    }
  }, 20_000);
});

/** Ends every LISTEN connection to the test database, as its owner, who sees and may end them all. */
async function cutListeners(): Promise<void> {
  const owner = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await owner.connect();
  try {
    await owner.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN ${PROJECTED_CHANNEL}' AND datname = current_database()`);
  } finally {
    await owner.end();
  }
}
