import { dayInParis, isCalendarDay, isTimestampWithOffset } from './calendar-day';
import { CampaignEventBody } from './campaign-events';
import { CampaignState, SignatoryState, isBlocked, isClosed, requiredPending, signatoryIn, statusOf } from './campaign-state';
import { CONVENTION_DOCUMENT_ID, DocumentFile, DocumentVersion, currentVersion, documentIn, fileErrors } from './campaign-documents';
import { DomainError, FieldError, invalid } from './field-error';
import { isCleanText } from './text';

/**
 * The signature of the convention (issue 17): each adopting body's signing authority, and the two
 * ways a convention gets signed — a ceremony the administrators record, or the convention
 * circulated to each signing authority, who signs by a personal link and a code sent by e-mail.
 */

export const MAX_AUTHORITY_TEXT = 200;
export const MAX_PLACE = 200;
const MAX_REASON = 2000;

/** Which bodies sign: every body that adopted, or the required ones only (the EPCI, the CAF… for all). */
export const SIGNING_BODIES = ['adopting', 'required'] as const;
export type SigningBodies = (typeof SIGNING_BODIES)[number];

/** The person who signs for a body, and in what capacity (« le Maire », « la Présidente »). */
export interface SigningAuthority {
  name: string;
  capacity: string;
}

export interface NamedSigningAuthority extends SigningAuthority {
  namedAt: string;
  /** An administrator's e-mail or a secretary's link id. */
  namedBy: string;
  reason?: string;
}

/** One body's signature given through its signature link. */
export interface BodySignature extends SigningAuthority {
  at: string;
  conventionVersion: number;
  conventionSha256: string;
  /** The signature link's id (the record's actor) and the signer's IP address. */
  linkId: string;
  ip?: string;
}

/** The convention sent round for signature: to whom, and exactly which version. */
export interface SignatureCirculation {
  signingBodies: SigningBodies;
  signers: string[];
  conventionVersion: number;
  conventionSha256: string;
  conventionName: string;
  at: string;
}

/** How the convention was signed, once it was. */
export interface ConventionSignature {
  signedOn: string;
  signedBy: string[];
  way?: 'ceremony' | 'circulated';
  place?: string;
  /** The convention as signed at a ceremony (a scan or an electronically signed PDF). */
  signedCopy?: DocumentFile;
}

/** Awaiting, given, or not asked of this body: the per-body signature status the administrators see. */
export type BodySignatureStatus = 'not_signing' | 'awaiting' | 'signed';

export function signatureStatusOf(state: Pick<CampaignState, 'circulation' | 'signature'>, s: SignatoryState): BodySignatureStatus {
  if (s.signature || state.signature?.signedBy.includes(s.id)) return 'signed';
  return !state.signature && state.circulation?.signers.includes(s.id) ? 'awaiting' : 'not_signing';
}

/** The version of the convention sent round for signature, once it was. */
export function circulatedConvention(state: Pick<CampaignState, 'circulation' | 'documents'>): DocumentVersion | undefined {
  const version = state.circulation?.conventionVersion;
  return version === undefined ? undefined : documentIn(state, CONVENTION_DOCUMENT_ID)?.versions.find((v) => v.version === version);
}

/** The bodies that sign under a choice: the adopting ones, or the required ones (which have all adopted). */
export function signersFor(state: CampaignState, signingBodies: SigningBodies): string[] {
  return Object.values(state.signatories)
    .filter((s) => statusOf(s) === 'adopted' && (signingBodies === 'adopting' || s.required))
    .map((s) => s.id);
}

function signatoryOf(state: CampaignState, signatoryId: string): SignatoryState {
  const s = signatoryIn(state, signatoryId);
  if (!s) throw new DomainError('not_found', `unknown signatory ${signatoryId} in campaign ${state.id}`);
  return s;
}

function authorityErrors(input: { name?: unknown; capacity?: unknown }, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const message = `must be a text of 1 to ${MAX_AUTHORITY_TEXT} characters, without control characters`;
  if (!isCleanText(input.name, MAX_AUTHORITY_TEXT)) errors.push({ field: `${prefix}name`, message });
  if (!isCleanText(input.capacity, MAX_AUTHORITY_TEXT)) errors.push({ field: `${prefix}capacity`, message });
  return errors;
}

