export * from './component-health';
export * from './log-format';
export * from './metrics-server';
export * from './metrics-settings';
export * from './route-label';
export * from './tracing';
