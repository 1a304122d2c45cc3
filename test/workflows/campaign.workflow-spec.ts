import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Deliberation } from '@ctg/domain';
import {
  cancelCampaignUpdate,
  holdConferenceUpdate,
  recordDeliberationUpdate,
  signConventionUpdate,
} from '@ctg/contracts';
import { ADMIN, WorkflowTier, definitionOf, launch, startWorkflowTier, stateOf, today } from './support/workflow-environment';

const adopted = (): Deliberation => ({ sessionDate: today(), decision: 'adopted', votesFor: 12, votesAgainst: 1, abstentions: 0 });

describe('the campaign workflow decides, numbers and appends every fact', () => {
  let tier: WorkflowTier;
  beforeAll(async () => {
    tier = await startWorkflowTier();
  });
  afterAll(() => tier?.close());

  const vote = (handle: Awaited<ReturnType<typeof launch>>, signatoryId: string, deliberation = adopted()) =>
    handle.executeUpdate(recordDeliberationUpdate, { args: [{ signatoryId, deliberation, actor: ADMIN }] });

  it('appends each decided fact once, numbered in order, and the same vote again adds nothing', async () => {
    const definition = definitionOf(3);
    const handle = await launch(tier, definition);
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });
    for (const id of ['epci', 'commune-1', 'commune-2']) expect(await vote(handle, id)).toMatchObject({ status: 'adopted' });
    expect(await vote(handle, 'commune-1')).toMatchObject({ status: 'adopted' });
    await handle.executeUpdate(signConventionUpdate, { args: [{ signedOn: today(), actor: ADMIN }] });

    await tier.log.until('the signature in the record', () => tier.log.eventsOf(definition.id).some((e) => e.type === 'ConventionSigned'));
    const events = tier.log.eventsOf(definition.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual([
      'CampaignLaunched',
      'ConferenceHeld',
      'DeliberationRecorded',
      'DeliberationRecorded',
      'DeliberationRecorded',
      'SignatureOpened',
      'ConventionSigned',
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.find((e) => e.type === 'ConventionSigned')?.data).toEqual({ signedOn: today(), signedBy: ['epci', 'commune-1', 'commune-2'] });
    expect((await stateOf(handle)).phase).toBe('signed');
  });

  it('refuses a vote the rules forbid without a trace in its history, naming the field', async () => {
    const definition = definitionOf(2);
    const handle = await launch(tier, definition);
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });
    const accepted = async () => (await handle.fetchHistory()).events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    const before = await accepted();

    const refusal = await vote(handle, 'commune-1', { ...adopted(), votesFor: 1, votesAgainst: 5 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refusal as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('DomainError');
    expect(cause.details?.[0]).toMatchObject({ kind: 'invalid', fields: [{ field: 'decision' }] });
    const unknown = await vote(handle, 'constructor').catch((error: unknown) => error);
    expect(((unknown as WorkflowUpdateFailedError).cause as ApplicationFailure).details?.[0]).toMatchObject({ kind: 'not_found' });

    expect(await accepted()).toBe(before);
    expect((await stateOf(handle)).signatories['commune-1'].deliberation).toBeUndefined();
  });

  it('keeps the facts it decided while the record is unreachable, then appends them all, in order', async () => {
    const definition = definitionOf(3);
    const handle = await launch(tier, definition);
    await handle.executeUpdate(holdConferenceUpdate, { args: [{ heldOn: today(), actor: ADMIN }] });
    await tier.log.until('the conference in the record', () => tier.log.eventsOf(definition.id).length === 2);

    tier.log.failingAppends.add(definition.id);
    await vote(handle, 'commune-1');
    await vote(handle, 'commune-2');
    await tier.log.until('an append refused', () => tier.log.appendCalls.some((c) => c.campaignId === definition.id && c.seqs.includes(3)));
    expect(tier.log.eventsOf(definition.id)).toHaveLength(2);

    tier.log.failingAppends.delete(definition.id);
    await handle.executeUpdate(cancelCampaignUpdate, { args: [{ reason: 'fusion de communes', actor: ADMIN }] });
    await tier.log.until('the cancellation in the record', () => tier.log.eventsOf(definition.id).some((e) => e.type === 'CampaignCancelled'), 60_000);
    const events = tier.log.eventsOf(definition.id);
    expect(events.map((e) => e.type)).toEqual(['CampaignLaunched', 'ConferenceHeld', 'DeliberationRecorded', 'DeliberationRecorded', 'CampaignCancelled']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
