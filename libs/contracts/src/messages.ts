import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  AttachActInput,
  AttachDocumentInput,
  CampaignDefinition,
  CampaignState,
  Deliberation,
  LegalFollowUpInput,
  NameSigningAuthorityInput,
  RecordCeremonyInput,
  SignAsBodyInput,
  SignatoryStatus,
  SigningBodies,
} from '../../domain/src';

/** Every update answers with the sequence number of the campaign's last event, so a caller can wait for it to be projected. */
/** Every update carries who asks for it, so the event records its actor. */
export type Command<T> = T & { actor: Actor };

export interface UpdateResult {
  lastSeq: number;
  phase: CampaignState['phase'];
}

export interface DeliberationResult extends UpdateResult {
  status: SignatoryStatus;
  late: boolean;
}

export const holdConferenceUpdate = defineUpdate<UpdateResult, [Command<{ heldOn: string; notes?: string }>]>('holdConference');
export const scheduleSessionUpdate = defineUpdate<DeliberationResult, [Command<{ signatoryId: string; sessionDate: string }>]>(
  'scheduleSession',
);
export const recordDeliberationUpdate = defineUpdate<DeliberationResult, [Command<{ signatoryId: string; deliberation: Deliberation }>]>('recordDeliberation');
export const correctDeliberationUpdate = defineUpdate<DeliberationResult, [Command<{ signatoryId: string; reason: string; deliberation: Deliberation }>]>('correctDeliberation');
export const reopenDeliberationUpdate = defineUpdate<DeliberationResult, [Command<{ signatoryId: string; reason: string }>]>(
  'reopenDeliberation',
);
export const moveDeadlineUpdate = defineUpdate<UpdateResult, [Command<{ deliberationDeadline: string }>]>('moveDeadline');
export const signConventionUpdate = defineUpdate<UpdateResult, [Command<{ signedOn: string; signedBy?: string[] }>]>(
  'signConvention',
);
export const cancelCampaignUpdate = defineUpdate<UpdateResult, [Command<{ reason: string }>]>('cancelCampaign');
/** The contrôle de légalité of a final deliberation; accepted after the signature too. */
export const recordLegalFollowUpUpdate = defineUpdate<DeliberationResult, [Command<{ signatoryId: string } & LegalFollowUpInput>]>(
  'recordLegalFollowUp',
);

export interface PersonalLinkResult extends UpdateResult {
  sentTo: string[];
  expiresAt: string;
}
/**
 * An administrator has a new personal link e-mailed to a signatory's secretary: the campaign
 * records `PersonalLinkSent`, then its activity issues the link and sends the e-mail. The token
 * never enters Temporal's history: only the activity sees it.
 */
export const sendPersonalLinkUpdate = defineUpdate<PersonalLinkResult, [Command<{ signatoryId: string; expiresAt: string }>]>(
  'sendPersonalLink',
);

/**
 * The body's secretary forwards the personal link to a colleague or the mayor: the campaign records
 * `PersonalLinkForwarded`, then the same activity issues the delegate's own link (revoking none) and
 * e-mails it to them.
 */
export const forwardPersonalLinkUpdate = defineUpdate<
  PersonalLinkResult,
  [Command<{ signatoryId: string; delegate: { name: string; email: string }; expiresAt: string }>]
>('forwardPersonalLink');

/** A version of the convention or an annex, its bytes already in the document store. */
export const attachDocumentUpdate = defineUpdate<UpdateResult, [Command<AttachDocumentInput>]>('attachDocument');
/** The read receipt of a body's link opening a version of the convention. */
export const recordConventionConsultedUpdate = defineUpdate<DeliberationResult, [Command<{ signatoryId: string; version: number }>]>(
  'recordConventionConsulted',
);
/** The signed extract of the register, its bytes already in the document store. */
export const attachDeliberationActUpdate = defineUpdate<DeliberationResult, [Command<AttachActInput>]>('attachDeliberationAct');
export const replaceDraftTemplateUpdate = defineUpdate<UpdateResult, [Command<{ text: string | null }>]>('replaceDraftTemplate');

/** Issue 17: the signing authorities, the convention sent round for signature, and the ceremony. */
export const nameSigningAuthorityUpdate = defineUpdate<DeliberationResult, [Command<NameSigningAuthorityInput>]>('nameSigningAuthority');
export const circulateForSignatureUpdate = defineUpdate<UpdateResult, [Command<{ signingBodies: SigningBodies; expiresAt: string }>]>(
  'circulateForSignature',
);
export const sendSignatureLinkUpdate = defineUpdate<PersonalLinkResult, [Command<{ signatoryId: string; expiresAt: string }>]>('sendSignatureLink');

export interface SignatureCodeResult extends UpdateResult {
  /** Seq of the `SignatureCodeSent` event: the code e-mailed is stored under it. */
  codeSeq: number;
  sentTo: string[];
  expiresAt: string;
}
export const sendSignatureCodeUpdate = defineUpdate<SignatureCodeResult, [Command<{ signatoryId: string; expiresAt: string }>]>('sendSignatureCode');
export const signAsBodyUpdate = defineUpdate<UpdateResult, [Command<SignAsBodyInput>]>('signAsBody');
export const recordSigningCeremonyUpdate = defineUpdate<UpdateResult, [Command<RecordCeremonyInput>]>('recordSigningCeremony');

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
export const campaignDefinitionQuery = defineQuery<CampaignDefinition>('campaignDefinition');

/** Each awaited body's next reminder (an ISO instant), by signatory id: what the campaign's one timer serves. */
export const reminderScheduleQuery = defineQuery<Record<string, string>>('reminderSchedule');
