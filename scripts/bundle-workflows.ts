import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { workflowInterceptorModules, workflowsPath } from '../apps/worker/src/workflow-sources';

/**
 * Bundles the workflow code once at build time (dist/workflow-bundle.js), so a worker starts in a
 * second instead of running webpack, and every worker of a release runs the same bytes.
 */
async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    workflowInterceptorModules: workflowInterceptorModules(),
    logger: { trace() {}, debug() {}, info() {}, log() {}, warn: console.warn, error: console.error },
  });
  const target = join(root, 'dist', 'workflow-bundle.js');
  writeFileSync(target, code);
  console.log(`workflow bundle: ${target} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
