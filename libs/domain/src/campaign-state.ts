import { CampaignDefinition, SignatoryKind } from './campaign-definition';
import { CampaignEvent } from './campaign-events';
import { Deliberation, isFinal } from './deliberation';
import type { LegalFollowUp } from './legal-follow-up';
import type { CampaignDocument, ConventionConsultation, DocumentVersion } from './campaign-documents';
import type { BodySignature, ConventionSignature, NamedSigningAuthority, SignatureCirculation } from './campaign-signature';

export const PHASES = ['awaiting_conference', 'deliberating', 'awaiting_signature', 'signed', 'cancelled'] as const;
export type Phase = (typeof PHASES)[number];
export type SignatoryStatus = 'pending' | 'scheduled' | 'adopted' | 'rejected' | 'adjourned';

/** Phases in which a vote, a session date or a correction may be recorded. */
export const OPEN_PHASES: readonly Phase[] = ['deliberating', 'awaiting_signature'];

/** Signed or cancelled: the campaign takes no more votes and reminds no one. */
export function isClosedPhase(phase: string): boolean {
  return phase === 'signed' || phase === 'cancelled';
}

export function isClosed(state: Pick<CampaignState, 'phase'>): boolean {
  return isClosedPhase(state.phase);
}

export interface SignatoryState {
  id: string;
  name: string;
  kind: SignatoryKind;
  email: string;
  required: boolean;
  sessionDate?: string;
  deliberation?: Deliberation;
  /** Seq of the event that recorded the current deliberation: what a correction references. */
  deliberationSeq?: number;
  late: boolean;
  /** A required signatory's rejection blocks the signature until it adopts. */
  blocking: boolean;
  remindersSent: number;
  lastReminderAt?: string;
  /** The reason of a reopening not yet followed by a new vote: a repeated reopen records nothing. */
  reopenedFor?: string;
  /** Contrôle de légalité of the current deliberation; a reopening starts a new act without one. */
  legalFollowUp?: LegalFollowUp;
  /** When an administrator last had a personal link sent by e-mail (absent until then). */
  lastLinkSentAt?: string;
  /** The version of the convention in force when the current deliberation was recorded. */
  conventionVersionVoted?: number;
  /** Read receipts: the first opening of each version of the convention by the body's link. */
  conventionConsulted?: ConventionConsultation[];
  /** The signed extracts of the register, every version in order. */
  acts?: DocumentVersion[];
  /** Who signs for the body, once named. */
  signingAuthority?: NamedSigningAuthority;
  /** When the body's signature link was last sent, and the seq of the last code sent to sign with. */
  signatureLinkSentAt?: string;
  /** Until when the last signature link works: a reminder's link lasts at least as long. */
  signatureLinkExpiresAt?: string;
  signatureCodeSeq?: number;
  /** The reminders of the signature sent so far. */
  signatureRemindersSent?: number;
  /** The body's own signature, given through its signature link. */
  signature?: BodySignature;
}

export interface CampaignState {
  id: string;
  title: string;
  phase: Phase;
  deliberationDeadline: string;
  deadlinePassed: boolean;
  conference?: { heldOn: string; notes?: string };
  signature?: ConventionSignature;
  /** The convention sent round to the signing authorities, once it was. */
  circulation?: SignatureCirculation;
  cancellation?: { reason: string };
  signatories: Record<string, SignatoryState>;
  /** The convention and its annexes, each with every version, in order of attachment. */
  documents?: CampaignDocument[];
  /** The campaign's own wording of the draft deliberation; absent: the product's. */
  draftTemplate?: string;
  /** Sequence number of the last event applied. */
  lastSeq: number;
}

/**
 * The signatory of that id, only if the campaign has one: a caller's id such as `constructor` or
 * `toString` must not find what every object inherits.
 */
export function signatoryIn(state: CampaignState, signatoryId: string): SignatoryState | undefined {
  return Object.hasOwn(state.signatories, signatoryId) ? state.signatories[signatoryId] : undefined;
}

export function initialState(def: CampaignDefinition): CampaignState {
  const signatories: Record<string, SignatoryState> = {};
  // The SIRET stays in the definition (the open-data export reads it there): the state follows votes.
  for (const { siret: _siret, ...s } of def.signatories) {
    signatories[s.id] = { ...s, late: false, blocking: false, remindersSent: 0 };
  }
  return {
    id: def.id,
    title: def.title,
    phase: 'awaiting_conference',
    deliberationDeadline: def.deliberationDeadline,
    deadlinePassed: false,
    signatories,
    lastSeq: 0,
  };
}

export function statusOf(s: SignatoryState): SignatoryStatus {
  const decision = s.deliberation?.decision;
  if (isFinal(decision)) return decision;
  if (s.sessionDate && (!s.deliberation || s.sessionDate > s.deliberation.sessionDate)) return 'scheduled';
  return decision === 'adjourned' ? 'adjourned' : 'pending';
}

export function isBlocked(state: CampaignState): boolean {
  return Object.values(state.signatories).some((s) => s.required && s.blocking);
}

export function requiredPending(state: CampaignState): string[] {
  return Object.values(state.signatories)
    .filter((s) => s.required && statusOf(s) !== 'adopted')
    .map((s) => s.id);
}

export interface CampaignCounts {
  total: number;
  adopted: number;
  rejected: number;
  adjourned: number;
  pending: number;
  scheduled: number;
}

