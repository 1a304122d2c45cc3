import { lockCampaignRecord } from '@ctg/persistence/record-lock';
import { FaultCampaign } from './support/fault-campaign';
import { TEMPORAL_OUTAGE_MS, appendsWaitingOnLock, burstWithFault, firstVoteAfter, health, processFaultSuite, sleep } from './support/process-fault-suite';

describe('nothing lost under faults: the Temporal server killed, PostgreSQL stopped', () => {
  const { stack, finishAndAudit } = processFaultSuite('servers', 'Process faults: Temporal and PostgreSQL (62-signatory campaign each)');

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
