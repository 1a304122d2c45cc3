import { allHandlersFinished, condition, log, patched, upsertSearchAttributes, uuid4 } from '@temporalio/workflow';
import {
  Actor,
  CampaignCommand,
  CampaignDefinition,
  CampaignEvent,
  CampaignEventBody,
  CampaignState,
  DueReminder,
  OPEN_PHASES,
  Phase,
  ReminderRound,
  SYSTEM_ACTOR,
  SignatureReminderRound,
  automaticEvents,
  decide,
  initialState,
  isClosed,
  legalFollowUpMissing,
  stampEvents,
  statusOf,
} from '../libs/domain/src';
import {
  CAMPAIGN_ID,
  CAMPAIGN_PHASE,
  CarriedState,
  DeliberationResult,
  PersonalLinkRequest,
  SentReminder,
  SignatureMailRequest,
  UpdateResult,
} from '../libs/contracts/src';
import { appendEvents, isRefusedReminder, sendPersonalLink, sendReminder, sendSignatureMail } from './activities';
import { Alarm } from './alarm';


/**
 * A reminder refused for good is recorded (`ReminderRefused`), so that its administrators are told;
 * runs that refused one before this change appended nothing there.
 */
const RECORD_REFUSED_REMINDERS = 'record-refused-reminders';

/** Events appended per activity: large enough to amortise the round trip, small enough for one payload. */
const APPEND_BATCH = 200;
/** Reminders going out at once: a slot shared by 2,000 bodies stays well under Temporal's 2,000 pending activities. */
const REMINDERS_AT_ONCE = 100;
/** A reminder's signature link works at least this long, and no less than the one before it. */
const SIGNATURE_REMINDER_LINK_MS = 14 * 86_400_000;
/** How long a signed campaign waits for the legal follow-up still missing: about six months. */
const LEGAL_FOLLOW_UP_WINDOW_MS = 183 * 86_400_000;

/**
 * One run of a campaign workflow: the campaign's state, the events it decided and has not appended
 * yet, and the e-mails it owes (personal links, reminders). It is the campaign's single writer:
 * every fact is decided here, numbered, and appended to the record in order.
 */
export class CampaignRun {
  readonly state: CampaignState;
  private eventsToAppend: CampaignEvent[];
  private linkMailsToSend: (PersonalLinkRequest | SignatureMailRequest)[];
  /** Signatories whose link e-mail is going out: one at a time each, so the last one received holds the valid link. */
  private readonly linkMailsUnderWay = new Set<string>();
  /** Signatories whose reminder is going out: one at a time each, so the numbers follow each other. */
  private readonly remindersUnderWay = new Set<string>();
  private readonly reminders: ReminderRound;
  private readonly signatureReminders: SignatureReminderRound;
  private readonly alarm = new Alarm();
  /** An e-mail finished since the loop last looked: it may have recorded an event or freed a place. */
  private sendFinished = false;
  /** Set once the run hands its work over to the next one: it starts no more e-mails. */
  private handingOver = false;
  private publishedPhase: Phase;
  private followUpUntil?: number;
  private readonly bodies: string[];

  constructor(
    readonly definition: CampaignDefinition,
    carried: CarriedState | undefined,
  ) {
    this.state = carried?.state ?? initialState(definition);
    this.eventsToAppend = carried?.eventsToAppend ?? [];
    this.linkMailsToSend = carried?.linkMailsToSend ?? [];
    this.reminders = new ReminderRound(definition.reminderPolicy, carried?.reminders ?? {});
    this.signatureReminders = new SignatureReminderRound(definition.reminderPolicy, carried?.signatureReminders ?? {});
    this.publishedPhase = this.state.phase;
    this.bodies = definition.signatories.map((s) => s.id);
  }

