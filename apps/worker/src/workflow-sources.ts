/**
 * What every workflow bundle is made of, from wherever it is made: the worker bundling at start,
 * `scripts/bundle-workflows.ts` at build time (resolved under dist/), the test tiers' set-ups.
 */
export function workflowsPath(): string {
  return require.resolve('../../../workflows');
}

/** The workflow interceptors every bundle carries: a run must replay the same with or without a trace. */
export function workflowInterceptorModules(): string[] {
  return [require.resolve('../../../workflows/tracing.interceptors')];
}
