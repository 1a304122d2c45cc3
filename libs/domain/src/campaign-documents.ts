import { CampaignEventBody } from './campaign-events';
import { CampaignState, isClosed, signatoryIn } from './campaign-state';
import { DomainError, FieldError, invalid } from './field-error';
import { isCleanText } from './text';

/** The convention itself, or one of its annexes. */
export const DOCUMENT_KINDS = ['convention', 'annex'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The id of the campaign's one convention; annexes are `annexe-1`, `annexe-2`… in order of attachment. */
export const CONVENTION_DOCUMENT_ID = 'convention';

export const MAX_FILE_NAME = 255;
/** The largest file a campaign takes, convention, annex or act (issue 16: 50 MiB). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
export const MAX_DRAFT_TEMPLATE = 20_000;
const MAX_REASON = 2000;

/** A file as the record names it: what the server measured, never what a caller claimed. */
export interface DocumentFile {
  name: string;
  size: number;
  /** Lower-case hexadecimal SHA-256 computed by the server. */
  sha256: string;
}

export interface DocumentVersion extends DocumentFile {
  version: number;
  attachedAt: string;
  /** Who attached it: an administrator's e-mail or a secretary's link id. */
  attachedBy: string;
  /** Why a version replaced the one before, once the deliberations had begun. */
  reason?: string;
}

export interface CampaignDocument {
  id: string;
  kind: DocumentKind;
  versions: DocumentVersion[];
}

/** A body's read receipt: the first time its link opened a version of the convention. */
export interface ConventionConsultation {
  version: number;
  at: string;
}

export function currentVersion(document: CampaignDocument): DocumentVersion {
  return document.versions[document.versions.length - 1];
}

export function documentIn(state: Pick<CampaignState, 'documents'>, documentId: string): CampaignDocument | undefined {
  return (state.documents ?? []).find((d) => d.id === documentId);
}

/** The version of the convention in force, or undefined before one is attached. */
export function conventionVersionOf(state: Pick<CampaignState, 'documents'>): number | undefined {
  const convention = documentIn(state, CONVENTION_DOCUMENT_ID);
  return convention ? currentVersion(convention).version : undefined;
}

export function fileErrors(file: DocumentFile): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCleanText(file.name, MAX_FILE_NAME) || /[/\\]/.test(file.name)) {
    errors.push({ field: 'fileName', message: `must be a name of 1 to ${MAX_FILE_NAME} characters, without path separators or control characters` });
  }
  if (!Number.isInteger(file.size) || file.size < 1 || file.size > MAX_DOCUMENT_BYTES) {
    errors.push({ field: 'file', message: `must hold 1 byte to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB` });
  }
  if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) {
    errors.push({ field: 'sha256', message: 'must be 64 lower-case hexadecimal characters' });
  }
  return errors;
}

function reasonErrors(reason: unknown, required: boolean, why: string): FieldError[] {
  if (reason === undefined) return required ? [{ field: 'reason', message: `is required: ${why}` }] : [];
  return isCleanText(reason, MAX_REASON) ? [] : [{ field: 'reason', message: `must be a text of 1 to ${MAX_REASON} characters, without control characters` }];
}

function requireNotClosed(state: CampaignState, what: string): void {
  if (isClosed(state)) throw new DomainError('conflict', `cannot ${what}: the campaign is ${state.phase}`);
}

export interface AttachDocumentInput extends DocumentFile {
  kind: DocumentKind;
  /** The annex a new version replaces; absent for a new annex. The convention is always `convention`. */
  replaces?: string;
  reason?: string;
}

/**
 * The convention or an annex, before or after the conference: the same bytes as the version in
 * force record nothing; a new version once the deliberations have begun needs its reason, and the
 * bodies that voted before it keep the version they approved.
 */