  /** The first run records the launch and makes the campaign findable by id and phase. */
  launch(launchedBy: Actor): void {
    upsertSearchAttributes([
      { key: CAMPAIGN_ID, value: this.definition.id },
      { key: CAMPAIGN_PHASE, value: this.state.phase },
    ]);
    this.record([{ type: 'CampaignLaunched', data: this.definition }], launchedBy);
  }

  get closed(): boolean {
    return isClosed(this.state);
  }

  /** The events a command records; throws the domain's refusal, which changes nothing. */
  decide(command: CampaignCommand): CampaignEventBody[] {
    return decide(command, this.state, Date.now());
  }

  record(bodies: CampaignEventBody[], actor: Actor): void {
    for (const event of stampEvents(this.state, bodies, { actor, occurredAt: new Date().toISOString(), newId: uuid4 })) {
      this.eventsToAppend.push(event);
      if (event.type === 'ConferenceHeld') this.reminders.begin(this.state, Date.now());
      if (event.type === 'SignatureCirculated') this.signatureReminders.begin(this.state, Date.now());
      if (event.type === 'PersonalLinkSent') this.linkMailsToSend.push(this.linkMailOf(event.seq, event.data.signatoryId, event.data.expiresAt, actor));
      if (event.type === 'PersonalLinkForwarded') {
        this.linkMailsToSend.push({ ...this.linkMailOf(event.seq, event.data.signatoryId, event.data.expiresAt, actor), delegate: event.data.delegate });
      }
      if (event.type === 'SignatureLinkSent' || event.type === 'SignatureCodeSent') {
        const purpose = event.type === 'SignatureLinkSent' ? 'signature_link' : 'signature_code';
        const reminder = event.type === 'SignatureLinkSent' ? event.data.reminder : undefined;
        this.linkMailsToSend.push(this.signatureMailOf(purpose, this.linkMailOf(event.seq, event.data.signatoryId, event.data.expiresAt, actor), reminder));
      }
    }
  }

  /** What time alone decides (the deadline passed, the signature opened), and the phase published. */
  settle(): void {
    this.record(automaticEvents(this.state, Date.now()), SYSTEM_ACTOR);
    if (this.state.phase !== this.publishedPhase) {
      this.publishedPhase = this.state.phase;
      upsertSearchAttributes([{ key: CAMPAIGN_PHASE, value: this.state.phase }]);
    }
  }

  answer(): UpdateResult {
    return { lastSeq: this.state.lastSeq, phase: this.state.phase };
  }

  answerFor(signatoryId: string): DeliberationResult {
    const s = this.state.signatories[signatoryId];
    return { ...this.answer(), status: statusOf(s), late: s.late };
  }

  reminderSchedule(): Record<string, string> {
    const now = Date.now();
    const schedule: Record<string, string> = {};
    for (const id of this.bodies) {
      const slot = this.reminders.nextSlot(this.state, id, now);
      if (slot) schedule[id] = new Date(slot.at).toISOString();
    }
    return schedule;
  }

  get hasEventsToAppend(): boolean {
    return this.eventsToAppend.length > 0;
  }

  async appendNext(): Promise<void> {
    const batch = this.eventsToAppend.slice(0, APPEND_BATCH);
    await appendEvents(this.definition.id, batch);
    this.eventsToAppend = this.eventsToAppend.slice(batch.length);
  }

  /**
   * Starts the e-mails owed, without waiting for them: an SMTP server that is slow or down never
   * holds up the campaign's events.
   */
  startSends(): void {
    if (this.handingOver) return;
    this.startLinkMails();
    const now = Date.now();
    for (const id of this.bodies) {
      if (this.remindersUnderWay.size >= REMINDERS_AT_ONCE) break;
      if (this.remindersUnderWay.has(id)) continue;
      const due = this.reminders.due(this.state, id, now);
      if (due) this.remind(due);
    }
    this.remindSigners(now);
  }

