import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowInterceptorModules, workflowsPath } from '../../apps/worker/src/workflow-sources';

/** The workflows bundled once for the whole tier: each spec's worker loads the same code. */
export default async function globalSetup(): Promise<void> {
  const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error, log: () => undefined };
  const [bundle, untraced] = await Promise.all([
    // As every worker runs them: the replay of the recorded histories checks the interceptors too.
    bundleWorkflowCode({ workflowsPath: workflowsPath(), workflowInterceptorModules: workflowInterceptorModules(), logger }),
    // Without them: a traced run must replay the same (tracing changes no command).
    bundleWorkflowCode({ workflowsPath: workflowsPath(), logger }),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'ctg-workflow-tier-'));
  writeFileSync(join(dir, 'workflow-bundle.js'), bundle.code);
  writeFileSync(join(dir, 'workflow-bundle-untraced.js'), untraced.code);
  process.env.WORKFLOW_TIER_BUNDLE = join(dir, 'workflow-bundle.js');
  process.env.WORKFLOW_TIER_BUNDLE_UNTRACED = join(dir, 'workflow-bundle-untraced.js');
}
