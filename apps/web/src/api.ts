/** The HTTP API, on the same origin (the NestJS app serves this interface). */

export interface FieldError {
  field: string;
  message: string;
}

/** An answer other than 2xx, in the API's shape `{statusCode, error, message, fields?}`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface Counts {
  total: number;
  adopted: number;
  rejected: number;
  adjourned: number;
  pending: number;
  scheduled?: number;
  late?: number;
}

export type Phase = 'awaiting_conference' | 'deliberating' | 'awaiting_signature' | 'signed' | 'cancelled';
export type Status = 'pending' | 'scheduled' | 'adopted' | 'rejected' | 'adjourned';

export interface RecordFault {
  since: string;
  lastError: string;
  attempts: number;
}

export interface Campaign {
  id: string;
  title: string;
  territory?: { name: string; siren?: string };
  phase: Phase;
  blocked: boolean;
  deliberationDeadline: string;
  deadlinePassed?: boolean;
  conference: { heldOn: string; notes?: string } | null;
  signature: ConventionSignature | null;
  cancellation?: { reason: string } | null;
  counts: Counts;
  requiredPending?: string[];
  /** Adopted deliberations whose contrôle de légalité is incomplete (transmission, acknowledgment or executory day). */
  legalFollowUpMissing?: string[];
  /** Set while PostgreSQL refuses the campaign's next events: nothing after them reaches the record. */
  recordFault?: RecordFault | null;
  launchedAt?: string;
  updatedAt?: string;
  /** The convention and its annexes, every version (the last one is in force). */
  documents?: CampaignDocument[];
  /** The campaign's own wording of the draft deliberation; null or absent: the product's. */
  draftTemplate?: string | null;
}

/** The vote's shape is the domain's own (types only: nothing of the server is bundled). */
export type { Decision, Deliberation } from '@ctg/domain/deliberation';
import type { Deliberation } from '@ctg/domain/deliberation';
export type { LegalFollowUp, LegalFollowUpInput } from '@ctg/domain/legal-follow-up';
import type { LegalFollowUp, LegalFollowUpInput } from '@ctg/domain/legal-follow-up';
export type { ReminderPolicy, SignatoryDefinition, SignatoryKind } from '@ctg/domain/campaign-definition';
import type { SignatoryDefinition } from '@ctg/domain/campaign-definition';
/** The body of POST /campaigns, and the proposals of GET /territories/epci/:siren/signatories. */
export type { CampaignRequest } from '@ctg/reference-data/terres-du-lauragais';
import type { CampaignRequest } from '@ctg/reference-data/terres-du-lauragais';
export type { EpciSignatories, PartnerBodies, SignatoryDraft } from '@ctg/territory/epci-signatories';
import type { EpciSignatories, PartnerBodies } from '@ctg/territory/epci-signatories';
export type { CampaignDocument, ConventionConsultation, DocumentKind, DocumentVersion } from '@ctg/domain/campaign-documents';
import type { CampaignDocument, ConventionConsultation, DocumentVersion } from '@ctg/domain/campaign-documents';
export type {
  BodySignature,
  BodySignatureStatus,
  ConventionSignature,
  NamedSigningAuthority,
  SignatureCirculation,
  SigningAuthority,
  SigningBodies,
} from '@ctg/domain/campaign-signature';
import type {
  BodySignature,
  BodySignatureStatus,
  ConventionSignature,
  NamedSigningAuthority,
  SignatureCirculation,
  SigningAuthority,
  SigningBodies,
} from '@ctg/domain/campaign-signature';

