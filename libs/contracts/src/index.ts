export * from './activity-contracts';
export * from './campaign-workflow';
export * from './domain-failure';
export * from './messages';
export * from './search-attributes';
export * from './weekly-digest';
