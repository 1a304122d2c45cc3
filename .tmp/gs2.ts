import { bundleWorkflowCode } from '@temporalio/worker';
bundleWorkflowCode({ workflowsPath: require.resolve('/work/main/workflows') }).then(() => console.log('bundle ok'), (e) => console.log('bundle FAILED', e));
