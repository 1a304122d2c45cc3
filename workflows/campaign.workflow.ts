import { UpdateDefinition } from '@temporalio/common';
import { continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { Actor, CampaignCommand, CampaignCommandType, CampaignState } from '../libs/domain/src';
import {
  CampaignWorkflowInput,
  PersonalLinkResult,
  attachDeliberationActUpdate,
  attachDocumentUpdate,
  campaignDefinitionQuery,
  campaignStateQuery,
  cancelCampaignUpdate,
  correctDeliberationUpdate,
  holdConferenceUpdate,
  moveDeadlineUpdate,
  recordConventionConsultedUpdate,
  recordDeliberationUpdate,
  recordLegalFollowUpUpdate,
  reminderScheduleQuery,
  replaceDraftTemplateUpdate,
  reopenDeliberationUpdate,
  scheduleSessionUpdate,
  sendPersonalLinkUpdate,
  forwardPersonalLinkUpdate,
  signConventionUpdate,
  nameSigningAuthorityUpdate,
  circulateForSignatureUpdate,
  sendSignatureLinkUpdate,
  sendSignatureCodeUpdate,
  signAsBodyUpdate,
  recordSigningCeremonyUpdate,
  SignatureCodeResult,
} from '../libs/contracts/src';
import { CampaignRun } from './campaign-run';
import { refusedAsFailure } from './domain-failure';

/** Continue-as-new before the 10,240-event warning even if the server has not suggested it yet. */
const HISTORY_BUDGET = 9000;

const continueAsNewDue = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_BUDGET;

/**
 * One campaign, from the mayors' conference to the signature and the legal follow-up: every fact
 * is an update decided by the campaign's run, and its reminders go out on the run's one timer.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignState> {
  const run = new CampaignRun(input.definition, input.carried);
  // Before any handler: an update sent with the start is delivered as soon as its handler is set.
  if (!input.carried) run.launch(input.launchedBy);

  /** Validator and handler run the same decision; the validator's refusal leaves no trace in history. */
  function register<A extends { actor: Actor }, R>(update: UpdateDefinition<R, [A], string>, type: CampaignCommandType, result: (command: A) => R): void {
    const decision = (command: A) => run.decide({ ...command, type } as unknown as CampaignCommand);
    setHandler(
      update,
      (command) => {
        run.record(refusedAsFailure(() => decision(command)), command.actor);
        run.settle();
        return result(command);
      },
      { validator: (command) => void refusedAsFailure(() => decision(command)) },
    );
  }
  const answer = () => run.answer();
  const forSignatory = (c: { signatoryId: string }) => run.answerFor(c.signatoryId);
  register(holdConferenceUpdate, 'HoldConference', answer);
  register(scheduleSessionUpdate, 'ScheduleSession', forSignatory);
  register(recordDeliberationUpdate, 'RecordDeliberation', forSignatory);
  register(correctDeliberationUpdate, 'CorrectDeliberation', forSignatory);
  register(reopenDeliberationUpdate, 'ReopenDeliberation', forSignatory);
  register(moveDeadlineUpdate, 'MoveDeadline', answer);
  register(signConventionUpdate, 'SignConvention', answer);
  register(cancelCampaignUpdate, 'CancelCampaign', answer);
  register(recordLegalFollowUpUpdate, 'RecordLegalFollowUp', forSignatory);
  register(
    sendPersonalLinkUpdate,
    'SendPersonalLink',
    (c): PersonalLinkResult => ({ ...run.answer(), sentTo: [run.state.signatories[c.signatoryId].email], expiresAt: c.expiresAt }),
  );
  register(
    forwardPersonalLinkUpdate,
    'ForwardPersonalLink',
    (c): PersonalLinkResult => ({ ...run.answer(), sentTo: [c.delegate.email.toLowerCase()], expiresAt: c.expiresAt }),
  );
  register(attachDocumentUpdate, 'AttachDocument', answer);
  register(recordConventionConsultedUpdate, 'RecordConventionConsulted', forSignatory);
  register(attachDeliberationActUpdate, 'AttachDeliberationAct', forSignatory);
  register(replaceDraftTemplateUpdate, 'ReplaceDraftTemplate', answer);
  register(nameSigningAuthorityUpdate, 'NameSigningAuthority', forSignatory);
  register(circulateForSignatureUpdate, 'CirculateForSignature', answer);
  const sentTo = (c: { signatoryId: string; expiresAt: string }) => ({ sentTo: [run.state.signatories[c.signatoryId].email], expiresAt: c.expiresAt });
  register(sendSignatureLinkUpdate, 'SendSignatureLink', (c): PersonalLinkResult => ({ ...run.answer(), ...sentTo(c) }));
  register(
    sendSignatureCodeUpdate,
    'SendSignatureCode',
    (c): SignatureCodeResult => ({ ...run.answer(), ...sentTo(c), codeSeq: run.state.signatories[c.signatoryId].signatureCodeSeq as number }),
  );
  register(signAsBodyUpdate, 'SignAsBody', answer);
  register(recordSigningCeremonyUpdate, 'RecordSigningCeremony', answer);
  setHandler(campaignStateQuery, () => run.state);
  setHandler(campaignDefinitionQuery, () => input.definition);
  setHandler(reminderScheduleQuery, () => run.reminderSchedule());

  run.settle();

  for (;;) {
    run.startSends();
    if (!run.closed && continueAsNewDue()) {
      // Votes may never pause long enough for the run to have nothing left to do, and Temporal
      // refuses a run's 2,001st update: what is left goes over to the next run.
      const carried = await run.handOver();
      return continueAsNew<typeof campaignWorkflow>({ definition: input.definition, launchedBy: input.launchedBy, carried });
    }
    if (run.hasEventsToAppend) await run.appendNext();
    else if (run.finished) return run.state;
    else await run.waitForWork();
    run.settle();
  }
}