  /** A signature not yet given is reminded by a new signature link: an event, whose e-mail follows like any link's. */
  private remindSigners(now: number): void {
    for (const id of this.state.circulation?.signers ?? []) {
      const due = this.signatureReminders.due(this.state, id, now);
      if (!due) continue;
      this.signatureReminders.dealtWith(due);
      const s = this.state.signatories[id];
      const expiresAt = new Date(Math.max(now + SIGNATURE_REMINDER_LINK_MS, Date.parse(s.signatureLinkExpiresAt ?? '') || 0)).toISOString();
      this.record([{ type: 'SignatureLinkSent', data: { signatoryId: id, to: [s.email], expiresAt, reminder: due.number } }], SYSTEM_ACTOR);
    }
  }

  /** Closed, with nothing left to append, to send or to wait for: the run may end. */
  get finished(): boolean {
    return (
      this.closed &&
      this.eventsToAppend.length === 0 &&
      this.linkMailsUnderWay.size === 0 &&
      this.remindersUnderWay.size === 0 &&
      !this.awaitsLegalFollowUp() &&
      allHandlersFinished()
    );
  }

  /** Sleeps until a command, an e-mail's end, or the next instant the campaign acts at by itself. */
  async waitForWork(): Promise<void> {
    this.alarm.set(this.nextInstantToAct());
    await condition(() => this.eventsToAppend.length > 0 || this.sendFinished || this.alarm.rang || this.finished);
    this.sendFinished = false;
    this.alarm.rang = false;
  }

  /**
   * Before continuing as new: the e-mails under way finish here (a new run would start them a
   * second time), and the events recorded meanwhile are appended without waiting for them.
   */
  async handOver(): Promise<CarriedState> {
    this.handingOver = true;
    const sendsFinished = () => allHandlersFinished() && this.linkMailsUnderWay.size === 0 && this.remindersUnderWay.size === 0;
    while (!sendsFinished()) {
      if (this.eventsToAppend.length > 0) await this.appendNext();
      else await condition(() => sendsFinished() || this.eventsToAppend.length > 0);
    }
    return {
      state: this.state,
      eventsToAppend: this.eventsToAppend,
      linkMailsToSend: this.linkMailsToSend,
      reminders: this.reminders.progress,
      signatureReminders: this.signatureReminders.progress,
    };
  }

  /** After the signature the campaign takes the legal follow-up still missing, for a while. */
  private awaitsLegalFollowUp(): boolean {
    if (this.state.phase !== 'signed' || legalFollowUpMissing(this.state).length === 0) return false;
    this.followUpUntil ??= Date.now() + LEGAL_FOLLOW_UP_WINDOW_MS;
    return Date.now() < this.followUpUntil;
  }

  private nextInstantToAct(): number | undefined {
    if (this.closed) return this.awaitsLegalFollowUp() ? this.followUpUntil : undefined;
    const now = Date.now();
    let next = OPEN_PHASES.includes(this.state.phase) && !this.state.deadlinePassed ? Date.parse(this.state.deliberationDeadline) : undefined;
    for (const id of this.bodies) {
      if (this.remindersUnderWay.has(id)) continue;
      const slot = this.reminders.nextSlot(this.state, id, now);
      // A slot already due waits for a place among the reminders under way: an e-mail's end wakes the run.
      if (slot && slot.at > now && (next === undefined || slot.at < next)) next = slot.at;
    }
    for (const id of this.state.circulation?.signers ?? []) {
      const slot = this.signatureReminders.nextSlot(this.state, id, now);
      if (slot && slot.at > now && (next === undefined || slot.at < next)) next = slot.at;
    }
    return next;
  }

