import { FaultCampaign } from './support/fault-campaign';
import { TEMPORAL_OUTAGE_MS, burstWithFault, firstVoteAfter, health, processFaultSuite, sleep } from './support/process-fault-suite';

describe('nothing lost under faults: the Temporal server killed during a burst', () => {
  const { stack, finishAndAudit } = processFaultSuite('temporal-restart', 'Process faults: the Temporal server (62-signatory campaign)');

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
});
