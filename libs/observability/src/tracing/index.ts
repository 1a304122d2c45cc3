export * from './http-tracing';
export * from './temporal-tracing';
export * from './tracing';
export * from './tracing-settings';