  private remind(due: DueReminder): void {
    const s = this.state.signatories[due.signatoryId];
    this.remindersUnderWay.add(s.id);
    sendReminder({
      campaignId: this.definition.id,
      campaignTitle: this.definition.title,
      signatory: { id: s.id, name: s.name, kind: s.kind, email: s.email },
      number: due.number,
      escalated: due.escalated,
      overdue: due.slot.overdue,
      deliberationDeadline: this.state.deliberationDeadline,
    })
      .then(
        (receipt) => {
          if (receipt.skipped) {
            // The body decided, or the campaign closed, while the send was failing: nothing went out, no number is spent.
            log.info('reminder not sent: nothing awaited any more', { signatoryId: s.id, number: due.number, reason: receipt.reason });
            this.reminders.dealtWith(due, false);
            return;
          }
          this.reminders.dealtWith(due, true);
          this.recordReminder(due, receipt);
        },
        (error) => {
          // Refused for good, the number is spent and the next reminders go on: from the escalation
          // step they copy the administrators, who then learn of an address that refuses mail.
          const refused = isRefusedReminder(error);
          log.warn(refused ? 'reminder refused by the SMTP server' : 'reminder failed', {
            signatoryId: s.id,
            number: due.number,
            error: String(error?.cause?.message ?? error),
          });
          this.reminders.dealtWith(due, refused);
          if (refused && patched(RECORD_REFUSED_REMINDERS)) this.recordRefusal(due, s.email, String(error?.cause?.message ?? error));
        },
      )
      .finally(() => {
        this.remindersUnderWay.delete(s.id);
        this.sendFinished = true;
      });
  }

  private recordRefusal(due: DueReminder, to: string, reason: string): void {
    this.record([{ type: 'ReminderRefused', data: { signatoryId: due.signatoryId, number: due.number, to: [to], reason: reason.slice(0, 500) } }], SYSTEM_ACTOR);
  }

  private recordReminder(due: DueReminder, receipt: SentReminder): void {
    if (this.state.signatories[due.signatoryId].remindersSent >= due.number) return;
    const { messageId, to, cc, sentAt } = receipt;
    this.record([{ type: 'ReminderSent', data: { signatoryId: due.signatoryId, number: due.number, messageId, to, cc, sentAt } }], SYSTEM_ACTOR);
  }

  /** Starts the e-mail of every personal link whose event is in the record. */
  private startLinkMails(): void {
    const recordedUpTo = this.eventsToAppend.length > 0 ? this.eventsToAppend[0].seq - 1 : this.state.lastSeq;
    for (const mail of this.linkMailsToSend) {
      if (mail.seq > recordedUpTo || this.linkMailsUnderWay.has(mail.signatory.id)) continue;
      this.linkMailsUnderWay.add(mail.signatory.id);
      (isSignatureMail(mail) ? sendSignatureMail(mail) : sendPersonalLink(mail))
        // Only a refusal for good ends the activity (it retries anything else): the event stays, the e-mail never went out.
        .catch((error) => log.warn('personal link not sent', { signatoryId: mail.signatory.id, seq: mail.seq, error: String(error?.cause?.message ?? error) }))
        .finally(() => {
          this.linkMailsUnderWay.delete(mail.signatory.id);
          this.linkMailsToSend = this.linkMailsToSend.filter((m) => m.seq !== mail.seq);
          this.sendFinished = true;
        });
    }
  }

  private signatureMailOf(purpose: SignatureMailRequest['purpose'], mail: PersonalLinkRequest, reminder?: number): SignatureMailRequest {
    const { conventionVersion: version, conventionName: name, conventionSha256: sha256 } = this.state.circulation!;
    return { ...mail, purpose, convention: { version, name, sha256 }, ...(reminder !== undefined ? { reminder } : {}) };
  }

  private linkMailOf(seq: number, signatoryId: string, expiresAt: string, actor: Actor): PersonalLinkRequest {
    const s = this.state.signatories[signatoryId];
    return {
      campaignId: this.definition.id,
      campaignTitle: this.definition.title,
      signatory: { id: s.id, name: s.name, kind: s.kind, email: s.email },
      seq,
      expiresAt,
      deliberationDeadline: this.state.deliberationDeadline,
      issuedBy: actor.id,
    };
  }
}

function isSignatureMail(mail: PersonalLinkRequest | SignatureMailRequest): mail is SignatureMailRequest {
  return 'purpose' in mail;
}
