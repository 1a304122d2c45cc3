import { campaignWorkflowId } from '@ctg/domain';
import { FaultCampaign } from './support/fault-campaign';
import { BURST_SPREAD_MS, burstWithFault, processFaultSuite } from './support/process-fault-suite';
import { FaultTiming } from './support/record-audit';

/**
 * Issue 20: the production shape, scaled out. Two workers share the task queue and two APIs the
 * database, on the Temporal server on PostgreSQL as docker/ deploys it; the secretaries reach the
 * APIs through a round-robin load balancer (each try to the next API). Mid-burst, the worker that
 * holds the campaign's workflow and one API are killed, and stay down while the others carry on.
 */
describe('scale-out: two workers and two APIs on the Temporal server on PostgreSQL', () => {
  const { stack, finishAndAudit } = processFaultSuite('scale-out', 'Scale-out: two workers and two APIs, Temporal on PostgreSQL (62-signatory campaign)', {
    temporal: 'server',
    workers: 2,
    apis: 2,
  });

  /** The worker whose process ran the campaign's latest workflow task: the one holding it in its cache. */
  async function workerRunning(campaignId: string) {
    const history = await stack.client.workflow.getHandle(campaignWorkflowId(campaignId)).fetchHistory();
    const started = (history.events ?? []).filter((event) => event.workflowTaskStartedEventAttributes);
    const identity = started[started.length - 1]?.workflowTaskStartedEventAttributes?.identity ?? '';
    const worker = stack.workers.find((w) => identity.startsWith(`${w.pid}@`));
    if (!worker) throw new Error(`no worker of this stack ran the campaign's last workflow task (identity ${identity})`);
    return worker;
  }

  it('kill -9 of one worker and one API during a burst of votes: the other two carry it, nothing lost or recorded twice', async () => {
    const campaign = new FaultCampaign(stack, 'scale-out', { deadlineInSeconds: 45 });
    await campaign.launch();
    const [killedApi, survivingApi] = stack.apis;
    const timing: FaultTiming = { injectedAt: 0, restoredAt: 0, recoveredAt: 0 };
    let killedWorkerName = '';
    let bothDeadAt = 0;
    // Half the secretaries vote in a burst that the kill cuts into; the other half arrive once both
    // are down, whatever the machine's speed put before the kill, so the survivors carry them all.
    const half = Math.ceil(campaign.voters.length / 2);
    const [burstCutByKill, arrivingAfterKill] = [campaign.voters.slice(0, half), campaign.voters.slice(half)];
    let votesAfterKill: Promise<void> = Promise.resolve();
    await burstWithFault(campaign, async () => {
      const killedWorker = await workerRunning(campaign.id);
      killedWorkerName = killedWorker.options.name;
      timing.injectedAt = Date.now();
      await Promise.all([killedWorker.kill(), killedApi.kill()]);
      bothDeadAt = Date.now();
      votesAfterKill = campaign.castVotes(arrivingAfterKill, undefined, BURST_SPREAD_MS);
    }, burstCutByKill);
    await votesAfterKill;

    // The whole burst was acknowledged with one worker and one API down, none restarted.
    expect(campaign.voters.filter((sid) => campaign.votes.get(sid)?.status !== 200)).toEqual([]);
    const acknowledgedAfterKill = [...campaign.votes.values()].filter((answer) => answer.answeredAt > bothDeadAt);
    expect(acknowledgedAfterKill.length).toBeGreaterThanOrEqual(arrivingAfterKill.length);
    const survivingApiUrl = stack.apiUrls[stack.apis.indexOf(survivingApi)];
    for (const answer of acknowledgedAfterKill) expect(answer.attempts[answer.attempts.length - 1].baseUrl).toBe(survivingApiUrl);
    // Both APIs served votes before the kill: the load was shared, not one process with a spare.
    const servedBeforeKill = new Set([...campaign.votes.values()].filter((a) => a.answeredAt <= timing.injectedAt).map((a) => a.attempts[a.attempts.length - 1].baseUrl));
    expect(servedBeforeKill.size).toBe(2);

    // Recovery here is the longest a secretary waited among the votes sent while the pair was down:
    // a vote for the campaign waits for Temporal to hand its workflow to the surviving worker.
    const sentWhileDown = [...campaign.votes.values()].filter((answer) => answer.firstSentAt >= timing.injectedAt);
    expect(sentWhileDown.length).toBeGreaterThan(0);
    timing.recoveryMs = Math.max(...sentWhileDown.map((answer) => answer.answeredAt - answer.firstSentAt));
    timing.restoredAt = Date.now();
    await Promise.all(stack.workers.concat(stack.apis).filter((service) => !service.running).map((service) => service.start()));
    await campaign.castLateVotes();
    const row = await finishAndAudit(campaign, `\`kill -9\` of ${killedWorkerName} (holding the campaign) and of an API during a burst; both restarted once it ended`, timing);
    expect(row.problems).toEqual([]);
    expect(row.votesFound).toBe(campaign.request.signatories.length);
  });
});
