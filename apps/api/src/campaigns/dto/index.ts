export * from './create-campaign.dto';
export * from './campaign-commands.dto';
export * from './campaign-answer.dto';