export interface SignatoryRow {
  id: string;
  name: string;
  kind: string;
  email?: string;
  required: boolean;
  status: Status;
  sessionDate: string | null;
  deliberation: Deliberation | null;
  late: boolean;
  remindersSent: number;
  lastReminderAt: string | null;
  legalFollowUp?: LegalFollowUp | null;
  /** When an administrator last had the personal link e-mailed. */
  lastLinkSentAt?: string | null;
  /** The version of the convention in force when the current deliberation was recorded. */
  conventionVersionVoted?: number | null;
  /** Read receipts: the first opening of each version of the convention by the body's link. */
  conventionConsulted?: ConventionConsultation[] | null;
  /** The signed extracts of the register, every version (the last one is in force). */
  acts?: DocumentVersion[] | null;
}

/** The answer of `POST /campaigns/:id/documents`; `recorded` is false when the same file was already in force. */
export interface AttachedDocument {
  document: CampaignDocument;
  version: DocumentVersion;
  recorded: boolean;
}

/** The answer of `POST /campaigns/:id/signatories/:sid/acts`. */
export interface AttachedAct {
  signatoryId: string;
  act: DocumentVersion;
  recorded: boolean;
}

export interface DraftTemplate {
  text: string;
  replaced: boolean;
  /** Each placeholder the wording may hold, with what it prints: the server's own list. */
  placeholders: Record<string, string>;
}

export type DraftFormat = 'docx' | 'odt';

/** `GET /campaigns/:id/record/verify`: the hash chain recomputed from the stored events. */
export interface RecordVerification {
  valid: boolean;
  events: number;
  lastHash: string;
  firstBrokenSeq?: number;
  reason?: 'edited' | 'missing' | 'order' | 'link';
  detail?: string;
}

export interface LegalFollowUpAnswer {
  signatoryId: string;
  legalFollowUp: LegalFollowUp | null;
  missing: boolean;
}

export interface CampaignEvent {
  seq: number;
  type: string;
  occurredAt: string;
  actor: { kind: string; id: string; ip?: string; name?: string };
  data: Record<string, unknown>;
}

/** A body in `GET /campaigns/:id/signature`. */
export interface SigningBody {
  id: string;
  name: string;
  kind: string;
  required: boolean;
  status: Status;
  signatureStatus: BodySignatureStatus;
  signingAuthority: NamedSigningAuthority | null;
  deliberation: { number: string | null; sessionDate: string } | null;
  signature: BodySignature | null;
  signatureLinkSentAt: string | null;
}

/** `GET /campaigns/:id/signature`: how and when the convention was signed, and each body's part. */
export interface SignatureOverview {
  phase: Phase;
  signature: ConventionSignature | null;
  circulation: SignatureCirculation | null;
  bodies: SigningBody[];
}

/** `GET …/signatories/:sid/signing`: what the signature link's page shows. */
export interface SigningView {
  campaign: { id: string; title: string; phase?: Phase };
  signatory: { id: string; name: string; kind: string };
  convention: { version: number; name: string; size: number; sha256: string } | null;
  signingAuthority: SigningAuthority | null;
  status: BodySignatureStatus;
  signature: { at: string; name: string; capacity: string } | null;
  code: SentCode | null;
  attemptsLeft: number;
  locked: boolean;
}

export interface SentCode {
  sentTo: string[];
  expiresAt: string;
}

export interface DeliberationAnswer {
  signatoryId?: string;
  status: Status;
  late: boolean;
  phase?: Phase;
}

export type OrganisationKind = 'caf' | 'epci' | 'departement' | 'msa' | 'commune';
export type MemberRole = 'manager' | 'observer';

export interface Organisation {
  siren: string;
  name: string;
  kind: OrganisationKind;
  /** The caller's role in it; null for the operator where they are no member. */
  role: MemberRole | null;
}

export interface Member {
  email: string;
  role: MemberRole;
  addedAt: string;
  disabled: boolean;
}

/** An organisation holding a campaign: the one that launched it, or a partner. */
export interface CampaignHolder {
  siren: string;
  name: string;
  kind: OrganisationKind;
  relation: 'owner' | 'partner';
}

