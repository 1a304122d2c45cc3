import { UpdateDefinition, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  Actor,
  CampaignCommand,
  CampaignCommandType,
  CampaignEvent,
  CampaignEventBody,
  CampaignState,
  LEGAL_FOLLOW_UP_REQUIRED,
  LegalFollowUpField,
  SYSTEM_ACTOR,
  automaticEvents,
  decide,
  deliberationWorkflowId,
  initialState,
  isClosed,
  legalFollowUpMissing,
  signatoryIn,
  stampEvents,
  statusOf,
} from '../libs/domain/src';
import { deliberationWorkflow } from './deliberation.workflow';
import { refusedAsFailure } from './domain-failure';
import {
  CAMPAIGN_ID,
  CAMPAIGN_PHASE,
  CampaignWorkflowInput,
  CarriedState,
  DeliberationResult,
  PersonalLinkActivities,
  PersonalLinkRequest,
  RecordActivities,
  SIGNATORY_ID,
  PersonalLinkResult,
  SignatorySnapshot,
  UpdateResult,
  campaignDefinitionQuery,
  campaignStateQuery,
  cancelCampaignUpdate,
  correctDeliberationUpdate,
  holdConferenceUpdate,
  moveDeadlineUpdate,
  recordDeliberationUpdate,
  recordLegalFollowUpUpdate,
  reminderSentSignal,
  reopenDeliberationUpdate,
  scheduleSessionUpdate,
  sendPersonalLinkUpdate,
  signConventionUpdate,
  signatorySnapshotQuery,
  signatoryUpdatedSignal,
} from '../libs/contracts/src';

/**
 * Appends events whose deciding workflow task Temporal has persisted: the activity is scheduled by
 * that task, so its input is durable before it runs. Runs recorded before patch
 * `append-in-workflow-task`, and every run since patch `append-durable-events`, append this way.
 */
const { appendEvents } = proxyActivities<RecordActivities>({
  // One transaction of at most APPEND_BATCH rows; a completion lost with a Temporal restart is retried soon.
  startToCloseTimeout: '10 seconds',
  // PostgreSQL may be down for a while: keep the events in the workflow and retry until it is back.
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '20 seconds' },
});

/**
 * The same append as a local activity, inside the workflow task that decided the events: runs of
 * patch `append-in-workflow-task` replay it. It wrote to PostgreSQL before Temporal had persisted
 * that task; a Temporal server killed then lost the task, decided the votes sent again in another
 * order under the same sequence numbers, and the record kept a vote twice and another not at all.
 */
const { appendEvents: appendInWorkflowTask } = proxyLocalActivities<RecordActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '20 seconds' },
});

const { sendPersonalLink: mailPersonalLink } = proxyActivities<PersonalLinkActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Events appended per activity: large enough to amortise the round trip, small enough for one payload. */
const APPEND_BATCH = 200;
/** Children started, or signalled, at once: well under Temporal's cap of 2,000 pending. */
const CHILD_BATCH = 100;
/** Continue-as-new before the 10,240-event warning even if the server has not suggested it yet. */
const HISTORY_BUDGET = 9000;

/** Patch ids: each marks a change of behaviour that running campaigns must replay as before. */
const KEEP_CHANGES_DURING_CHILD_START = 'keep-changes-during-child-start';
/** A signed campaign stays open while adopted deliberations lack their legal follow-up; before, it closed at once. */
const LEGAL_FOLLOW_UP = 'legal-follow-up-v1';
/** The follow-up a signed campaign waits for includes the prefecture's acknowledgment; before, transmission and executory day only. */
const LEGAL_FOLLOW_UP_ACKNOWLEDGED = 'legal-follow-up-acknowledged';
const FOLLOW_UP_BEFORE_ACKNOWLEDGMENT: readonly LegalFollowUpField[] = ['transmittedOn', 'executoryOn'];
/**
 * The loop of the runs started since (docs/workflow-versioning.md): events appended while the
 * children are told, and only of what cannot wait (they check with the campaign before each
 * reminder), and a continue-as-new as soon as it is due, handing over the work left.
 */
