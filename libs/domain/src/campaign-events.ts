import type { DocumentFile, DocumentKind } from './campaign-documents';
import type { SigningBodies } from './campaign-signature';
import { CampaignDefinition } from './campaign-definition';
import { Deliberation } from './deliberation';
import { LegalFollowUp } from './legal-follow-up';

/** Who did it: an administrator (by e-mail), a secretary (by link id), or the engine itself. */
export interface Actor {
  /** `signer`: a body's signing authority, by its signature link id. */
  kind: 'administrator' | 'secretary' | 'signer' | 'system';
  id: string;
  ip?: string;
  /** A secretary's link forwarded to a colleague or the mayor: the person it was forwarded to. */
  name?: string;
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
  | {
      type: 'ReminderRefused';
      /** The SMTP server refused reminder `number` for good (a 5xx): the address needs correcting. */
      data: { signatoryId: string; number: number; to: string[]; reason: string };
    }
  | {
      type: 'ConventionSigned';
      /** `way` is absent from signatures recorded before issue 17, by one administrator's click. */
      data: { signedOn: string; signedBy: string[]; way?: 'ceremony' | 'circulated'; place?: string; signedCopy?: DocumentFile };
    }
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
  | {
      type: 'PersonalLinkForwarded';
      /** The body's link passed on to `delegate` (a colleague, the mayor): a link of their own, to `to`; the forwarder's keeps working. */
      data: { signatoryId: string; to: string[]; delegate: { name: string; email: string }; expiresAt: string };
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
  | { type: 'DraftTemplateReplaced'; data: { text: string | null } }
  | { type: 'SigningAuthorityNamed'; data: { signatoryId: string; name: string; capacity: string; reason?: string } }
  | {
      type: 'SignatureCirculated';
      data: { signingBodies: SigningBodies; signers: string[]; conventionVersion: number; conventionSha256: string; conventionName: string };
    }
  | {
      type: 'SignatureLinkSent';
      /**
       * A body's signature link to `to`, valid until `expiresAt`; the e-mail goes out after the event
       * is recorded. `reminder`: the number of the reminder it carries, when the engine sent it.
       */
      data: { signatoryId: string; to: string[]; expiresAt: string; reminder?: number };
    }
  | {
      type: 'SignatureCodeSent';
      /** A code to sign with, e-mailed to `to`, good until `expiresAt`; the code itself is never recorded, only its hash kept apart. */
      data: { signatoryId: string; to: string[]; expiresAt: string };
    }
  | {
      type: 'BodySigned';
      /** « Je signe » by the body's authority, with the code of the `SignatureCodeSent` event `codeSeq`; the actor holds the link and IP. */
      data: { signatoryId: string; name: string; capacity: string; conventionVersion: number; conventionSha256: string; codeSeq: number };
    };

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
