export { campaignWorkflow } from './campaign.workflow';
export { weeklyDigestWorkflow } from './weekly-digest.workflow';
