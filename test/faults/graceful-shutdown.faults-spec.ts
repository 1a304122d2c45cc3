import { campaignWorkflowId } from '@ctg/domain';
import { FaultCampaign } from './support/fault-campaign';
import { faultTable, report } from './support/fault-report';
import { FaultStack } from './support/fault-stack';
import { FaultRow, auditCampaign } from './support/record-audit';

/** Activity attempts above the first in a workflow's history: work that a stopping worker abandoned. */
async function retriedActivities(stack: FaultStack, workflowId: string): Promise<number> {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1).length;
}

describe('graceful shutdown: SIGTERM lets in-flight work finish, then the process exits cleanly', () => {
  const stack = new FaultStack({ name: 'graceful' });
  const rows: FaultRow[] = [];

  beforeAll(() => stack.start(), 300_000);
  afterAll(async () => {
    if (rows.length) report('Graceful shutdown (62-signatory campaign each)', faultTable(rows));
    await stack.stop();
  });

  it('SIGTERM of the worker during a burst: its in-flight activities complete, it exits 0, a new worker carries on', async () => {
    const campaign = new FaultCampaign(stack, 'worker-sigterm', { deadlineInSeconds: 45 });
    await campaign.launch();
    const timing = { injectedAt: 0, restoredAt: 0, recoveredAt: 0 };
    let exit: Awaited<ReturnType<typeof stack.worker.stop>> | undefined;
    let strike: Promise<void> | undefined;
    await campaign.castVotes(
      campaign.voters,
      (acknowledged) => {
        if (acknowledged !== 10) return;
        strike = (async () => {
          timing.injectedAt = Date.now();
          exit = await stack.worker.stop('SIGTERM', 60_000);
          timing.restoredAt = Date.now();
          await stack.worker.start();
        })();
      },
      6000,
    );
    await strike;
    timing.recoveredAt = Math.min(...[...campaign.votes.values()].filter((a) => a.answeredAt >= timing.restoredAt).map((a) => a.answeredAt));
    await campaign.castLateVotes();
    await campaign.sign();
    const row = await auditCampaign(stack, campaign, 'worker `SIGTERM` during a burst (graceful)', timing);
    rows.push(row);

    expect(exit).toEqual({ code: 0, signal: null });
    // It drained its in-flight tasks (the SDK's state, in words), then closed its connections.
    expect(stack.worker.log()).toContain('"worker drained"');
    expect(stack.worker.log()).toContain('"worker exited"');
    expect(row.problems).toEqual([]);
    // Nothing was left for Temporal to time out and hand to the next worker.
    expect(await retriedActivities(stack, campaignWorkflowId(campaign.id))).toBe(0);
  });

  it('SIGTERM of the API while it holds votes: each gets its answer before the API exits 0', async () => {
    const campaign = new FaultCampaign(stack, 'api-sigterm', { deadlineInSeconds: 45 });
    await campaign.launch();
    // With the worker stopped, a vote waits inside the API for Temporal: these are surely received.
    await stack.worker.stop('SIGTERM', 60_000);
    const held = campaign.voters.slice(0, 10);
    const holding = campaign.castVotes(held);
    await campaign.until('ten votes held by the API', () => campaign.inFlight === held.length, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const timing = { injectedAt: Date.now(), restoredAt: 0, recoveredAt: 0 };
    const stopping = stack.api.stop('SIGTERM', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stack.worker.start();
    const exit = await stopping;
    await holding;
    timing.restoredAt = Date.now();
    await stack.api.start();
    await campaign.castVotes(campaign.voters.slice(held.length));
    timing.recoveredAt = Math.min(...[...campaign.votes.values()].filter((a) => a.answeredAt >= timing.restoredAt).map((a) => a.answeredAt));
    await campaign.castLateVotes();
    await campaign.sign();
    const row = await auditCampaign(stack, campaign, 'API `SIGTERM` while it holds 10 votes (graceful)', timing);
    rows.push(row);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(row.problems).toEqual([]);
    // Answered by the API that was stopping, at the first try: none had to be sent again.
    for (const sid of held) expect(campaign.votes.get(sid)?.attempts.map((a) => a.status)).toEqual([200]);
  });
});
