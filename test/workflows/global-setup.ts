import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The workflows bundled once for the whole tier: each spec's worker loads the same code. */
export default async function globalSetup(): Promise<void> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // As every worker runs them: the replay of the recorded histories checks them too.
    workflowInterceptorModules: [require.resolve('../../workflows/tracing.interceptors')],
    logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error, log: () => undefined },
  });
  const path = join(mkdtempSync(join(tmpdir(), 'ctg-workflow-tier-')), 'workflow-bundle.js');
  writeFileSync(path, bundle.code);
  process.env.WORKFLOW_TIER_BUNDLE = path;
}
