import { Deliberation, campaignWorkflowId } from '../../libs/domain/src';
import { holdConferenceUpdate, recordDeliberationUpdate } from '../../workflows/messages';
import { ADMIN, WorkflowTier, definitionOf, launch, startWorkflowTier, stateOf, today } from './support/workflow-environment';

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
});