export interface PendingInvitation {
  email: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  pending: number;
  createdBy: string;
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  campaignId: string;
  seq: number;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface OpenedInvitation {
  organisation: { siren: string; name: string; kind: OrganisationKind };
  email: string;
  role: MemberRole;
  expiresAt: string;
  accountExists: boolean;
}

export type Identity =
  | { kind: 'administrator'; email: string; operator?: boolean; organisations?: (Organisation & { role: MemberRole })[] }
  | {
      kind: 'secretary';
      campaignId: string;
      /** `acts` when the API gives them: the page then knows that a new act is a correction. */
      signatory: {
        id: string;
        name: string;
        kind: string;
        status: Status;
        sessionDate: string | null;
        acts?: DocumentVersion[] | null;
        signingAuthority?: SigningAuthority | null;
      };
    }
  /** A body's signature link (`sg_…`). */
  | { kind: 'signer'; campaignId: string; signatoryId: string };

const ADMIN_KEY = 'ctg.admin';

export interface AdminSession {
  accessToken: string;
  expiresAt: string;
  /** After a sign-in with ProConnect: its id token, which the logout hands back to end the session there too. */
  idToken?: string;
}

/** `/health/details`: each part of the service, up or down since when, with its last error (the operator's). */
export interface ServiceHealth {
  status: 'ok' | 'degraded' | 'unavailable';
  components: Record<string, { status: 'up' | 'down'; since: string; lastError?: string; lastErrorAt?: string }>;
  outboxBacklog: { outbox: string; pending: number; oldestSeconds: number }[];
  records: { stuck: { campaignId: string; since: string; lastError: string; attempts: number }[] };
}

export function adminSession(): AdminSession | undefined {
  try {
    const raw = sessionStorage.getItem(ADMIN_KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as AdminSession;
    if (!session.accessToken || Date.parse(session.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(ADMIN_KEY);
      return undefined;
    }
    return session;
  } catch {
    return undefined;
  }
}

export function saveAdminSession(session: AdminSession): void {
  sessionStorage.setItem(ADMIN_KEY, JSON.stringify(session));
}

export function clearAdminSession(): void {
  sessionStorage.removeItem(ADMIN_KEY);
}

/** Called when the administrator's token is refused (expired): the app goes back to the login page. */
let onAdminUnauthorized: () => void = () => undefined;
export function setOnAdminUnauthorized(handler: () => void): void {
  onAdminUnauthorized = handler;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string;
  /** The administrator's token from sessionStorage (default when no token is given). */
  admin?: boolean;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const token = options.token ?? (options.admin === false ? undefined : adminSession()?.accessToken);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(0, 'network');
  }
  if (!response.ok) {
    if (response.status === 401 && options.token === undefined && options.admin !== false) {
      clearAdminSession();
      onAdminUnauthorized();
    }
    throw failureOf(response.status, await response.text().catch(() => ''), response.statusText);
  }
  return response;
}

/** The API's error body `{statusCode, message, fields?}` as an ApiFailure; any other body gives the status alone. */
function failureOf(status: number, text: string, statusText: string): ApiFailure {
  let body: { message?: unknown; fields?: unknown } = {};
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  const fields = Array.isArray(body?.fields)
    ? body.fields.filter((f): f is FieldError => typeof f?.field === 'string' && typeof f?.message === 'string')
    : [];
  return new ApiFailure(status, typeof body?.message === 'string' ? body.message : statusText, fields);
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends a multipart form with XMLHttpRequest, the one browser API that reports an upload's
 * progress (fetch does not); the answer and the refusals are read as `request` reads them.
 */
export function upload<T>(path: string, form: FormData, options: { token?: string; onProgress?: (progress: UploadProgress) => void } = {}): Promise<T> {
  const token = options.token ?? adminSession()?.accessToken;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onerror = () => reject(new ApiFailure(0, 'network'));
    xhr.onabort = () => reject(new ApiFailure(0, 'network'));
    xhr.ontimeout = () => reject(new ApiFailure(0, 'network'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiFailure(xhr.status, 'the answer is not JSON'));
        }
        return;
      }
      if (xhr.status === 401 && options.token === undefined) {
        clearAdminSession();
        onAdminUnauthorized();
      }
      reject(failureOf(xhr.status, xhr.responseText, xhr.statusText));
    };
    // The browser writes the multipart body and its boundary itself.
    xhr.send(form);
  });
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Like `request`, with the time the server answered (its Date header), for confirmations. */
export async function requestWithDate<T>(path: string, options: RequestOptions = {}): Promise<{ body: T; at: Date }> {
  const response = await send(path, options);
  const text = await response.text();
  const header = response.headers.get('Date');
  const at = header && !Number.isNaN(Date.parse(header)) ? new Date(header) : new Date();
  return { body: (text ? JSON.parse(text) : undefined) as T, at };
}