export function attachDocument(state: CampaignState, input: AttachDocumentInput): CampaignEventBody[] {
  const errors = fileErrors(input);
  if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', message: `must be one of ${DOCUMENT_KINDS.join(', ')}` });
  if (errors.length) throw invalid(errors);
  requireNotClosed(state, 'attach a document');
  const documents = state.documents ?? [];
  let existing: CampaignDocument | undefined;
  if (input.kind === 'convention') {
    if (state.circulation) throw new DomainError('conflict', 'the convention was sent round for signature: the version being signed cannot be replaced');
    if (input.replaces !== undefined && input.replaces !== CONVENTION_DOCUMENT_ID) {
      throw invalid([{ field: 'replaces', message: 'a convention replaces the convention only' }]);
    }
    existing = documentIn(state, CONVENTION_DOCUMENT_ID);
  } else if (input.replaces !== undefined) {
    existing = documentIn(state, input.replaces);
    if (!existing || existing.kind !== 'annex') throw new DomainError('not_found', `unknown annex ${input.replaces} in campaign ${state.id}`);
  } else {
    // The same annex sent twice (a retried upload) is one annex.
    const same = documents.find((d) => d.kind === 'annex' && currentVersion(d).sha256 === input.sha256);
    if (same) return [];
  }
  if (existing && currentVersion(existing).sha256 === input.sha256) return [];
  const deliberating = state.phase !== 'awaiting_conference';
  const reasonProblems = reasonErrors(input.reason, existing !== undefined && deliberating, 'a new version once the deliberations have begun says why');
  if (reasonProblems.length) throw invalid(reasonProblems);
  const documentId = existing?.id ?? (input.kind === 'convention' ? CONVENTION_DOCUMENT_ID : `annexe-${documents.filter((d) => d.kind === 'annex').length + 1}`);
  const data = {
    documentId,
    kind: input.kind,
    version: existing ? currentVersion(existing).version + 1 : 1,
    name: input.name,
    size: input.size,
    sha256: input.sha256,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
  };
  return [{ type: 'DocumentAttached', data }];
}

/** A body's link opened the convention: recorded the first time for each version, never after the campaign closed. */
export function recordConventionConsulted(state: CampaignState, signatoryId: string, version: number): CampaignEventBody[] {
  const s = signatoryIn(state, signatoryId);
  if (!s) throw new DomainError('not_found', `unknown signatory ${signatoryId} in campaign ${state.id}`);
  const convention = documentIn(state, CONVENTION_DOCUMENT_ID);
  if (!convention || !convention.versions.some((v) => v.version === version)) {
    throw new DomainError('not_found', `the campaign has no version ${version} of its convention`);
  }
  if (isClosed(state) || (s.conventionConsulted ?? []).some((c) => c.version === version)) return [];
  return [{ type: 'ConventionConsulted', data: { signatoryId, version } }];
}

export interface AttachActInput extends DocumentFile {
  signatoryId: string;
  reason?: string;
}

/**
 * The signed extract of the register: from the conference on, until the campaign closes; the same
 * bytes again record nothing; a second version corrects the first and says why.
 */
export function attachDeliberationAct(state: CampaignState, input: AttachActInput): CampaignEventBody[] {
  const s = signatoryIn(state, input.signatoryId);
  if (!s) throw new DomainError('not_found', `unknown signatory ${input.signatoryId} in campaign ${state.id}`);
  const errors = fileErrors(input);
  if (errors.length) throw invalid(errors);
  requireNotClosed(state, 'attach a deliberation act');
  if (state.phase === 'awaiting_conference') {
    throw new DomainError('conflict', "cannot attach a deliberation act before the mayors' conference");
  }
  const acts = s.acts ?? [];
  const current = acts[acts.length - 1];
  if (current?.sha256 === input.sha256) return [];
  const reasonProblems = reasonErrors(input.reason, current !== undefined, 'a new version of the act corrects the one before and says why');
  if (reasonProblems.length) throw invalid(reasonProblems);
  const data = {
    signatoryId: input.signatoryId,
    version: acts.length + 1,
    name: input.name,
    size: input.size,
    sha256: input.sha256,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
  };
  return [{ type: 'DeliberationActAttached', data }];
}

/** The wording of the bodies' draft deliberation; `null` goes back to the product's own. */
export function replaceDraftTemplate(state: CampaignState, text: string | null): CampaignEventBody[] {
  if (text !== null && !isCleanTemplate(text)) {
    throw invalid([{ field: 'text', message: `must be a text of 1 to ${MAX_DRAFT_TEMPLATE} characters, without control characters but tabs and line breaks` }]);
  }
  requireNotClosed(state, 'replace the draft deliberation');
  if ((state.draftTemplate ?? null) === text) return [];
  return [{ type: 'DraftTemplateReplaced', data: { text } }];
}

function isCleanTemplate(text: unknown): text is string {
  return isCleanText(text, MAX_DRAFT_TEMPLATE);
}

/**
 * A vote's `documentSha256` is the server's hash of an act the body uploaded: the record never
 * holds a hash that only a caller vouches for.
 */
export function documentHashErrors(state: CampaignState, signatoryId: string, documentSha256: string | undefined): FieldError[] {
  if (documentSha256 === undefined) return [];
  const acts = signatoryIn(state, signatoryId)?.acts ?? [];
  if (acts.some((a) => a.sha256 === documentSha256.toLowerCase())) return [];
  return [{ field: 'documentSha256', message: "must be the SHA-256 of an act uploaded for this body (the server computes it when the act is uploaded)" }];
}
