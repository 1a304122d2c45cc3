import type { Actor, CampaignDefinition, CampaignEvent, CampaignState, ReminderProgress } from '../../domain/src';
import type { PersonalLinkRequest, SignatureMailRequest } from './activity-contracts';

/** The task queue of the campaign workflows and their activities. */
export const TASK_QUEUE = 'ctg-campaigns';

/** What a campaign run hands over to the next one when it continues as new. */
export interface CarriedState {
  state: CampaignState;
  /** Events decided and not yet in the record, oldest first. */
  eventsToAppend: CampaignEvent[];
  /** Personal link, signature link and signature code e-mails not sent yet (the new run sends them once their event is in the record). */
  linkMailsToSend: (PersonalLinkRequest | SignatureMailRequest)[];
  /** Each body's reminders so far, from the conference on. */
  reminders: Record<string, ReminderProgress>;
  /** Each signing body's signature reminders so far, from the circulation on. */
  signatureReminders?: Record<string, ReminderProgress>;
}

export interface CampaignWorkflowInput {
  definition: CampaignDefinition;
  launchedBy: Actor;
  carried?: CarriedState;
}
