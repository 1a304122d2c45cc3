import { WorkflowHandle } from '@temporalio/client';
import { Deliberation, deliberationWorkflowId } from '@ctg/domain';
import {
  cancelCampaignUpdate,
  holdConferenceUpdate,
  moveDeadlineUpdate,
  recordDeliberationUpdate,
  scheduleSessionUpdate,
} from '@ctg/contracts';
import { ADMIN, WorkflowTier, definitionOf, launch, policyInSeconds, startWorkflowTier, today } from './support/workflow-environment';

const adopted = (): Deliberation => ({ sessionDate: today(), decision: 'adopted', votesFor: 12, votesAgainst: 1, abstentions: 0 });
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/**
 * The reminders as the bodies' workflows send them on durable timers, from the campaign's policy:
 * here two before a deadline 6 s away (at 4 s and 2 s before), then one overdue 2 s after it, the
 * administrators copied from the third.
 */
describe('reminders', () => {
  let tier: WorkflowTier;
  beforeAll(async () => {
    tier = await startWorkflowTier();
  });
  afterAll(() => tier?.close());

  async function deliberating(signatories: number, deadlineInSeconds: number, escalateFrom = 3): Promise<{ id: string; handle: WorkflowHandle }> {
    const definition = definitionOf(signatories, {
      deliberationDeadline: inSeconds(deadlineInSeconds),
      reminderPolicy: policyInSeconds({ escalateFrom }),
    });
    const handle = await launch(tier, definition);
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });
    return { id: definition.id, handle };
  }

  const numbers = (campaignId: string, signatoryId: string) =>
    tier.log.reminders.filter((r) => r.campaignId === campaignId && r.signatory.id === signatoryId).map((r) => [r.number, r.overdue, r.escalated]);

  it('sends the policy in order, the overdue one after the deadline, copying the administrators from the escalation step', async () => {
    const { id } = await deliberating(2, 6);
    await tier.log.until("the overdue reminders", () => numbers(id, 'epci').length === 3 && numbers(id, 'commune-1').length === 3);
    for (const body of ['epci', 'commune-1']) {
      expect(numbers(id, body)).toEqual([
        [1, false, false],
        [2, false, false],
        [3, true, true],
      ]);
    }
    const overdue = tier.log.reminders.find((r) => r.campaignId === id && r.number === 3);
    expect(overdue!.at).toBeGreaterThan(Date.parse(overdue!.deliberationDeadline));
  });

  it('reminds no body that has decided, nor one whose session is announced for today', async () => {
    const { id, handle } = await deliberating(3, 6);
    await handle.executeUpdate(scheduleSessionUpdate, { args: [{ signatoryId: 'commune-2', sessionDate: today(), actor: ADMIN }] });
    await tier.log.until('the first reminder of commune-1', () => numbers(id, 'commune-1').length === 1);
    await handle.executeUpdate(recordDeliberationUpdate, { args: [{ signatoryId: 'commune-1', deliberation: adopted(), actor: ADMIN }] });
    await tier.log.until("the EPCI's overdue reminder", () => numbers(id, 'epci').length === 3);
    expect(numbers(id, 'commune-1')).toEqual([[1, false, false]]);
    expect(numbers(id, 'commune-2')).toEqual([]);
  });

  it('follows the deadline when it moves, and carries the new one', async () => {
    const { id, handle } = await deliberating(1, 600);
    const moved = inSeconds(6);
    await handle.executeUpdate(moveDeadlineUpdate, { args: [{ deliberationDeadline: moved, actor: ADMIN }] });
    await tier.log.until('the reminders before the moved deadline', () => numbers(id, 'epci').length === 2);
    expect(tier.log.reminders.filter((r) => r.campaignId === id).map((r) => r.deliberationDeadline)).toEqual([moved, moved]);
  });

  it('stops every body’s reminders when the campaign is cancelled', async () => {
    const { id, handle } = await deliberating(2, 6);
    await tier.log.until('the first reminders', () => numbers(id, 'epci').length === 1 && numbers(id, 'commune-1').length === 1);
    await handle.executeUpdate(cancelCampaignUpdate, { args: [{ reason: 'fusion de communes', actor: ADMIN }] });
    const cancelledAt = Date.now();
    for (const body of ['epci', 'commune-1']) await tier.client.workflow.getHandle(deliberationWorkflowId(id, body)).result();
    expect(tier.log.reminders.filter((r) => r.campaignId === id && r.at > cancelledAt)).toEqual([]);
  });
});
