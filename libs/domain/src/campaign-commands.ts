import { dayInParis, isCalendarDay, isTimestampWithOffset } from './calendar-day';
import { CampaignEventBody } from './campaign-events';
import { CampaignState, OPEN_PHASES, SignatoryState, isBlocked, isClosed, requiredPending, signatoryIn, statusOf } from './campaign-state';
import { Deliberation, canonicalDeliberation, isFinal, sameDeliberation, validateDeliberation } from './deliberation';
import { DomainError, FieldError, invalid } from './field-error';
import { isEmail } from './campaign-definition';
import { isCleanText } from './text';
import { conventionVersionOf, documentHashErrors } from './campaign-documents';
import { adoptingSignerErrors } from './campaign-signature';
import {
  LegalFollowUpInput,
  checkLegalFollowUpInput,
  mergeLegalFollowUp,
  sameLegalFollowUp,
  validateLegalFollowUp,
} from './legal-follow-up';

/**
 * The campaign's decisions: each takes the state and a request and returns the events to record,
 * none when the same request was already recorded, or throws a DomainError that changes nothing.
 */

const MAX_REASON = 2000;

function signatoryOf(state: CampaignState, signatoryId: string): SignatoryState {
  const s = signatoryIn(state, signatoryId);
  if (!s) throw new DomainError('not_found', `unknown signatory ${signatoryId} in campaign ${state.id}`);
  return s;
}

function requireOpen(state: CampaignState, what: string): void {
  if (!OPEN_PHASES.includes(state.phase)) {
    throw new DomainError('conflict', `cannot ${what} while the campaign is ${state.phase}`);
  }
}

function requireReason(reason: unknown): string {
  if (!isCleanText(reason, MAX_REASON)) {
    throw invalid([{ field: 'reason', message: `must be a text of 1 to ${MAX_REASON} characters, without control characters` }]);
  }
  return reason;
}

function today(nowMs: number): string {
  return dayInParis(nowMs);
}

/** The version of the convention the body votes on, once one is attached. */
function votedOn(state: CampaignState): { conventionVersion?: number } {
  const version = conventionVersionOf(state);
  return version === undefined ? {} : { conventionVersion: version };
}

/** A correction mends the record of the same vote: the version voted on stays the one recorded with it. */
function votedOnBefore(s: SignatoryState): { conventionVersion?: number } {
  return s.conventionVersionVoted === undefined ? {} : { conventionVersion: s.conventionVersionVoted };
}

function isLate(state: CampaignState, nowMs: number): boolean {
  return nowMs > Date.parse(state.deliberationDeadline);
}

export function holdConference(state: CampaignState, input: { heldOn: string; notes?: string }, nowMs: number): CampaignEventBody[] {
  const errors = [];
  if (!isCalendarDay(input.heldOn)) errors.push({ field: 'heldOn', message: 'must be a calendar day (YYYY-MM-DD)' });
  else if (input.heldOn > today(nowMs)) errors.push({ field: 'heldOn', message: 'must not be in the future' });
  if (input.notes !== undefined && !isCleanText(input.notes, 5000)) {
    errors.push({ field: 'notes', message: 'must be a text of 1 to 5000 characters, without control characters' });
  }
  if (errors.length) throw invalid(errors);
  if (state.conference) {
    if (state.conference.heldOn === input.heldOn && state.conference.notes === input.notes) return [];
    throw new DomainError('conflict', `the mayors' conference was already recorded as held on ${state.conference.heldOn}`);
  }
  if (state.phase !== 'awaiting_conference') {
    throw new DomainError('conflict', `cannot record the conference while the campaign is ${state.phase}`);
  }
  const data = input.notes === undefined ? { heldOn: input.heldOn } : { heldOn: input.heldOn, notes: input.notes };
  return [{ type: 'ConferenceHeld', data }];
}

