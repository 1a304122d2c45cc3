import type { DocumentKind } from './campaign-documents';
import { CampaignDefinition } from './campaign-definition';
import { Deliberation } from './deliberation';
import { LegalFollowUp } from './legal-follow-up';

/** Who did it: an administrator (by e-mail), a secretary (by link id), or the engine itself. */
export interface Actor {
  kind: 'administrator' | 'secretary' | 'system';
  id: string;
  ip?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'engine' };

/** The facts of a campaign, each a past-tense event of the legal record. */
export type CampaignEventBody =
  | { type: 'CampaignLaunched'; data: CampaignDefinition }
  | { type: 'ConferenceHeld'; data: { heldOn: string; notes?: string } }
  | { type: 'SessionScheduled'; data: { signatoryId: string; sessionDate: string } }
  | {
      type: 'DeliberationRecorded';
      /** `conventionVersion`: the version of the convention in force when the body's vote was recorded. */
      data: { signatoryId: string; deliberation: Deliberation; late: boolean; conventionVersion?: number };
    }
  | {
      type: 'DeliberationCorrected';
      data: { signatoryId: string; deliberation: Deliberation; reason: string; corrects: number; late: boolean; conventionVersion?: number };
    }
  | { type: 'DeliberationReopened'; data: { signatoryId: string; reason: string; reopens: number } }
  | { type: 'DeadlineMoved'; data: { deliberationDeadline: string; previous: string } }
  | { type: 'DeadlinePassed'; data: { deliberationDeadline: string } }
  | { type: 'SignatureOpened'; data: { reason: 'all_decided' | 'deadline' } }
  | {
      type: 'ReminderSent';
      data: { signatoryId: string; number: number; to: string[]; cc: string[]; messageId: string; sentAt: string };
    }
  | { type: 'ConventionSigned'; data: { signedOn: string; signedBy: string[] } }
  | {
      type: 'LegalFollowUpRecorded';
      /** The whole follow-up as it stands after the change, of the deliberation recorded at `deliberationSeq`. */
      data: { signatoryId: string; deliberationSeq: number; legalFollowUp: LegalFollowUp };
    }
  | {
      type: 'PersonalLinkSent';
      /** A new personal link to `to`, valid until `expiresAt`; the e-mail goes out after the event is recorded. */
      data: { signatoryId: string; to: string[]; expiresAt: string };
    }
  | { type: 'CampaignCancelled'; data: { reason: string } }
  | {
      type: 'DocumentAttached';
      /** A version of the convention or of an annex; its bytes are in the document store under `sha256`. */
      data: { documentId: string; kind: DocumentKind; version: number; name: string; size: number; sha256: string; reason?: string };
    }
  | { type: 'ConventionConsulted'; data: { signatoryId: string; version: number } }
  | {
      type: 'DeliberationActAttached';
      /** The signed extract of the body's register; a later version corrects it and says why. */
      data: { signatoryId: string; version: number; name: string; size: number; sha256: string; reason?: string };
    }
  | { type: 'DraftTemplateReplaced'; data: { text: string | null } };

export type CampaignEventType = CampaignEventBody['type'];

/** An event as stored: its place in the campaign's sequence, when, and who. */
export type CampaignEvent = CampaignEventBody & {
  /** Assigned by the campaign workflow, the single writer: unique with the campaign id. */
  seq: number;
  /** Deterministic id from the workflow: the idempotency key of the append. */
  id: string;
  campaignId: string;
  occurredAt: string;
  actor: Actor;
};
