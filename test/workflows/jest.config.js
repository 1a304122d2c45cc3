/**
 * `npm run test:workflows`: the workflows on a real Temporal dev server (`TestWorkflowEnvironment.createLocal`
 * with our CLI binary) and a worker with stubbed activities; each spec starts its own server. The
 * replay of the recorded histories runs here too.
 */
module.exports = {
  ...require('../jest/base'),
  displayName: 'workflows',
  roots: ['<rootDir>/test/workflows'],
  testMatch: ['**/*.workflow-spec.ts'],
  globalSetup: '<rootDir>/test/workflows/global-setup.ts',
  testTimeout: 120_000,
};
