import type { Actor, CampaignDefinition, CampaignEvent, CampaignState } from '../../domain/src';
import type { PersonalLinkRequest } from './activity-contracts';

/** The task queue of the campaign workflows and their activities. */
export const TASK_QUEUE = 'ctg-campaigns';

/** What a campaign run hands over to the next one when it continues as new. */
export interface CarriedState {
  state: CampaignState;
  /** Events decided and not yet in the record, oldest first. */
  pending: CampaignEvent[];
  childrenStarted: number;
  /** Signatories whose deliberation workflow is still to be told of a change. */
  dirty: string[];
  /** Personal link e-mails whose event is not in the record yet (the new run sends them). */
  linkMails?: PersonalLinkRequest[];
  /** Position of the first child started with `checksBeforeReminding`; absent from runs before patch `campaign-loop-2`. */
  checkingChildrenFrom?: number;
}

export interface CampaignWorkflowInput {
  definition: CampaignDefinition;
  launchedBy: Actor;
  carried?: CarriedState;
}
