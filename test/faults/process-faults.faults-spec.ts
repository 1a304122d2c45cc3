import { RECORD_LOCK_SPACE, lockCampaignRecord } from '@ctg/persistence/record-lock';
import { FaultCampaign } from './support/fault-campaign';
import { faultTable, report } from './support/fault-report';
import { FaultStack } from './support/fault-stack';
import { FaultRow, FaultTiming, auditCampaign } from './support/record-audit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sessions of the application's database waiting for a campaign's record lock (an append, a rebuild). */
async function appendsWaitingOnLock(stack: FaultStack): Promise<number> {
  const [{ waiting }] = await stack.dataSource.query(
    `SELECT count(*)::int AS waiting FROM pg_locks
     WHERE locktype = 'advisory' AND NOT granted AND classid = $1 AND objsubid = 2
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [RECORD_LOCK_SPACE],
  );
  return waiting;
}

/** When secretaries saw the system work again: the first vote sent after `since` that was acknowledged. */
function firstVoteAfter(campaign: FaultCampaign, since: number): number {
  const times = [...campaign.votes.values()]
    .filter((a) => a.status === 200 && a.attempts[a.attempts.length - 1].at >= since)
    .map((a) => a.answeredAt);
  if (times.length === 0) throw new Error('no vote sent after the part came back was acknowledged');
  return Math.min(...times);
}

/** Longer than the API's wait for Temporal (TEMPORAL_TIMEOUT_MS, 20 s): a blip shorter than that is ridden out. */
const TEMPORAL_OUTAGE_MS = 22_000;

/** Secretaries arrive over this window, as they would after a reminder: some vote while the fault lasts. */
const BURST_SPREAD_MS = 6000;

/** The burst of the voters, with `strike` run once a fifth of them have been answered. */
async function burstWithFault(campaign: FaultCampaign, strike: () => Promise<void>): Promise<void> {
  let fault: Promise<void> | undefined;
  const fifth = Math.floor(campaign.voters.length / 5);
  await campaign.castVotes(campaign.voters, (acknowledged) => {
    if (acknowledged === fifth) fault = strike();
  }, BURST_SPREAD_MS);
  if (!fault) throw new Error('the fault never struck');
  await fault;
}

async function health(stack: FaultStack): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.apiUrl}/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Issue 8: a 62-signatory campaign per fault, its secretaries voting concurrently and retrying with
 * the same body as real clients do, while a part of the system is killed; then the record is audited.
 */
describe('nothing lost under faults: kill -9 of the worker, the API, Temporal; PostgreSQL stopped', () => {
  // The API waits for Temporal as in production (TEMPORAL_TIMEOUT_MS, 20 s): longer than Temporal
  // takes (its 10 s sticky timeout) to hand a dead worker's workflows to the restarted one.
  const stack = new FaultStack({ name: 'process' });
  const rows: FaultRow[] = [];

  beforeAll(() => stack.start(), 300_000);
  afterAll(async () => {
    if (rows.length) report('Process faults (62-signatory campaign each)', faultTable(rows));
    await stack.stop();
  });

  async function finishAndAudit(campaign: FaultCampaign, fault: string, timing: FaultTiming): Promise<FaultRow> {
    await campaign.castLateVotes();
    if (!campaign.signature) await campaign.sign();
    const row = await auditCampaign(stack, campaign, fault, timing);
    rows.push(row);
    return row;
  }

  it('kill -9 of the worker during a burst of votes, then a restart', async () => {
    const campaign = new FaultCampaign(stack, 'worker-burst', { deadlineInSeconds: 45 });
    await campaign.launch();
    const timing = { injectedAt: 0, restoredAt: 0, recoveredAt: 0 };
    await burstWithFault(campaign, async () => {
      timing.injectedAt = Date.now();
      await stack.worker.kill();
      await sleep(2000);
      timing.restoredAt = Date.now();
      await stack.worker.start();
    });
    timing.recoveredAt = firstVoteAfter(campaign, timing.restoredAt);
    const row = await finishAndAudit(campaign, 'worker `kill -9` during a burst of votes', timing);
    expect(row.problems).toEqual([]);
  });

  it('kill -9 of the worker between two reminders, then a restart', async () => {
    const campaign = new FaultCampaign(stack, 'worker-reminders', { deadlineInSeconds: 35 });
    await campaign.launch();
    await campaign.castVotes(campaign.voters);
    await campaign.until('a first reminder to every late body', () => campaign.late.every((sid) => campaign.remindersOf(sid).length === 1), 60_000);
    const timing = { injectedAt: Date.now(), restoredAt: 0, recoveredAt: 0 };
    await stack.worker.kill();
    await sleep(3000);
    timing.restoredAt = Date.now();
    await stack.worker.start();
    await campaign.until('a second reminder', () => campaign.late.some((sid) => campaign.remindersOf(sid).length >= 2), 60_000);
    timing.recoveredAt = Math.min(...campaign.late.flatMap((sid) => campaign.remindersOf(sid).filter((m) => m.receivedAt >= timing.restoredAt).map((m) => m.receivedAt)));
    const row = await finishAndAudit(campaign, 'worker `kill -9` between two reminders', timing);
    expect(row.problems).toEqual([]);
    expect(row.remindersSent).toBe(campaign.late.length * 4);
  });

  it('kill -9 of the worker during the signature, then a restart', async () => {
    const campaign = new FaultCampaign(stack, 'worker-signature', { deadlineInSeconds: 35 });
    await campaign.launch();
    await campaign.castVotes(campaign.voters);
    await campaign.castLateVotes();
    await campaign.until('awaiting_signature', async () => (await campaign.campaign()).phase === 'awaiting_signature', 60_000);
    const signing = campaign.sign();
    await sleep(20);
    const timing = { injectedAt: Date.now(), restoredAt: 0, recoveredAt: 0 };
    await stack.worker.kill();
    await sleep(2000);
    timing.restoredAt = Date.now();
    await stack.worker.start();
    const signature = await signing;
    timing.recoveredAt = signature.answeredAt;
    const row = await finishAndAudit(campaign, 'worker `kill -9` during the signature', timing);
    expect(row.problems).toEqual([]);
    expect(signature.status).toBe(200);
  });

  it('kill -9 of the API during a burst of votes, then a restart', async () => {
    const campaign = new FaultCampaign(stack, 'api-burst', { deadlineInSeconds: 45 });
    await campaign.launch();
    const timing = { injectedAt: 0, restoredAt: 0, recoveredAt: 0 };
    await burstWithFault(campaign, async () => {
      timing.injectedAt = Date.now();
      await stack.api.kill();
      await sleep(1000);
      timing.restoredAt = Date.now();
      await stack.api.start();
    });
    timing.recoveredAt = firstVoteAfter(campaign, timing.restoredAt);
    const row = await finishAndAudit(campaign, 'API `kill -9` during a burst of votes', timing);
    expect(row.problems).toEqual([]);
  });

  it('the Temporal server killed for 22 s, restarted on its database file: the API answers 503 meanwhile, then recovers by itself', async () => {
    const campaign = new FaultCampaign(stack, 'temporal-restart', { deadlineInSeconds: 75 });
    await campaign.launch();
    const timing = { injectedAt: 0, restoredAt: 0, recoveredAt: 0 };
    let whileDown: { status: number; body: Record<string, unknown> } | undefined;
    await burstWithFault(campaign, async () => {
      timing.injectedAt = Date.now();
      await stack.killTemporal();
      whileDown = await health(stack);
      await sleep(TEMPORAL_OUTAGE_MS - (Date.now() - timing.injectedAt));
      timing.restoredAt = Date.now();
      await stack.restartTemporal();
    });
    timing.recoveredAt = firstVoteAfter(campaign, timing.restoredAt);
    expect(whileDown).toMatchObject({ status: 503, body: { temporal: 'down', database: 'up' } });
    const votesWhileDown = [...campaign.votes.values()].flatMap((a) => a.attempts).filter((t) => t.at > timing.injectedAt && t.at < timing.restoredAt);
    expect(votesWhileDown.map((t) => t.status)).toContain(503);
    const row = await finishAndAudit(campaign, 'Temporal dev server `kill -9` for 22 s, restarted on its file', timing);
    expect(row.problems).toEqual([]);
    expect((await health(stack)).status).toBe(200);
  });

  it('the Temporal server killed while a vote waits to be appended: the record holds what Temporal kept, and the votes sent next in another order', async () => {
    const campaign = new FaultCampaign(stack, 'temporal-mid-append', { deadlineInSeconds: 75 });
    await campaign.launch();
    const [held, overtaking, ...others] = campaign.voters;
    // The campaign's record lock held by this test: the append of the first vote waits on it.
    const lock = stack.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lockCampaignRecord(lock.manager, campaign.id);
    const firstTry = campaign.voteOnce(held);
    await campaign.until('an append waiting on the record lock', async () => (await appendsWaitingOnLock(stack)) > 0, 20_000);
    const timing = { injectedAt: Date.now(), restoredAt: 0, recoveredAt: 0 };
    await stack.killTemporal();
    // Whatever the worker was holding reaches PostgreSQL now, while Temporal is down.
    await lock.commitTransaction();
    await lock.release();
    // Down longer than the API waits for Temporal: the first request gives up, and nothing sends it
    // again before the next vote (within that wait, the API's client would send it first).
    await sleep(TEMPORAL_OUTAGE_MS - (Date.now() - timing.injectedAt));
    timing.restoredAt = Date.now();
    await stack.restartTemporal();
    // Another commune's vote is decided first; then the first secretary sends the same body again.
    await campaign.castVotes([overtaking]);
    const first = await firstTry;
    await campaign.castVotes([held]);
    timing.recoveredAt = campaign.votes.get(overtaking)!.answeredAt;
    // Acknowledged once Temporal has its decision (the append follows), or refused with a 503 if
    // the decision was lost with the server: never an answer without the vote kept somewhere.
    expect([200, 503]).toContain(first.status);
    await campaign.castVotes(others);
    const row = await finishAndAudit(campaign, 'Temporal dev server `kill -9` while a vote waits to be appended', timing);
    expect(row.problems).toEqual([]);
  });

  it('PostgreSQL stopped for 15 s during a burst: the API answers 503 meanwhile, then recovers by itself', async () => {
    const campaign = new FaultCampaign(stack, 'postgres-outage', { deadlineInSeconds: 70 });
    await campaign.launch();
    const timing = { injectedAt: 0, restoredAt: 0, recoveredAt: 0 };
    let whileDown: { status: number; body: Record<string, unknown> } | undefined;
    await burstWithFault(campaign, async () => {
      timing.injectedAt = Date.now();
      await stack.postgres.stop();
      whileDown = await health(stack);
      await sleep(15_000 - (Date.now() - timing.injectedAt));
      timing.restoredAt = Date.now();
      await stack.postgres.start();
    });
    timing.recoveredAt = firstVoteAfter(campaign, timing.restoredAt);
    expect(whileDown).toMatchObject({ status: 503, body: { temporal: 'up', database: 'down' } });
    const triesWhileDown = [...campaign.votes.values()].flatMap((a) => a.attempts).filter((t) => t.at > timing.injectedAt + 1000 && t.at < timing.restoredAt);
    expect(triesWhileDown.length).toBeGreaterThan(0);
    expect(new Set(triesWhileDown.map((t) => t.status))).toEqual(new Set([503]));
    const row = await finishAndAudit(campaign, 'PostgreSQL stopped for 15 s during a burst', timing);
    expect(row.problems).toEqual([]);
    expect((await health(stack)).status).toBe(200);
  });
});