export async function download(path: string): Promise<Blob> {
  const response = await send(path);
  return response.blob();
}

const enc = encodeURIComponent;
const signatoryPath = (id: string, sid: string) => `/campaigns/${enc(id)}/signatories/${enc(sid)}`;
/** A secretary's plain link: the API takes the personal link's token as `?token=` for downloads. */
const withToken = (path: string, token: string | undefined, query: Record<string, string> = {}) => {
  const params = new URLSearchParams({ ...query, ...(token ? { token } : {}) }).toString();
  return params ? `${path}?${params}` : path;
};

/** Addresses of files a secretary downloads with a plain link (their token in the query). */
export const fileUrls = {
  document: (id: string, documentId: string, token?: string, version?: number) =>
    withToken(`/campaigns/${enc(id)}/documents/${enc(documentId)}`, token, version === undefined ? {} : { version: String(version) }),
  draft: (id: string, sid: string, format: DraftFormat, token?: string) => withToken(`${signatoryPath(id, sid)}/draft-deliberation`, token, { format }),
  act: (id: string, sid: string, version: number, token?: string) => withToken(`${signatoryPath(id, sid)}/acts/${version}`, token),
  /** The convention sent round, for the signature link's holder. */
  signingConvention: (id: string, sid: string, token: string) => withToken(`${signatoryPath(id, sid)}/signing/convention`, token),
};

