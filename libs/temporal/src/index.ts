export * from './temporal-connection';
export * from './server-settings';
