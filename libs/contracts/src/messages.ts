import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  CampaignDefinition,
  CampaignState,
  Deliberation,
  LegalFollowUpInput,
  ReminderPolicy,
  SignatoryStatus,
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
/** The contrôle de légalité of a final deliberation; accepted after the signature too (patch `legal-follow-up-v1`). */
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

/** Sent by a deliberation workflow once its reminder e-mail has gone out. */
export interface ReminderSentReport {
  signatoryId: string;
  number: number;
  to: string[];
  cc: string[];
  messageId: string;
  sentAt: string;
}
export const reminderSentSignal = defineSignal<[ReminderSentReport]>('reminderSent');

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
/** One signatory's state as its deliberation workflow needs it; undefined for an unknown signatory. */
export const signatorySnapshotQuery = defineQuery<SignatorySnapshot | undefined, [string]>('signatorySnapshot');
export const campaignDefinitionQuery = defineQuery<CampaignDefinition>('campaignDefinition');

/** What a deliberation workflow needs to know of its signatory: its start input, then the campaign's news and answers. */
export interface SignatorySnapshot {
  status: SignatoryStatus;
  sessionDate?: string;
  deliberationDeadline: string;
  remindersSent: number;
  /** Signed or cancelled: the deliberation workflow stops. */
  closed: boolean;
}

export interface DeliberationWorkflowInput {
  campaignId: string;
  campaignTitle: string;
  signatory: { id: string; name: string; kind: string; email: string; required: boolean };
  reminderPolicy: ReminderPolicy;
  snapshot: SignatorySnapshot;
  /** Reminder slots up to this instant are not sent (they passed before the workflow began). */
  remindersAfterMs?: number;
  /**
   * The workflow asks the campaign for the signatory's state before each reminder, and the campaign
   * tells it only of what cannot wait for that (a deadline moved, a decision reopened or corrected,
   * the closing). Absent for the workflows started before: those are told of every change.
   */
  checksBeforeReminding?: boolean;
}

export const signatoryUpdatedSignal = defineSignal<[SignatorySnapshot]>('signatoryUpdated');
/**
 * What the body's workflow holds. For a workflow that checks before reminding, the status is the
 * one of its start or its last check (the campaign's query is the live one), and `nextReminderAt`
 * is when it will next check, and remind if the body still has not decided.
 */
export const deliberationSnapshotQuery = defineQuery<SignatorySnapshot & { nextReminderAt?: string }>('deliberationSnapshot');