export function countsOf(state: CampaignState): CampaignCounts {
  const counts: CampaignCounts = { total: 0, adopted: 0, rejected: 0, adjourned: 0, pending: 0, scheduled: 0 };
  for (const s of Object.values(state.signatories)) {
    counts.total++;
    counts[statusOf(s)]++;
  }
  return counts;
}

/** Applies one stored event to the state: the only place the state changes. */
export function evolve(state: CampaignState, event: CampaignEvent): CampaignState {
  state.lastSeq = event.seq;
  switch (event.type) {
    case 'CampaignLaunched':
      return state;
    case 'ConferenceHeld':
      state.conference = { ...event.data };
      state.phase = 'deliberating';
      return state;
    case 'SessionScheduled':
      state.signatories[event.data.signatoryId].sessionDate = event.data.sessionDate;
      return state;
    case 'DeliberationRecorded':
    case 'DeliberationCorrected': {
      const s = state.signatories[event.data.signatoryId];
      s.deliberation = event.data.deliberation;
      s.deliberationSeq = event.seq;
      s.reopenedFor = undefined;
      s.late = event.data.late;
      s.conventionVersionVoted = event.data.conventionVersion;
      if (s.required && event.data.deliberation.decision === 'rejected') s.blocking = true;
      if (event.data.deliberation.decision === 'adopted') s.blocking = false;
      return state;
    }
    case 'DeliberationReopened': {
      const s = state.signatories[event.data.signatoryId];
      s.deliberation = undefined;
      s.deliberationSeq = undefined;
      s.late = false;
      s.reopenedFor = event.data.reason;
      s.legalFollowUp = undefined;
      s.conventionVersionVoted = undefined;
      return state;
    }
    case 'LegalFollowUpRecorded': {
      const s = state.signatories[event.data.signatoryId];
      s.legalFollowUp = Object.keys(event.data.legalFollowUp).length > 0 ? { ...event.data.legalFollowUp } : undefined;
      return state;
    }
    case 'PersonalLinkSent':
      state.signatories[event.data.signatoryId].lastLinkSentAt = event.occurredAt;
      return state;
    case 'PersonalLinkForwarded':
      return state;
    case 'DeadlineMoved':
      state.deliberationDeadline = event.data.deliberationDeadline;
      state.deadlinePassed = false;
      return state;
    case 'DeadlinePassed':
      state.deadlinePassed = true;
      return state;
    case 'SignatureOpened':
      state.phase = 'awaiting_signature';
      return state;
    case 'ReminderSent': {
      const s = state.signatories[event.data.signatoryId];
      s.remindersSent = Math.max(s.remindersSent, event.data.number);
      s.lastReminderAt = event.data.sentAt;
      return state;
    }
    case 'ReminderRefused':
      // The reminder round, kept by the run, spends the number; the bodies' state is unchanged.
      return state;
    case 'ConventionSigned':
      state.signature = { ...event.data, signedBy: [...event.data.signedBy] };
      state.phase = 'signed';
      return state;
    case 'CampaignCancelled':
      state.cancellation = { ...event.data };
      state.phase = 'cancelled';
      return state;
    case 'DocumentAttached': {
      const { documentId, kind, reason, ...file } = event.data;
      const version = { ...file, attachedAt: event.occurredAt, attachedBy: event.actor.id, ...(reason !== undefined ? { reason } : {}) };
      const documents = (state.documents ??= []);
      const document = documents.find((d) => d.id === documentId);
      if (document) document.versions.push(version);
      else documents.push({ id: documentId, kind, versions: [version] });
      return state;
    }
    case 'ConventionConsulted': {
      const s = state.signatories[event.data.signatoryId];
      (s.conventionConsulted ??= []).push({ version: event.data.version, at: event.occurredAt });
      return state;
    }
    case 'DeliberationActAttached': {
      const { signatoryId, reason, ...file } = event.data;
      const s = state.signatories[signatoryId];
      (s.acts ??= []).push({ ...file, attachedAt: event.occurredAt, attachedBy: event.actor.id, ...(reason !== undefined ? { reason } : {}) });
      return state;
    }
    case 'DraftTemplateReplaced':
      state.draftTemplate = event.data.text ?? undefined;
      return state;
    case 'SigningAuthorityNamed': {
      const { signatoryId, reason, ...authority } = event.data;
      state.signatories[signatoryId].signingAuthority = {
        ...authority,
        namedAt: event.occurredAt,
        namedBy: event.actor.id,
        ...(reason !== undefined ? { reason } : {}),
      };
      return state;
    }
    case 'SignatureCirculated':
      state.circulation = { ...event.data, signers: [...event.data.signers], at: event.occurredAt };
      return state;
    case 'SignatureLinkSent': {
      const s = state.signatories[event.data.signatoryId];
      s.signatureLinkSentAt = event.occurredAt;
      s.signatureLinkExpiresAt = event.data.expiresAt;
      if (event.data.reminder !== undefined) s.signatureRemindersSent = Math.max(s.signatureRemindersSent ?? 0, event.data.reminder);
      return state;
    }
    case 'SignatureCodeSent':
      state.signatories[event.data.signatoryId].signatureCodeSeq = event.seq;
      return state;
    case 'BodySigned': {
      const { signatoryId, name, capacity, conventionVersion, conventionSha256 } = event.data;
      state.signatories[signatoryId].signature = {
        name,
        capacity,
        conventionVersion,
        conventionSha256,
        at: event.occurredAt,
        linkId: event.actor.id,
        ...(event.actor.ip !== undefined ? { ip: event.actor.ip } : {}),
      };
      return state;
    }
  }
}