export function scheduleSession(state: CampaignState, signatoryId: string, sessionDate: string): CampaignEventBody[] {
  const s = signatoryOf(state, signatoryId);
  if (!isCalendarDay(sessionDate)) throw invalid([{ field: 'sessionDate', message: 'must be a calendar day (YYYY-MM-DD)' }]);
  if (state.conference && sessionDate < state.conference.heldOn) {
    throw invalid([{ field: 'sessionDate', message: `must not be before the mayors' conference (${state.conference.heldOn})` }]);
  }
  if (isClosed(state)) {
    throw new DomainError('conflict', `cannot plan a session while the campaign is ${state.phase}`);
  }
  if (s.sessionDate === sessionDate) return [];
  if (isFinal(s.deliberation?.decision)) {
    throw new DomainError('conflict', `${s.name} has already decided (${s.deliberation?.decision})`);
  }
  return [{ type: 'SessionScheduled', data: { signatoryId, sessionDate } }];
}

function checkDeliberation(state: CampaignState, signatoryId: string, deliberation: Deliberation, nowMs: number, prefix = ''): Deliberation {
  const errors = validateDeliberation(deliberation, { conferenceDay: state.conference?.heldOn, today: today(nowMs) });
  if (errors.length === 0) errors.push(...documentHashErrors(state, signatoryId, deliberation.documentSha256));
  if (errors.length) throw invalid(errors.map((e) => ({ ...e, field: `${prefix}${e.field}` })));
  return canonicalDeliberation(deliberation);
}

export function recordDeliberation(
  state: CampaignState,
  signatoryId: string,
  deliberation: Deliberation,
  nowMs: number,
): CampaignEventBody[] {
  const s = signatoryOf(state, signatoryId);
  requireOpen(state, 'record a deliberation');
  const recorded = checkDeliberation(state, signatoryId, deliberation, nowMs);
  if (s.deliberation && sameDeliberation(s.deliberation, recorded)) return [];
  if (isFinal(s.deliberation?.decision)) {
    throw new DomainError(
      'conflict',
      `${s.name} already has a final decision (${s.deliberation?.decision}); an administrator may correct it`,
    );
  }
  return [{ type: 'DeliberationRecorded', data: { signatoryId, deliberation: recorded, late: isLate(state, nowMs), ...votedOn(state) } }];
}

export function correctDeliberation(
  state: CampaignState,
  signatoryId: string,
  input: { reason: string; deliberation: Deliberation },
  nowMs: number,
): CampaignEventBody[] {
  const s = signatoryOf(state, signatoryId);
  const reason = requireReason(input.reason);
  requireOpen(state, 'correct a deliberation');
  const recorded = checkDeliberation(state, signatoryId, input.deliberation, nowMs, 'deliberation.');
  if (!s.deliberation || s.deliberationSeq === undefined) {
    throw new DomainError('conflict', `${s.name} has no recorded deliberation to correct`);
  }
  if (sameDeliberation(s.deliberation, recorded)) return [];
  return [
    {
      type: 'DeliberationCorrected',
      data: { signatoryId, deliberation: recorded, reason, corrects: s.deliberationSeq, late: s.late, ...votedOnBefore(s) },
    },
  ];
}

export function reopenDeliberation(state: CampaignState, signatoryId: string, reason: string): CampaignEventBody[] {
  const s = signatoryOf(state, signatoryId);
  requireReason(reason);
  requireOpen(state, 'reopen a deliberation');
  if (!s.deliberation && s.reopenedFor === reason) return [];
  if (statusOf(s) !== 'rejected' || s.deliberationSeq === undefined) {
    throw new DomainError('conflict', `only a rejected deliberation can be reopened; ${s.name} is ${statusOf(s)}`);
  }
  return [{ type: 'DeliberationReopened', data: { signatoryId, reason, reopens: s.deliberationSeq } }];
}

