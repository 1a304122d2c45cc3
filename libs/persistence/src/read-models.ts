import { CampaignDefinition, CampaignState, SignatoryState, statusOf } from '@ctg/domain';
import { RowOf, readModel } from './read-model-table';

/** What a campaign's row holds besides its state. */
export interface CampaignRowContext {
  definition: CampaignDefinition;
  launchedAt: string;
  /** The time of the last event projected, not of the projection: a rebuild gives the same row. */
  updatedAt: string;
}

/** Read model: one row per campaign, projected from its events; its columns in the order the API shows them. */
export const campaignView = readModel<CampaignState, CampaignRowContext>()('campaign_view', {
  id: { sql: 'id', type: 'text', key: true, state: true },
  title: { sql: 'title', type: 'text', fixed: true, write: (_, c) => c.definition.title },
  territory: { sql: 'territory', type: 'jsonb', fixed: true, write: (_, c) => c.definition.territory },
  /** The definition the campaign was launched with, to answer a repeated launch. */
  definition: { sql: 'definition', type: 'jsonb', fixed: true, write: (_, c) => c.definition },
  phase: { sql: 'phase', type: 'text', state: true },
  /** Set from the signatory rows once they are written, since a batch loads only those it touches. */
  blocked: { sql: 'blocked', type: 'boolean' },
  /** Kept as sent (with its offset), as the administrator wrote it. */
  deliberationDeadline: { sql: 'deliberation_deadline', type: 'text', state: true },
  deadlinePassed: { sql: 'deadline_passed', type: 'boolean', state: true },
  conference: { sql: 'conference', type: 'jsonb', state: true },
  signature: { sql: 'signature', type: 'jsonb', state: true },
  cancellation: { sql: 'cancellation', type: 'jsonb', state: true },
  lastSeq: { sql: 'last_seq', type: 'integer', state: true },
  /** The convention and its annexes, every version (name, size, SHA-256, when, who, why). */
  documents: { sql: 'documents', type: 'jsonb', state: true },
  /** The campaign's own wording of the draft deliberation, when an administrator replaced the product's. */
  draftTemplate: { sql: 'draft_template', type: 'text', state: true },
  /** The convention sent round to the signing authorities: to which bodies, which version and hash. */
  circulation: { sql: 'circulation', type: 'jsonb', state: true },
  launchedAt: { sql: 'launched_at', type: 'timestamptz', fixed: true, write: (_, c) => c.launchedAt },
  updatedAt: { sql: 'updated_at', type: 'timestamptz', write: (_, c) => c.updatedAt },
});

export type CampaignViewRow = RowOf<typeof campaignView>;

/** What a signatory's row holds besides its state. */
export interface SignatoryRowContext {
  campaignId: string;
  /** Each signatory's place in the campaign's definition, for stable listings. */
  position: Readonly<Record<string, number>>;
}

/** Read model: one row per signatory of a campaign, with its current deliberation. */
export const signatoryView = readModel<SignatoryState, SignatoryRowContext>()('signatory_view', {
  campaignId: { sql: 'campaign_id', type: 'text', key: true, write: (_, c) => c.campaignId },
  id: { sql: 'signatory_id', type: 'text', key: true, state: true },
  position: { sql: 'position', type: 'integer', fixed: true, write: (s, c) => c.position[s.id] },
  name: { sql: 'name', type: 'text', fixed: true, state: true },
  kind: { sql: 'kind', type: 'text', fixed: true, state: true },
  email: { sql: 'email', type: 'text', fixed: true, state: true },
  required: { sql: 'required', type: 'boolean', fixed: true, state: true },
  status: { sql: 'status', type: 'text', write: (s) => statusOf(s) },
  sessionDate: { sql: 'session_date', type: 'text', state: true },
  deliberation: { sql: 'deliberation', type: 'jsonb', state: true },
  deliberationSeq: { sql: 'deliberation_seq', type: 'integer', state: true },
  late: { sql: 'late', type: 'boolean', state: true },
  blocking: { sql: 'blocking', type: 'boolean', state: true },
  remindersSent: { sql: 'reminders_sent', type: 'integer', state: true },
  lastReminderAt: { sql: 'last_reminder_at', type: 'timestamptz', state: true },
  /** Contrôle de légalité of the current deliberation: transmission, @ctes id, acknowledgment, executory day. */
  legalFollowUp: { sql: 'legal_follow_up', type: 'jsonb', state: true },
  /** When an administrator last had a personal link e-mailed to this signatory. */
  lastLinkSentAt: { sql: 'last_link_sent_at', type: 'timestamptz', state: true },
  /** The version of the convention in force when the current deliberation was recorded. */
  conventionVersionVoted: { sql: 'convention_version_voted', type: 'integer', state: true },
  /** Read receipts: « a consulté la convention le … », one per version. */
  conventionConsulted: { sql: 'convention_consulted', type: 'jsonb', state: true },
  /** The signed extracts of the register, every version. */
  acts: { sql: 'acts', type: 'jsonb', state: true },
  /** Who signs for the body (name, capacity), by whom named, and why when replaced. */
  signingAuthority: { sql: 'signing_authority', type: 'jsonb', state: true },
  /** The body's signature given by its signature link: who, when, the convention's hash, the link and IP. */
  signature: { sql: 'body_signature', type: 'jsonb', state: true },
  signatureLinkSentAt: { sql: 'signature_link_sent_at', type: 'timestamptz', state: true },
  /** Kept as the event wrote it: a reminder's link lasts at least as long. */
  signatureLinkExpiresAt: { sql: 'signature_link_expires_at', type: 'text', state: true },
  /** Seq of the last `SignatureCodeSent`: the only code that signs. */
  signatureCodeSeq: { sql: 'signature_code_seq', type: 'integer', state: true },
  signatureRemindersSent: { sql: 'signature_reminders_sent', type: 'integer', state: true },
});

export type SignatoryViewRow = RowOf<typeof signatoryView>;
