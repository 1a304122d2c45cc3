export * from './temporal-connection';
export * from './server-settings';
export * from '../../../workflows/search-attributes';
export * from '../../../workflows/messages';
export { DOMAIN_FAILURE } from '../../../workflows/domain-failure';
export type { CampaignWorkflowInput } from '../../../workflows/campaign.workflow';