export function moveDeadline(state: CampaignState, deliberationDeadline: string): CampaignEventBody[] {
  if (!isTimestampWithOffset(deliberationDeadline)) {
    throw invalid([{ field: 'deliberationDeadline', message: 'must be an ISO 8601 timestamp with offset' }]);
  }
  if (isClosed(state)) {
    throw new DomainError('conflict', `cannot move the deadline while the campaign is ${state.phase}`);
  }
  if (Date.parse(deliberationDeadline) === Date.parse(state.deliberationDeadline)) return [];
  return [{ type: 'DeadlineMoved', data: { deliberationDeadline, previous: state.deliberationDeadline } }];
}

export function signConvention(
  state: CampaignState,
  input: { signedOn: string; signedBy?: string[] },
  nowMs: number,
): CampaignEventBody[] {
  const errors = [];
  if (!isCalendarDay(input.signedOn)) errors.push({ field: 'signedOn', message: 'must be a calendar day (YYYY-MM-DD)' });
  else if (input.signedOn > today(nowMs)) errors.push({ field: 'signedOn', message: 'must not be in the future' });
  else if (state.conference && input.signedOn < state.conference.heldOn) {
    errors.push({ field: 'signedOn', message: `must not be before the mayors' conference (${state.conference.heldOn})` });
  }
  const signedBy = input.signedBy ?? Object.values(state.signatories).filter((s) => statusOf(s) === 'adopted').map((s) => s.id);
  errors.push(...adoptingSignerErrors(state, signedBy));
  if (errors.length) throw invalid(errors);
  if (state.phase === 'signed') {
    if (isSameSignature(state.signature, input)) return [];
    throw new DomainError('conflict', `the convention was already signed on ${state.signature?.signedOn}, by other signatories or on another day`);
  }
  if (state.phase !== 'awaiting_signature') {
    throw new DomainError('conflict', `the convention can be signed only when awaiting signature; the campaign is ${state.phase}`);
  }
  if (isBlocked(state) || requiredPending(state).length > 0) {
    throw new DomainError('conflict', `required signatories have not adopted: ${requiredPending(state).join(', ')}`);
  }
  return [{ type: 'ConventionSigned', data: { signedOn: input.signedOn, signedBy } }];
}

/**
 * Records the contrôle de légalité of a signatory's final deliberation (transmission, @ctes id,
 * acknowledgment, executory day), also after the signature; fields absent from the request keep
 * their recorded value and `null` clears one.
 */
export function recordLegalFollowUp(
  state: CampaignState,
  signatoryId: string,
  input: LegalFollowUpInput,
  nowMs: number,
): CampaignEventBody[] {
  const s = signatoryOf(state, signatoryId);
  const inputErrors = checkLegalFollowUpInput(input);
  if (inputErrors.length) throw invalid(inputErrors);
  if (state.phase === 'cancelled' || state.phase === 'awaiting_conference') {
    throw new DomainError('conflict', `cannot record a legal follow-up while the campaign is ${state.phase}`);
  }
  if (!s.deliberation || !isFinal(s.deliberation.decision) || s.deliberationSeq === undefined) {
    throw new DomainError('conflict', `${s.name} has no final deliberation whose legal follow-up could be recorded`);
  }
  const next = mergeLegalFollowUp(s.legalFollowUp, input);
  const errors = validateLegalFollowUp(next, { sessionDate: s.deliberation.sessionDate, nowMs });
  if (errors.length) throw invalid(errors);
  if (sameLegalFollowUp(s.legalFollowUp, next)) return [];
  return [{ type: 'LegalFollowUpRecorded', data: { signatoryId, deliberationSeq: s.deliberationSeq, legalFollowUp: next } }];
}

/**
 * Sends the signatory's secretary a new personal link by e-mail, valid until `expiresAt`. Each
 * request is a new link (the previous one stops working), so a repeated request records again.
 */