function requireSignable(state: CampaignState, what: string): void {
  if (state.phase !== 'awaiting_signature') {
    throw new DomainError('conflict', `${what} only when the convention awaits its signature; the campaign is ${state.phase}`);
  }
  if (isBlocked(state) || requiredPending(state).length > 0) {
    throw new DomainError('conflict', `required signatories have not adopted: ${requiredPending(state).join(', ')}`);
  }
}

function sameAuthority(named: SigningAuthority | undefined, input: SigningAuthority): boolean {
  return named?.name === input.name && named.capacity === input.capacity;
}

export interface NameSigningAuthorityInput extends SigningAuthority {
  signatoryId: string;
  reason?: string;
  /** Administrators change a named authority only with a reason; the body's secretary names its own. */
  byAdministrator: boolean;
}

/**
 * Who signs for a body: given by its secretary with the deliberation that authorises its head to
 * sign, or by an administrator, who says why when it replaces one already named. Fixed once the
 * body has signed, or the campaign closed.
 */
export function nameSigningAuthority(state: CampaignState, input: NameSigningAuthorityInput): CampaignEventBody[] {
  const s = signatoryOf(state, input.signatoryId);
  const errors = authorityErrors(input);
  const replacing = s.signingAuthority !== undefined;
  if (input.reason !== undefined && !isCleanText(input.reason, MAX_REASON)) {
    errors.push({ field: 'reason', message: `must be a text of 1 to ${MAX_REASON} characters, without control characters` });
  } else if (input.byAdministrator && replacing && input.reason === undefined && !sameAuthority(s.signingAuthority, input)) {
    errors.push({ field: 'reason', message: 'is required: an administrator replacing a named signing authority says why' });
  }
  if (errors.length) throw invalid(errors);
  if (isClosed(state)) throw new DomainError('conflict', `cannot name a signing authority: the campaign is ${state.phase}`);
  if (state.phase === 'awaiting_conference') throw new DomainError('conflict', "cannot name a signing authority before the mayors' conference");
  if (s.signature) throw new DomainError('conflict', `${s.name} has signed already: its signing authority is part of the record`);
  if (sameAuthority(s.signingAuthority, input)) return [];
  const data = { signatoryId: s.id, name: input.name, capacity: input.capacity, ...(input.reason !== undefined ? { reason: input.reason } : {}) };
  return [{ type: 'SigningAuthorityNamed', data }];
}

/**
 * Sends the convention round for signature: the chosen bodies each get a personal signature link
 * by e-mail, valid until `expiresAt`. The convention in force is the one they sign; it cannot be
 * replaced while they do. Circulated once: a body's new link is `SendSignatureLink`.
 */
export function circulateForSignature(
  state: CampaignState,
  input: { signingBodies: SigningBodies; expiresAt: string },
  nowMs: number,
): CampaignEventBody[] {
  const errors: FieldError[] = [];
  if (!(SIGNING_BODIES as readonly string[]).includes(input.signingBodies)) {
    errors.push({ field: 'signingBodies', message: `must be one of ${SIGNING_BODIES.join(', ')}` });
  }
  if (!isTimestampWithOffset(input.expiresAt) || Date.parse(input.expiresAt) <= nowMs) {
    errors.push({ field: 'expiresAt', message: 'must be an ISO 8601 timestamp with offset, in the future' });
  }
  if (errors.length) throw invalid(errors);
  if (state.circulation) {
    if (state.circulation.signingBodies === input.signingBodies && state.phase === 'awaiting_signature') return [];
    throw new DomainError('conflict', `the convention was already sent round for signature on ${state.circulation.at.slice(0, 10)}`);
  }
  requireSignable(state, 'the convention can be sent round for signature');
  const convention = documentIn(state, CONVENTION_DOCUMENT_ID);
  if (!convention) throw new DomainError('conflict', 'attach the convention before sending it round for signature');
  const version = currentVersion(convention);
  const signers = signersFor(state, input.signingBodies);
  return [
    {
      type: 'SignatureCirculated',
      data: { signingBodies: input.signingBodies, signers, conventionVersion: version.version, conventionSha256: version.sha256, conventionName: version.name },
    },
    ...signers.map((signatoryId): CampaignEventBody => ({
      type: 'SignatureLinkSent',
      data: { signatoryId, to: [state.signatories[signatoryId].email], expiresAt: input.expiresAt },
    })),
  ];
}

