import { lockCampaignRecord } from '@ctg/persistence/record-lock';
import { FaultCampaign } from './support/fault-campaign';
import { TEMPORAL_OUTAGE_MS, appendsWaitingOnLock, processFaultSuite, sleep } from './support/process-fault-suite';

describe('nothing lost under faults: the Temporal server killed while a vote waits to be appended', () => {
  const { stack, finishAndAudit } = processFaultSuite('temporal-mid-append', 'Process faults: Temporal lost while an append waits (62-signatory campaign)');

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
});