/** The form of an upload: the file last, so that the API has read the other fields when the file arrives. */
function uploadForm(file: File, fields: Record<string, string | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(name, value);
  form.append('file', file, file.name);
  return form;
}
const partnerQuery = (partners: PartnerBodies) =>
  new URLSearchParams(Object.entries(partners).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();

export type NotificationKind =
  | 'body_rejected'
  | 'campaign_blocked'
  | 'campaign_unblocked'
  | 'ready_to_sign'
  | 'deadline_passed'
  | 'act_uploaded'
  | 'link_forwarded'
  | 'reminder_refused';
export type PreferenceKind = NotificationKind | 'weekly_digest';

export interface AdminNotification {
  id: string;
  kind: NotificationKind;
  /** What happened, in French, as the e-mail says it. */
  text: string;
  campaignId: string;
  campaignTitle: string;
  signatoryId: string | null;
  occurredAt: string;
  readAt: string | null;
}

export interface NotificationPreference {
  email: boolean;
  inApp: boolean;
}

export const api = {
  login: (email: string, password: string) =>
    request<AdminSession>('/auth/login', { method: 'POST', body: { email, password }, admin: false }),
  /** Who the token belongs to: a personal link's, or the administrator's session when none is given. */
  me: (token?: string) => request<Identity>('/auth/me', { token }),
  signInOptions: () => request<{ password: boolean; proConnect: boolean }>('/auth/sign-in-options', { admin: false }),
  campaigns: () => request<{ campaigns: Campaign[] }>('/campaigns'),
  health: () => request<ServiceHealth>('/health/details'),
  notifications: () => request<{ unread: number; notifications: AdminNotification[] }>('/notifications'),
  markNotificationsRead: (ids?: string[]) => request<{ marked: number }>('/notifications/read', { method: 'POST', body: ids ? { ids } : {} }),
  notificationPreferences: () => request<{ preferences: Record<PreferenceKind, NotificationPreference> }>('/notifications/preferences'),
  chooseNotifications: (preferences: Partial<Record<PreferenceKind, NotificationPreference>>) =>
    request<{ preferences: Record<PreferenceKind, NotificationPreference> }>('/notifications/preferences', { method: 'PUT', body: { preferences } }),
  organisations: () => request<{ organisations: Organisation[] }>('/organisations'),
  organisation: (siren: string) => request<Organisation & { members: Member[] }>(`/organisations/${enc(siren)}`),
  createOrganisation: (body: { siren: string; name: string; kind: OrganisationKind }) => request<Organisation>('/organisations', { method: 'POST', body }),
  setMember: (siren: string, email: string, role: MemberRole) =>
    request<{ members: Member[] }>(`/organisations/${enc(siren)}/members/${enc(email)}`, { method: 'PUT', body: { role } }),
  removeMember: (siren: string, email: string) => request<void>(`/organisations/${enc(siren)}/members/${enc(email)}`, { method: 'DELETE' }),
  invite: (siren: string, email: string, role: MemberRole) =>
    request<PendingInvitation>(`/organisations/${enc(siren)}/invitations`, { method: 'POST', body: { email, role } }),
  invitations: (siren: string) => request<{ invitations: PendingInvitation[] }>(`/organisations/${enc(siren)}/invitations`),
  withdrawInvitation: (siren: string, email: string) => request<void>(`/organisations/${enc(siren)}/invitations/${enc(email)}`, { method: 'DELETE' }),
  webhooks: (siren: string) => request<{ webhooks: WebhookEndpoint[] }>(`/organisations/${enc(siren)}/webhooks`),
  addWebhook: (siren: string, url: string, description: string) =>
    request<WebhookEndpoint & { secret: string }>(`/organisations/${enc(siren)}/webhooks`, { method: 'POST', body: description ? { url, description } : { url } }),
  deleteWebhook: (siren: string, id: string) => request<void>(`/organisations/${enc(siren)}/webhooks/${enc(id)}`, { method: 'DELETE' }),
  rotateWebhookSecret: (siren: string, id: string) =>
    request<WebhookEndpoint & { secret: string }>(`/organisations/${enc(siren)}/webhooks/${enc(id)}/rotate-secret`, { method: 'POST' }),
  enableWebhook: (siren: string, id: string) => request<WebhookEndpoint>(`/organisations/${enc(siren)}/webhooks/${enc(id)}/enable`, { method: 'POST' }),
  webhookDeliveries: (siren: string, id: string) =>
    request<{ deliveries: WebhookDelivery[] }>(`/organisations/${enc(siren)}/webhooks/${enc(id)}/deliveries`),
  redeliverWebhook: (siren: string, id: string, deliveryId: string) =>
    request<void>(`/organisations/${enc(siren)}/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`, { method: 'POST' }),
  openInvitation: (token: string) => request<OpenedInvitation>('/invitations/open', { method: 'POST', body: { token }, admin: false }),
  acceptInvitation: (token: string, password?: string) =>
    request<AdminSession>('/invitations/accept', { method: 'POST', body: password ? { token, password } : { token }, admin: false }),
  forwardLink: (id: string, sid: string, token: string, delegate: { name: string; email: string }) =>
    request<SentCode>(`${signatoryPath(id, sid)}/link/forward`, { method: 'POST', body: delegate, token }),
  campaignHolders: (id: string) => request<{ organisations: CampaignHolder[] }>(`/campaigns/${enc(id)}/organisations`),
  shareCampaign: (id: string, siren: string) =>
    request<{ organisations: CampaignHolder[] }>(`/campaigns/${enc(id)}/organisations/${enc(siren)}`, { method: 'PUT' }),
  unshareCampaign: (id: string, siren: string) => request<void>(`/campaigns/${enc(id)}/organisations/${enc(siren)}`, { method: 'DELETE' }),
  campaign: (id: string, token?: string) => request<Campaign>(`/campaigns/${enc(id)}`, { token }),
  signatories: (id: string) => request<{ signatories: SignatoryRow[] }>(`/campaigns/${enc(id)}/signatories`),
  events: (id: string, after: number) =>
    request<{ events: CampaignEvent[]; next: number | null }>(`/campaigns/${enc(id)}/events?after=${after}&limit=500`),
  eventsCsv: (id: string) => download(`/campaigns/${enc(id)}/events.csv`),
  holdConference: (id: string, body: { heldOn: string; notes?: string }) =>
    request<Campaign>(`/campaigns/${enc(id)}/conference`, { method: 'POST', body }),
  moveDeadline: (id: string, deliberationDeadline: string) =>
    request<Campaign>(`/campaigns/${enc(id)}/deadline`, { method: 'POST', body: { deliberationDeadline } }),
  sign: (id: string, signedOn: string) => request<Campaign>(`/campaigns/${enc(id)}/signature`, { method: 'POST', body: { signedOn } }),
  cancel: (id: string, reason: string) => request<Campaign>(`/campaigns/${enc(id)}/cancel`, { method: 'POST', body: { reason } }),
  issueLink: (id: string, sid: string) => request<{ url: string; token: string; expiresAt: string }>(`${signatoryPath(id, sid)}/link`, { method: 'POST' }),
  sendLink: (id: string, sid: string) => request<{ sentTo: string[]; expiresAt: string }>(`${signatoryPath(id, sid)}/link/send`, { method: 'POST' }),
  recordLegalFollowUp: (id: string, sid: string, body: LegalFollowUpInput) =>
    request<LegalFollowUpAnswer>(`${signatoryPath(id, sid)}/legal-follow-up`, { method: 'PUT', body }),
  verifyRecord: (id: string) => request<RecordVerification>(`/campaigns/${enc(id)}/record/verify`),
  archivePdf: (id: string) => download(`/campaigns/${enc(id)}/archive.pdf`),
  archiveJson: (id: string) => download(`/campaigns/${enc(id)}/archive.json`),
  epciSignatories: (siren: string, partners: PartnerBodies) =>
    request<EpciSignatories>(`/territories/epci/${enc(siren)}/signatories?${partnerQuery(partners)}`),
  epciSignatoriesCsv: (siren: string, partners: PartnerBodies) => download(`/territories/epci/${enc(siren)}/signatories.csv?${partnerQuery(partners)}`),
  importCsv: (csv: string) =>
    request<{ signatories: SignatoryDefinition[]; territory: { name: string; siren?: string } | null }>('/territories/signatories/csv', {
      method: 'POST',
      body: { csv },
    }),
  launch: (body: CampaignRequest) => request<Campaign>('/campaigns', { method: 'POST', body }),
  correct: (id: string, sid: string, reason: string, deliberation: Deliberation) =>
    request<DeliberationAnswer>(`${signatoryPath(id, sid)}/corrections`, {
      method: 'POST',
      body: { reason, deliberation },
    }),
  reopen: (id: string, sid: string, reason: string) =>
    request<DeliberationAnswer>(`${signatoryPath(id, sid)}/reopen`, { method: 'POST', body: { reason } }),
  scheduleSession: (id: string, sid: string, sessionDate: string, token?: string) =>
    requestWithDate<DeliberationAnswer>(`${signatoryPath(id, sid)}/session`, {
      method: 'PUT',
      body: { sessionDate },
      token,
    }),
  documents: (id: string, token?: string) => request<{ documents: CampaignDocument[] }>(`/campaigns/${enc(id)}/documents`, { token }),
  attachDocument: (id: string, file: File, fields: { kind: 'convention' | 'annex'; replaces?: string; reason?: string }, onProgress?: (p: UploadProgress) => void) =>
    upload<AttachedDocument>(`/campaigns/${enc(id)}/documents`, uploadForm(file, fields), { onProgress }),
  documentFile: (id: string, documentId: string, version?: number) => download(fileUrls.document(id, documentId, undefined, version)),
  attachAct: (id: string, sid: string, file: File, reason: string | undefined, token?: string, onProgress?: (p: UploadProgress) => void) =>
    upload<AttachedAct>(`${signatoryPath(id, sid)}/acts`, uploadForm(file, { reason }), { token, onProgress }),
  actFile: (id: string, sid: string, version: number) => download(fileUrls.act(id, sid, version)),
  actsZip: (id: string) => download(`/campaigns/${enc(id)}/acts.zip`),
  openDataCsv: (id: string) => download(`/campaigns/${enc(id)}/open-data/deliberations.csv`),
  createCalendarFeed: (id: string) => request<{ url: string }>(`/campaigns/${enc(id)}/calendar-feed`, { method: 'POST' }),
  revokeCalendarFeed: (id: string) => request<void>(`/campaigns/${enc(id)}/calendar-feed`, { method: 'DELETE' }),
  draftTemplate: (id: string) => request<DraftTemplate>(`/campaigns/${enc(id)}/draft-template`),
  replaceDraftTemplate: (id: string, text: string | null) => request<DraftTemplate>(`/campaigns/${enc(id)}/draft-template`, { method: 'PUT', body: { text } }),
  signature: (id: string) => request<SignatureOverview>(`/campaigns/${enc(id)}/signature`),
  nameSigningAuthority: (id: string, sid: string, body: SigningAuthority & { reason?: string }, token?: string) =>
    request<{ signatoryId: string; signingAuthority: NamedSigningAuthority | null }>(`${signatoryPath(id, sid)}/signing-authority`, { method: 'PUT', body, token }),
  circulate: (id: string, signingBodies: SigningBodies) =>
    request<{ signers: string[]; expiresAt: string }>(`/campaigns/${enc(id)}/signature/circulation`, { method: 'POST', body: { signingBodies } }),
  sendSignatureLink: (id: string, sid: string) => request<{ sentTo: string[]; expiresAt: string }>(`${signatoryPath(id, sid)}/signature-link/send`, { method: 'POST' }),
  recordCeremony: (id: string, file: File, fields: { signedOn: string; place: string; signingBodies: SigningBodies }, onProgress?: (p: UploadProgress) => void) =>
    upload<{ phase: Phase; signature: ConventionSignature | null }>(`/campaigns/${enc(id)}/signature/ceremony`, uploadForm(file, fields), { onProgress }),
  signedCopy: (id: string) => download(`/campaigns/${enc(id)}/signature/signed-copy`),
  signaturePagePdf: (id: string) => download(`/campaigns/${enc(id)}/signature-page.pdf`),
  dossierZip: (id: string) => download(`/campaigns/${enc(id)}/dossier.zip`),
  signing: (id: string, sid: string, token: string) => request<SigningView>(`${signatoryPath(id, sid)}/signing`, { token }),
  sendSigningCode: (id: string, sid: string, token: string) => request<SentCode>(`${signatoryPath(id, sid)}/signing/code`, { method: 'POST', token }),
  signAsBody: (id: string, sid: string, body: SigningAuthority & { code: string; conventionSha256: string }, token: string) =>
    request<{ signedAt: string; phase: Phase }>(`${signatoryPath(id, sid)}/signing`, { method: 'POST', body, token }),
  recordDeliberation: (id: string, sid: string, deliberation: Deliberation, token?: string) =>
    requestWithDate<DeliberationAnswer>(`${signatoryPath(id, sid)}/deliberation`, {
      method: 'PUT',
      body: deliberation,
      token,
    }),
};