function requireAwaitingSignature(state: CampaignState, s: SignatoryState): void {
  if (isClosed(state)) throw new DomainError('conflict', `the campaign is ${state.phase}: nothing is signed any more`);
  if (!state.circulation?.signers.includes(s.id)) {
    throw new DomainError('conflict', `${s.name} is not among the bodies the convention was sent to for signature`);
  }
  if (s.signature) throw new DomainError('conflict', `${s.name} signed already, on ${s.signature.at.slice(0, 10)}`);
  if (statusOf(s) !== 'adopted') throw new DomainError('conflict', `${s.name} has not adopted the convention (${statusOf(s)}): only adopting bodies sign`);
}

/** An e-mail to a body still awaited for its signature, its link or code good until `expiresAt`. */
function signatureMail<T extends 'SignatureLinkSent' | 'SignatureCodeSent'>(state: CampaignState, type: T, signatoryId: string, expiresAt: string, nowMs: number) {
  const s = signatoryOf(state, signatoryId);
  if (!isTimestampWithOffset(expiresAt) || Date.parse(expiresAt) <= nowMs) {
    throw invalid([{ field: 'expiresAt', message: 'must be an ISO 8601 timestamp with offset, in the future' }]);
  }
  requireAwaitingSignature(state, s);
  return [{ type, data: { signatoryId, to: [s.email], expiresAt } }] as CampaignEventBody[];
}

/** A new signature link for one body (lost, expired, or locked after wrong codes); the older ones stop working. */
export function sendSignatureLink(state: CampaignState, signatoryId: string, expiresAt: string, nowMs: number): CampaignEventBody[] {
  return signatureMail(state, 'SignatureLinkSent', signatoryId, expiresAt, nowMs);
}

/**
 * A code to sign with, sent to the body's address at the moment of signing: the link alone does not
 * sign. Its `expiresAt` bounds how long the code is good for; each request is a new code.
 */
export function sendSignatureCode(state: CampaignState, signatoryId: string, expiresAt: string, nowMs: number): CampaignEventBody[] {
  return signatureMail(state, 'SignatureCodeSent', signatoryId, expiresAt, nowMs);
}

export interface SignAsBodyInput extends SigningAuthority {
  signatoryId: string;
  /** The hash of the convention the signer was shown: it must be the one sent round. */
  conventionSha256: string;
  /** Seq of the `SignatureCodeSent` event whose code the signer gave (checked by the API). */
  codeSeq: number;
}

/**
 * « Je signe »: the body's signing authority signs the convention sent round. The last signature
 * awaited signs the convention, that day.
 */
export function signAsBody(state: CampaignState, input: SignAsBodyInput, nowMs: number): CampaignEventBody[] {
  const s = signatoryOf(state, input.signatoryId);
  const errors = authorityErrors(input);
  if (typeof input.conventionSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(input.conventionSha256)) {
    errors.push({ field: 'conventionSha256', message: 'must be 64 lower-case hexadecimal characters' });
  }
  if (!Number.isInteger(input.codeSeq) || input.codeSeq < 1) errors.push({ field: 'codeSeq', message: 'must be the number of a code sent' });
  if (errors.length) throw invalid(errors);
  requireAwaitingSignature(state, s);
  if (s.signatureCodeSeq !== input.codeSeq) {
    throw invalid([{ field: 'code', message: 'is not the last code sent to this body: ask for a new code' }]);
  }
  const circulation = state.circulation as SignatureCirculation;
  if (input.conventionSha256 !== circulation.conventionSha256) {
    throw invalid([
      {
        field: 'conventionSha256',
        message: `is not the convention sent round for signature (version ${circulation.conventionVersion}, SHA-256 ${circulation.conventionSha256})`,
      },
    ]);
  }
  const events: CampaignEventBody[] = [
    {
      type: 'BodySigned',
      data: {
        signatoryId: s.id,
        name: input.name,
        capacity: input.capacity,
        conventionVersion: circulation.conventionVersion,
        conventionSha256: circulation.conventionSha256,
        codeSeq: input.codeSeq,
      },
    },
  ];
  const stillAwaited = circulation.signers.filter((id) => id !== s.id && !state.signatories[id].signature);
  if (stillAwaited.length === 0) {
    events.push({ type: 'ConventionSigned', data: { signedOn: dayInParis(nowMs), signedBy: [...circulation.signers], way: 'circulated' } });
  }
  return events;
}

