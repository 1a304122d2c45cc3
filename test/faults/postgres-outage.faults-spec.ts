import { FaultCampaign } from './support/fault-campaign';
import { burstWithFault, firstVoteAfter, health, processFaultSuite, sleep } from './support/process-fault-suite';

describe('nothing lost under faults: PostgreSQL stopped during a burst', () => {
  const { stack, finishAndAudit } = processFaultSuite('postgres-outage', 'Process faults: PostgreSQL (62-signatory campaign)');

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
