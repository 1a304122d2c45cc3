import { FaultCampaign } from './support/fault-campaign';
import { burstWithServiceKilled, processFaultSuite, sleep } from './support/process-fault-suite';

describe('nothing lost under faults: kill -9 of the worker during the signature, and of the API', () => {
  const { stack, finishAndAudit } = processFaultSuite('signature-api', 'Process faults: the signature and the API (62-signatory campaign each)');

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
    const timing = await burstWithServiceKilled(campaign, stack.api, 1000);
    const row = await finishAndAudit(campaign, 'API `kill -9` during a burst of votes', timing);
    expect(row.problems).toEqual([]);
  });
});
