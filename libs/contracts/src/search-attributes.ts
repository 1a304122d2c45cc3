import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the Temporal namespace at start-up, so campaigns can be found in the Web UI by id and phase. */
export const CAMPAIGN_ID = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const CAMPAIGN_PHASE = defineSearchAttributeKey('CampaignPhase', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [CAMPAIGN_ID, CAMPAIGN_PHASE];