const CAMPAIGN_LOOP_2 = 'campaign-loop-2';
/** The patch before: events appended in the workflow task that decided them, every child told of every change. */
const APPEND_IN_WORKFLOW_TASK = 'append-in-workflow-task';
/**
 * Events reach the record only once Temporal has persisted the workflow task that decided them: by
 * an activity that task schedules, no longer by a local activity inside it. Checked at every
 * append, so a run of the patches before switches at its first append after the deployment.
 */
const APPEND_DURABLE_EVENTS = 'append-durable-events';
/**
 * While a run that is due to continue as new waits for its link e-mails under way, it goes on
 * appending events and telling children, and starts no new e-mail. Before, that wait held every
 * event decided meanwhile, for as long as an e-mail kept failing.
 */
const APPEND_WHILE_CONTINUING = 'append-while-continuing';
/** The news a body's workflow that checks before reminding still gets at once: its decision is open again. */
const NEWS_FOR_CHECKING_CHILDREN: ReadonlySet<string> = new Set(['DeliberationReopened', 'DeliberationCorrected']);
/** How long a signed campaign waits for the legal follow-up still missing: about six months. */
const LEGAL_FOLLOW_UP_WINDOW_MS = 183 * 86_400_000;

/**
 * One campaign, from the mayors' conference to the signature. It is the single writer of the
 * campaign's events: every fact is decided here, numbered, and appended to PostgreSQL in order by
 * an activity; one deliberation workflow per signatory carries that body's reminders.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignState> {
  // Chosen once per run: a run started before the patch keeps its loop (and its children, told of
  // every change) to the end; its next run, after a continue-as-new, takes the current one.
  const loop2 = patched(CAMPAIGN_LOOP_2);
  const definition = input.definition;
  const state = input.carried?.state ?? initialState(definition);
  let pending: CampaignEvent[] = input.carried?.pending ?? [];
  let childrenStarted = input.carried?.childrenStarted ?? 0;
  const dirty = new Set<string>(input.carried?.dirty ?? []);
  /** Personal links recorded whose e-mail has not gone out yet; a run ends only once there are none. */
  let linkMails: PersonalLinkRequest[] = input.carried?.linkMails ?? [];
  /** Signatories whose link e-mail is going out: one at a time each, so the last one received holds the valid link. */
  const mailingTo = new Set<string>();
  /** Set once this run waits to continue as new (patch `append-while-continuing`). */
  let continuing = false;
  const order = definition.signatories.map((s) => s.id);
  const position = new Map(order.map((id, i) => [id, i]));
  /** Children from this position on check before reminding; those before were started by an older run. */
  const checkingFrom = !loop2 ? Infinity : (input.carried?.checkingChildrenFrom ?? input.carried?.childrenStarted ?? 0);
  const checksBeforeReminding = (signatoryId: string) => (position.get(signatoryId) ?? -1) >= checkingFrom;
  let publishedPhase = state.phase;

  const record = (bodies: CampaignEventBody[], actor: Actor): void => {
    for (const event of stampEvents(state, bodies, { actor, occurredAt: new Date().toISOString(), newId: uuid4 })) {
      pending.push(event);
      // The deliberation workflows (and their reminders) depend neither on the contrôle de légalité nor on a link sent.
      if (event.type === 'LegalFollowUpRecorded') continue;
      if (event.type === 'PersonalLinkSent') {
        linkMails.push(linkMailOf(event.seq, event.data.signatoryId, event.data.expiresAt, actor));
        continue;
      }
      if ('signatoryId' in event.data && event.type !== 'ReminderSent') {
        const id = event.data.signatoryId;
        // A vote or a session date reaches a checking child when it next asks, before reminding.
        if (!checksBeforeReminding(id) || NEWS_FOR_CHECKING_CHILDREN.has(event.type)) dirty.add(id);
      }
      if (event.type === 'DeadlineMoved' || isClosed(state)) order.forEach((id) => dirty.add(id));
    }
  };

  function linkMailOf(seq: number, signatoryId: string, expiresAt: string, actor: Actor): PersonalLinkRequest {
    const s = state.signatories[signatoryId];
    return {
      campaignId: definition.id,
      campaignTitle: definition.title,
      signatory: { id: s.id, name: s.name, kind: s.kind, email: s.email },
      seq,
      expiresAt,
      deliberationDeadline: state.deliberationDeadline,
      issuedBy: actor.id,
    };
  }

  /**
   * Starts the e-mail of every personal link whose event is in the record, without waiting for it:
   * an SMTP server that is slow or down never holds up the campaign's events.
   */
  function sendLinkMails(): void {
    // A run about to continue as new hands the e-mails not started over to the next one.
    if (continuing) return;
    const recordedUpTo = pending.length > 0 ? pending[0].seq - 1 : state.lastSeq;
    for (const mail of linkMails) {
      if (mail.seq > recordedUpTo || mailingTo.has(mail.signatory.id)) continue;
      mailingTo.add(mail.signatory.id);
      void mailPersonalLink(mail)
        // Only a refusal for good ends the activity (it retries anything else): the event stays, the e-mail never went out.
        .catch((error) => log.warn('personal link not sent', { signatoryId: mail.signatory.id, seq: mail.seq, error: String(error?.cause?.message ?? error) }))
        .finally(() => {
          mailingTo.delete(mail.signatory.id);
          linkMails = linkMails.filter((m) => m.seq !== mail.seq);
          sendLinkMails();
        });
    }
  }
  /**
   * Before the run ends, the e-mails under way finish (a new run would start them a second time);
   * events recorded meanwhile are appended without waiting for them.
   */
  const readyToEnd = () => allHandlersFinished() && (hasWork() || mailingTo.size === 0);
  const canEnd = () => !hasWork() && mailingTo.size === 0;

  const settle = (): void => {
    record(automaticEvents(state, Date.now()), SYSTEM_ACTOR);
    if (state.phase !== publishedPhase) {
      publishedPhase = state.phase;
      upsertSearchAttributes([{ key: CAMPAIGN_PHASE, value: state.phase }]);
    }
  };

  const answer = (): UpdateResult => ({ lastSeq: state.lastSeq, phase: state.phase });
  const answerFor = (signatoryId: string): DeliberationResult => {
    const s = state.signatories[signatoryId];
    return { ...answer(), status: statusOf(s), late: s.late };
  };

  /** Validator and handler run the same decision; the validator's refusal leaves no trace in history. */
  function register<A extends { actor: Actor }, R>(
    update: UpdateDefinition<R, [A], string>,
    type: CampaignCommandType,
    result: (command: A) => R,
  ): void {
    const decision = (command: A) => decide({ ...command, type } as unknown as CampaignCommand, state, Date.now());
    setHandler(
      update,
      (command) => {
        record(
          refusedAsFailure(() => decision(command)),
          command.actor,
        );
        settle();
        return result(command);
      },
      { validator: (command) => void refusedAsFailure(() => decision(command)) },
    );
  }
  const forSignatory = (c: { signatoryId: string }) => answerFor(c.signatoryId);

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
    (c): PersonalLinkResult => ({ ...answer(), sentTo: [state.signatories[c.signatoryId].email], expiresAt: c.expiresAt }),
  );

  setHandler(reminderSentSignal, (report) => {
    const reminded = signatoryIn(state, report.signatoryId);
    if (!reminded || reminded.remindersSent >= report.number) return;
    record([{ type: 'ReminderSent', data: report }], SYSTEM_ACTOR);
  });
  setHandler(campaignStateQuery, () => state);
  setHandler(signatorySnapshotQuery, (signatoryId) => (signatoryIn(state, signatoryId) ? snapshotOf(signatoryId) : undefined));
  setHandler(campaignDefinitionQuery, () => definition);

  const snapshotOf = (signatoryId: string): SignatorySnapshot => {
    const s = state.signatories[signatoryId];
    return {
      status: statusOf(s),
      sessionDate: s.sessionDate,
      deliberationDeadline: state.deliberationDeadline,
      remindersSent: s.remindersSent,
      closed: isClosed(state),
    };
  };

  const childrenToStart = () => state.conference !== undefined && !isClosed(state) && childrenStarted < order.length;

  async function startChildren(): Promise<void> {
    const batch = order.slice(childrenStarted, childrenStarted + CHILD_BATCH);
    await Promise.all(
      batch.map(async (signatoryId) => {
        const s = state.signatories[signatoryId];
        // The child starts with today's snapshot; a change while it starts marks it dirty again.
        // Runs started before this fix dropped such a change (a session date announced during the
        // start never reached the child): `patched` keeps their replay as it was.
        const keepsChangesDuringStart = patched(KEEP_CHANGES_DURING_CHILD_START);
        if (keepsChangesDuringStart) dirty.delete(signatoryId);
        try {
          await startChild(deliberationWorkflow, {
            workflowId: deliberationWorkflowId(definition.id, signatoryId),
            // Children outlive a continue-as-new of their campaign; the campaign closes them itself.
            parentClosePolicy: ParentClosePolicy.ABANDON,
            typedSearchAttributes: [
              { key: CAMPAIGN_ID, value: definition.id },
              { key: SIGNATORY_ID, value: signatoryId },
            ],
            args: [
              {
                campaignId: definition.id,
                campaignTitle: definition.title,
                signatory: { id: s.id, name: s.name, kind: s.kind, email: s.email, required: s.required },
                reminderPolicy: definition.reminderPolicy,
                snapshot: snapshotOf(signatoryId),
                ...(checksBeforeReminding(signatoryId) ? { checksBeforeReminding: true } : {}),
              },
            ],
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
        if (!keepsChangesDuringStart) dirty.delete(signatoryId);
      }),
    );
    childrenStarted += batch.length;
  }

  async function notifyChildren(): Promise<void> {
    const targets = [...dirty].filter((id) => (position.get(id) ?? Infinity) < childrenStarted).slice(0, CHILD_BATCH);
    for (const id of [...dirty]) if ((position.get(id) ?? Infinity) >= childrenStarted) dirty.delete(id);
    await Promise.all(
      targets.map(async (signatoryId) => {
        dirty.delete(signatoryId);
        try {
          await getExternalWorkflowHandle(deliberationWorkflowId(definition.id, signatoryId)).signal(
            signatoryUpdatedSignal,
            snapshotOf(signatoryId),
          );
        } catch (error) {
          // A deliberation workflow that already finished needs no news.
          log.warn('signatory not notified', { signatoryId, error: String(error) });
        }
      }),
    );
  }

  const hasWork = () => pending.length > 0 || dirty.size > 0 || childrenToStart();

  /**
   * After the signature the campaign takes the legal follow-up still missing, for a while. Runs
   * recorded before this change closed at the signature: `patched` keeps their replay as it was.
   */
  let followUpUntil = Infinity;
  let followUpRequired: readonly LegalFollowUpField[] | undefined;
  const followUpMissing = () => legalFollowUpMissing(state, followUpRequired);
  const awaitsLegalFollowUp = (): boolean => {
    if (state.phase !== 'signed') return false;
    // Decided once per run, outside any `condition` predicate, which then reuses it.
    followUpRequired ??= patched(LEGAL_FOLLOW_UP_ACKNOWLEDGED) ? LEGAL_FOLLOW_UP_REQUIRED : FOLLOW_UP_BEFORE_ACKNOWLEDGMENT;
    if (followUpMissing().length === 0 || !patched(LEGAL_FOLLOW_UP)) return false;
    if (followUpUntil === Infinity) followUpUntil = Date.now() + LEGAL_FOLLOW_UP_WINDOW_MS;
    return Date.now() < followUpUntil;
  };

  if (!input.carried) {
    upsertSearchAttributes([
      { key: CAMPAIGN_ID, value: definition.id },
      { key: CAMPAIGN_PHASE, value: state.phase },
    ]);
    record([{ type: 'CampaignLaunched', data: definition }], input.launchedBy);
  }
  settle();

  async function appendPending(): Promise<void> {
    if (pending.length === 0) return;
    const batch = pending.slice(0, APPEND_BATCH);
    if (patched(APPEND_DURABLE_EVENTS)) await appendEvents(definition.id, batch);
    else await appendInWorkflowTask(definition.id, batch);
    pending = pending.slice(batch.length);
  }

  /** The wait before continuing as new: an e-mail that keeps failing no longer holds the record back. */
  async function appendWhileMailsFinish(): Promise<void> {
    continuing = true;
    const mailsFinished = () => allHandlersFinished() && mailingTo.size === 0;
    while (!mailsFinished()) {
      if (pending.length > 0 || dirty.size > 0) await Promise.all([appendPending(), notifyChildren()]);
      else await condition(() => mailsFinished() || pending.length > 0 || dirty.size > 0);
    }
  }

  const continueAsNewDue = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_BUDGET;
  const carried = (): CarriedState => ({ state, pending, childrenStarted, dirty: [...dirty], linkMails, checkingChildrenFrom: checkingFrom });
  const waitForWork = async () => {
    const untilDeadline = Date.parse(state.deliberationDeadline) - Date.now();
    const wake = () => hasWork() || isClosed(state);
    if (!state.deadlinePassed && untilDeadline > 0) await condition(wake, untilDeadline);
    else await condition(wake);
  };

  // Runs started before patch append-in-workflow-task keep their loop exactly as it was, down to
  // the order of its awaits (an append merely moved into a function failed their replay). Delete
  // it once no such run is open (docs/workflow-versioning.md). Runs of that patch and of
  // campaign-loop-2 share the loop below: loop 2 changes only which children are told what.
  if (!loop2 && !patched(APPEND_IN_WORKFLOW_TASK)) {
    for (;;) {
      sendLinkMails();
      if (pending.length > 0) {
        const batch = pending.slice(0, APPEND_BATCH);
        await appendEvents(definition.id, batch);
        pending = pending.slice(batch.length);
      } else if (dirty.size > 0) {
        await notifyChildren();
      } else if (childrenToStart()) {
        await startChildren();
      } else if (isClosed(state) && awaitsLegalFollowUp()) {
        const wake = () => hasWork() || followUpMissing().length === 0;
        await condition(wake, Math.max(followUpUntil - Date.now(), 1));
      } else if (isClosed(state)) {
        await condition(readyToEnd);
        if (canEnd()) return state;
      } else if (continueAsNewDue()) {
        await condition(readyToEnd);
        if (canEnd()) {
          return continueAsNew<typeof campaignWorkflow>({
            definition,
            launchedBy: input.launchedBy,
            carried: { state, pending, childrenStarted, dirty: [...dirty] },
          });
        }
      } else {
        const untilDeadline = Date.parse(state.deliberationDeadline) - Date.now();
        const wake = () => hasWork() || isClosed(state);
        if (!state.deadlinePassed && untilDeadline > 0) await condition(wake, untilDeadline);
        else await condition(wake);
      }
      settle();
    }
  }

  for (;;) {
    sendLinkMails();
    if (!isClosed(state) && continueAsNewDue()) {
      // Votes may never pause long enough for the run to have nothing left to do, and Temporal
      // refuses a run's 2,001st update: what is left (events to append, bodies to tell, children
      // to start, link e-mails) goes over to the next run. Only e-mails under way must finish here.
      if (patched(APPEND_WHILE_CONTINUING)) await appendWhileMailsFinish();
      else await condition(() => allHandlersFinished() && mailingTo.size === 0);
      return continueAsNew<typeof campaignWorkflow>({ definition, launchedBy: input.launchedBy, carried: carried() });
    }
    if (pending.length > 0 || dirty.size > 0) {
      await Promise.all([appendPending(), notifyChildren()]);
    } else if (childrenToStart()) {
      await startChildren();
    } else if (isClosed(state) && awaitsLegalFollowUp()) {
      const wake = () => hasWork() || followUpMissing().length === 0;
      await condition(wake, Math.max(followUpUntil - Date.now(), 1));
    } else if (isClosed(state)) {
      await condition(readyToEnd);
      if (canEnd()) return state;
    } else {
      await waitForWork();
    }
    settle();
  }
}
