export * from './address-guard';
export * from './backoff';
export * from './webhook-payload';
export * from './webhook-post';
export * from './webhook-settings';
export * from './webhook-signing';
export * from './webhook-url';
