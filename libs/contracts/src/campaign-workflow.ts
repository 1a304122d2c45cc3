import type { Actor, CampaignDefinition, CampaignEvent, CampaignState } from '../../domain/src';
import type { PersonalLinkRequest } from './activity-contracts';

/** The task queue of the campaign workflows and their activities. */
export const TASK_QUEUE = 'ctg-campaigns';

/** The workflow type the API starts, one per campaign. */
export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';

/** Where one signatory's reminders stand: the campaign workflow alone sends them. */
export interface ReminderProgress {
  /** The last reminder slot dealt with (sent, refused, skipped, or passed before the conference): only later ones count. */
  slotsDealtUpToMs: number;
  /** Reminder numbers spent, recorded or not (the SMTP server may refuse one for good): the next one is this plus one. */
  numbersSpent: number;
}

/** What a campaign run hands over to the next one when it continues as new. */
export interface CarriedCampaignRun {
  state: CampaignState;
  /** Events decided and not yet in the record, oldest first. */
  unrecorded: CampaignEvent[];
  /** Personal link e-mails whose event is decided and whose e-mail has not gone out. */
  linkMails: PersonalLinkRequest[];
  /** By signatory id: the reminders of every body that has had one slot dealt with. */
  reminders: Record<string, ReminderProgress>;
}

export interface CampaignWorkflowInput {
  definition: CampaignDefinition;
  launchedBy: Actor;
  carried?: CarriedCampaignRun;
}
