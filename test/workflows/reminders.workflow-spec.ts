import { WorkflowHandle } from '@temporalio/client';
import { Deliberation, campaignWorkflowId } from '@ctg/domain';
import { keepHistory } from '../support/recorded-history';
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
 * The reminders as the campaign sends them on its one durable timer, from its policy:
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
    await tier.log.until('six reminders in the record', () => tier.log.eventsOf(id).filter((e) => e.type === 'ReminderSent').length === 6);
    await keepHistory('campaign-reminders.json', () => tier.client.workflow.getHandle(campaignWorkflowId(id)).fetchHistory());
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
    // The run ends once cancelled; the second reminder (at 4 s) would have been due meanwhile.
    expect((await handle.result()).phase).toBe('cancelled');
    expect(tier.log.reminders.filter((r) => r.campaignId === id && r.at > cancelledAt)).toEqual([]);
  });

  it('spends the number of a reminder refused for good, and goes on with the next', async () => {
    const definition = definitionOf(1, { deliberationDeadline: inSeconds(6), reminderPolicy: policyInSeconds() });
    const refused = definition.signatories[0].email;
    tier.log.refusedReminders.add(refused);
    const handle = await launch(tier, definition);
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });
    await tier.log.until('the first reminder refused', () => numbers(definition.id, 'epci').length === 1);
    tier.log.refusedReminders.delete(refused);
    await tier.log.until('the next two reminders', () => numbers(definition.id, 'epci').length === 3);
    expect(numbers(definition.id, 'epci').map(([n]) => n)).toEqual([1, 2, 3]);
    await tier.log.until('two reminders in the record', () => tier.log.eventsOf(definition.id).filter((e) => e.type === 'ReminderSent').length === 2);
    const recorded = tier.log.eventsOf(definition.id).filter((e) => e.type === 'ReminderSent').map((e) => (e.data as { number: number }).number);
    expect(recorded).toEqual([2, 3]);
    const refusals = tier.log.eventsOf(definition.id).filter((e) => e.type === 'ReminderRefused').map((e) => e.data);
    expect(refusals).toEqual([{ signatoryId: 'epci', number: 1, to: [refused], reason: expect.any(String) }]);
    // campaign-reminder-refused.json, recorded before refusals were, replays without the event.
    await keepHistory('campaign-reminder-refused-recorded.json', () => handle.fetchHistory());
  });

  it('sleeps on one timer for all its bodies: votes and session dates start none', async () => {
    const { id, handle } = await deliberating(6, 600);
    await handle.executeUpdate(scheduleSessionUpdate, { args: [{ signatoryId: 'commune-5', sessionDate: today(), actor: ADMIN }] });
    // Commune 4 still awaited: the next reminder stays the one the timer was set for.
    for (const body of ['epci', 'commune-1', 'commune-2', 'commune-3']) {
      await handle.executeUpdate(recordDeliberationUpdate, { args: [{ signatoryId: body, deliberation: adopted(), actor: ADMIN }] });
    }
    await tier.log.until('every vote in the record', () => tier.log.eventsOf(id).filter((e) => e.type === 'DeliberationRecorded').length === 4);
    // The workflow task after the last append sets the timer, if none was set before.
    const history = async () => (await handle.fetchHistory()).events ?? [];
    let events = await history();
    while (!events.some((e) => e.timerStartedEventAttributes)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = await history();
    }
    expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(0);
  });
});