export function sendPersonalLink(state: CampaignState, signatoryId: string, expiresAt: string, nowMs: number): CampaignEventBody[] {
  const s = signatoryOf(state, signatoryId);
  if (isClosed(state)) {
    throw new DomainError('conflict', `cannot send a personal link while the campaign is ${state.phase}`);
  }
  if (!isTimestampWithOffset(expiresAt) || Date.parse(expiresAt) <= nowMs) {
    throw invalid([{ field: 'expiresAt', message: 'must be an ISO 8601 timestamp with offset, in the future' }]);
  }
  return [{ type: 'PersonalLinkSent', data: { signatoryId, to: [s.email], expiresAt } }];
}

/**
 * The body's secretary passes the personal link on to a colleague or the mayor, named with their
 * e-mail: they get a link of their own, and the secretary's keeps working until it expires.
 */
export function forwardPersonalLink(
  state: CampaignState,
  signatoryId: string,
  delegate: { name: string; email: string },
  expiresAt: string,
  nowMs: number,
): CampaignEventBody[] {
  signatoryOf(state, signatoryId);
  if (isClosed(state)) {
    throw new DomainError('conflict', `cannot forward a personal link while the campaign is ${state.phase}`);
  }
  const name = typeof delegate?.name === 'string' ? delegate.name.trim() : '';
  const errors: FieldError[] = [];
  if (!name || !isCleanText(name, 200)) errors.push({ field: 'name', message: 'must be the name of the person, 1 to 200 characters' });
  if (!isEmail(delegate?.email)) errors.push({ field: 'email', message: 'must be an e-mail address' });
  if (!isTimestampWithOffset(expiresAt) || Date.parse(expiresAt) <= nowMs) errors.push({ field: 'expiresAt', message: 'must be an ISO 8601 timestamp with offset, in the future' });
  if (errors.length) throw invalid(errors);
  const email = delegate.email.toLowerCase();
  return [{ type: 'PersonalLinkForwarded', data: { signatoryId, to: [email], delegate: { name, email }, expiresAt } }];
}

/**
 * The signature a repeated request finds: the same day, and the same signatories when the request
 * names them (without `signedBy` it means whoever had adopted, which is what was recorded).
 */
export function isSameSignature(
  recorded: { signedOn: string; signedBy: string[] } | null | undefined,
  input: { signedOn: string; signedBy?: string[] },
): boolean {
  if (!recorded || recorded.signedOn !== input.signedOn) return false;
  return input.signedBy === undefined || [...new Set(input.signedBy)].sort().join('\n') === [...recorded.signedBy].sort().join('\n');
}

export function isSameCancellation(recorded: { reason: string } | null | undefined, reason: string): boolean {
  return recorded?.reason === reason;
}

export function cancelCampaign(state: CampaignState, reason: string): CampaignEventBody[] {
  requireReason(reason);
  if (state.phase === 'cancelled') {
    if (isSameCancellation(state.cancellation, reason)) return [];
    throw new DomainError('conflict', 'the campaign was already cancelled, for another reason');
  }
  if (state.phase === 'signed') throw new DomainError('conflict', 'a signed convention cannot be cancelled');
  return [{ type: 'CampaignCancelled', data: { reason } }];
}

/**
 * What the engine records by itself after any change: the deadline passing, and the opening of the
 * signature once every signatory has decided, or at the deadline once every required one adopted.
 */
export function automaticEvents(state: CampaignState, nowMs: number): CampaignEventBody[] {
  const events: CampaignEventBody[] = [];
  if (!OPEN_PHASES.includes(state.phase)) return events;
  const deadlinePassed = state.deadlinePassed || nowMs >= Date.parse(state.deliberationDeadline);
  if (deadlinePassed && !state.deadlinePassed) {
    events.push({ type: 'DeadlinePassed', data: { deliberationDeadline: state.deliberationDeadline } });
  }
  if (state.phase === 'deliberating') {
    const all = Object.values(state.signatories);
    if (all.every((s) => isFinal(s.deliberation?.decision))) {
      events.push({ type: 'SignatureOpened', data: { reason: 'all_decided' } });
    } else if (deadlinePassed && requiredPending(state).length === 0) {
      events.push({ type: 'SignatureOpened', data: { reason: 'deadline' } });
    }
  }
  return events;
}
