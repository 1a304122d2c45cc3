import { keepHistory } from '../support/recorded-history';
import { Deliberation, campaignWorkflowId } from '@ctg/domain';
import { holdConferenceUpdate, recordDeliberationUpdate, sendPersonalLinkUpdate } from '@ctg/contracts';
import { policyInSeconds } from './support/workflow-environment';
import { ADMIN, WorkflowTier, definitionOf, launch, startWorkflowTier, stateOf, today } from './support/workflow-environment';

/** Polls `holds` (a question to the server, which the activity log cannot answer) until it is true. */
async function until(what: string, holds: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const adopted = (): Deliberation => ({ sessionDate: today(), decision: 'adopted', votesFor: 12, votesAgainst: 1, abstentions: 0 });

/**
 * A server that suggests continuing as new after 60 history events, so that a campaign of twelve
 * bodies goes through several runs: what one run decided, the next appends and keeps numbering.
 */
describe('continue-as-new', () => {
  let tier: WorkflowTier;
  beforeAll(async () => {
    tier = await startWorkflowTier({ 'limit.historyCount.suggestContinueAsNew': 60 });
  });
  afterAll(() => tier?.close());

  it('carries the state and the work left to the next run: no fact lost, none twice, numbering goes on', async () => {
    const definition = definitionOf(12);
    const handle = await launch(tier, definition);
    const firstRun = (await handle.describe()).runId;
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });
    for (const signatory of definition.signatories) {
      await tier.client.workflow
        .getHandle(campaignWorkflowId(definition.id))
        .executeUpdate(recordDeliberationUpdate, { args: [{ signatoryId: signatory.id, deliberation: adopted(), actor: ADMIN }] });
    }
    await tier.log.until('every vote in the record', () => tier.log.eventsOf(definition.id).filter((e) => e.type === 'DeliberationRecorded').length === 12);

    const latest = tier.client.workflow.getHandle(campaignWorkflowId(definition.id));
    expect((await latest.describe()).runId).not.toBe(firstRun);
    const firstHistory = await tier.client.workflow.getHandle(campaignWorkflowId(definition.id), firstRun).fetchHistory();
    expect(firstHistory.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

    await tier.log.until('the signature opened', () => tier.log.eventsOf(definition.id).some((e) => e.type === 'SignatureOpened'));
    const events = tier.log.eventsOf(definition.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'DeliberationRecorded').map((e) => (e.data as { signatoryId: string }).signatoryId)).toEqual(
      definition.signatories.map((s) => s.id),
    );
    const state = await stateOf(latest);
    expect(state.phase).toBe('awaiting_signature');
    expect(state.lastSeq).toBe(events.length);
  });

  it('keeps appending while a run due to continue as new waits for a link e-mail that keeps failing', async () => {
    const definition = definitionOf(12);
    const handle = await launch(tier, definition);
    const vote = (signatoryId: string) =>
      tier.client.workflow
        .getHandle(campaignWorkflowId(definition.id))
        .executeUpdate(recordDeliberationUpdate, { args: [{ signatoryId, deliberation: adopted(), actor: ADMIN }] });
    const inRecord = (signatoryId: string) =>
      tier.log.eventsOf(definition.id).some((e) => e.type === 'DeliberationRecorded' && (e.data as { signatoryId: string }).signatoryId === signatoryId);
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });

    // The SMTP server refuses the secretary's link e-mail, which retries and keeps its run open.
    const secretary = definition.signatories[1];
    tier.log.failingLinkMails.add(secretary.email);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await handle.executeUpdate(sendPersonalLinkUpdate, { args: [{ signatoryId: secretary.id, expiresAt, actor: ADMIN }] });
    await tier.log.until('the link e-mail tried and failed', () => tier.log.linkMailAttempts.some((m) => m.signatory.id === secretary.id));

    // Votes until the run holding that e-mail is past the server's suggestion: it is due to continue as new.
    const voters = definition.signatories.slice(2).map((s) => s.id);
    let waiting = await tier.client.workflow.getHandle(campaignWorkflowId(definition.id)).describe();
    while (waiting.historyLength <= 60) {
      await vote(voters.shift() as string);
      waiting = await tier.client.workflow.getHandle(campaignWorkflowId(definition.id)).describe();
    }

    // A vote during that wait reaches the record; the run still waits for the e-mail.
    const duringWait = voters.shift() as string;
    await vote(duringWait);
    await tier.log.until('the vote cast during the wait in the record', () => inRecord(duringWait), 20_000);
    expect((await tier.client.workflow.getHandle(campaignWorkflowId(definition.id)).describe()).runId).toBe(waiting.runId);
    expect(tier.log.linkMails).toHaveLength(0);

    // The SMTP server back, the e-mail goes out, the run continues as new and the next vote follows.
    tier.log.failingLinkMails.delete(secretary.email);
    await tier.log.until('the link e-mail sent', () => tier.log.linkMails.some((m) => m.signatory.id === secretary.id), 90_000);
    const waitingRun = tier.client.workflow.getHandle(campaignWorkflowId(definition.id), waiting.runId);
    await until('the waiting run continued as new', async () => (await waitingRun.describe()).status.name === 'CONTINUED_AS_NEW');
    const waitingHistory = await waitingRun.fetchHistory();
    expect(waitingHistory.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    const afterward = voters.shift() as string;
    await vote(afterward);
    await tier.log.until('the vote after the continue-as-new in the record', () => inRecord(afterward));
    const events = tier.log.eventsOf(definition.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'PersonalLinkSent')).toHaveLength(1);
    expect(tier.log.linkMails.filter((m) => m.signatory.id === secretary.id)).toHaveLength(1);
    await keepHistory('campaign-handed-over-while-a-link-mail-fails.json', async () => waitingHistory);
  }, 180_000);

  it('carries each body’s reminders over: every one sent once, in order, across the runs', async () => {
    const definition = definitionOf(12, { deliberationDeadline: new Date(Date.now() + 6000).toISOString(), reminderPolicy: policyInSeconds() });
    const handle = await launch(tier, definition);
    const firstRun = (await handle.describe()).runId;
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });
    const sent = () => tier.log.eventsOf(definition.id).filter((e) => e.type === 'ReminderSent');
    await tier.log.until('three reminders of each body in the record', () => sent().length === 36, 60_000);

    expect((await tier.client.workflow.getHandle(campaignWorkflowId(definition.id)).describe()).runId).not.toBe(firstRun);
    for (const body of definition.signatories) {
      const requests = tier.log.reminders.filter((r) => r.campaignId === definition.id && r.signatory.id === body.id);
      expect(requests.map((r) => r.number)).toEqual([1, 2, 3]);
      expect(sent().filter((e) => (e.data as { signatoryId: string }).signatoryId === body.id).map((e) => (e.data as { number: number }).number)).toEqual([1, 2, 3]);
    }
  }, 120_000);
});
