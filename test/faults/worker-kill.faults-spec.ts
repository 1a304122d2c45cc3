import { FAULT_REMINDER_POLICY, FaultCampaign } from './support/fault-campaign';
import { burstWithServiceKilled, processFaultSuite, sleep } from './support/process-fault-suite';

describe('nothing lost under faults: kill -9 of the worker during votes and between reminders', () => {
  const { stack, finishAndAudit } = processFaultSuite('worker', 'Process faults: the worker (62-signatory campaign each)');

  it('kill -9 of the worker during a burst of votes, then a restart', async () => {
    const campaign = new FaultCampaign(stack, 'worker-burst', { deadlineInSeconds: 45 });
    await campaign.launch();
    const timing = await burstWithServiceKilled(campaign, stack.worker, 2000);
    const row = await finishAndAudit(campaign, 'worker `kill -9` during a burst of votes', timing);
    expect(row.problems).toEqual([]);
  });

  it('kill -9 of the worker between two reminders, then a restart', async () => {
    // The first overdue reminder 12 s after the deadline, not 4: the 28 s from the first reminder to it
    // hold the kill's outage (3 s down, the worker's start, Temporal's 10 s sticky timeout) even on a
    // loaded machine, so the second reminder is sent before the third is due instead of merged with it.
    const campaign = new FaultCampaign(stack, 'worker-reminders', { deadlineInSeconds: 35, reminderPolicy: { ...FAULT_REMINDER_POLICY, overdueEvery: 'PT12S' } });
    await campaign.launch();
    await campaign.castVotes(campaign.voters);
    // Between two reminders, not during one: the first is e-mailed and recorded for every late body.
    await campaign.until('a first reminder to every late body, e-mailed and recorded', async () => {
      if (!campaign.late.every((sid) => campaign.remindersOf(sid).length === 1)) return false;
      const [{ recorded }] = await stack.dataSource.query(
        `SELECT count(*)::int AS recorded FROM campaign_event
         WHERE campaign_id = $1 AND type = 'ReminderSent' AND data->>'signatoryId' = ANY($2)`,
        [campaign.id, campaign.late],
      );
      return recorded === campaign.late.length;
    }, 60_000);
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
});
