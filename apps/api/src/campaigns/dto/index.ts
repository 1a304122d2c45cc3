export * from './create-campaign.dto';
export * from './campaign-commands.dto';
