export { campaignWorkflow } from './campaign.workflow';
export { deliberationWorkflow } from './deliberation.workflow';