export interface RecordCeremonyInput {
  signedOn: string;
  place: string;
  /** The bodies whose authorities signed; absent: every body chosen by `signingBodies` (default: every adopting body). */
  signedBy?: string[];
  signingBodies?: SigningBodies;
  /** The convention as signed, already in the document store. */
  signedCopy: DocumentFile;
}

/**
 * The signing ceremony: who signed, where and when, with the convention as signed. It signs the
 * convention, whether or not it had been sent round (the signatures given by link stay recorded).
 */
export function recordSigningCeremony(state: CampaignState, input: RecordCeremonyInput, nowMs: number): CampaignEventBody[] {
  const errors: FieldError[] = [];
  if (!isCalendarDay(input.signedOn)) errors.push({ field: 'signedOn', message: 'must be a calendar day (YYYY-MM-DD)' });
  else if (input.signedOn > dayInParis(nowMs)) errors.push({ field: 'signedOn', message: 'must not be in the future' });
  else if (state.conference && input.signedOn < state.conference.heldOn) {
    errors.push({ field: 'signedOn', message: `must not be before the mayors' conference (${state.conference.heldOn})` });
  }
  if (!isCleanText(input.place, MAX_PLACE)) errors.push({ field: 'place', message: `must be a text of 1 to ${MAX_PLACE} characters, without control characters` });
  if (input.signingBodies !== undefined && !(SIGNING_BODIES as readonly string[]).includes(input.signingBodies)) {
    errors.push({ field: 'signingBodies', message: `must be one of ${SIGNING_BODIES.join(', ')}` });
  }
  errors.push(...fileErrors(input.signedCopy));
  const signedBy = input.signedBy ?? signersFor(state, input.signingBodies ?? 'adopting');
  errors.push(...adoptingSignerErrors(state, signedBy));
  if (errors.length) throw invalid(errors);
  if (state.phase === 'signed') {
    const recorded = state.signature;
    if (recorded?.way === 'ceremony' && recorded.signedOn === input.signedOn && recorded.signedCopy?.sha256 === input.signedCopy.sha256) return [];
    throw new DomainError('conflict', `the convention was already signed on ${recorded?.signedOn}`);
  }
  requireSignable(state, 'the signing ceremony can be recorded');
  const { name, size, sha256 } = input.signedCopy;
  return [
    {
      type: 'ConventionSigned',
      data: { signedOn: input.signedOn, signedBy, way: 'ceremony', place: input.place, signedCopy: { name, size, sha256 } },
    },
  ];
}

/** Only bodies whose deliberation adopted the convention sign it, each once. */
export function adoptingSignerErrors(state: CampaignState, signedBy: string[]): FieldError[] {
  const seen = new Set<string>();
  return signedBy.flatMap((sid, i) => {
    const field = `signedBy[${i}]`;
    const s = signatoryIn(state, sid);
    if (!s) return [{ field, message: `unknown signatory ${sid}` }];
    if (seen.has(sid)) return [{ field, message: `names ${sid} a second time` }];
    seen.add(sid);
    const status = statusOf(s);
    if (status !== 'adopted') return [{ field, message: `${s.name} has not adopted the convention (${status}): only adopting bodies sign` }];
    return [];
  });
}
