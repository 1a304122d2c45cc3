/**
 * `npm run test:workflows`: the workflows on a real Temporal dev server (`TestWorkflowEnvironment.createLocal`
 * with our CLI binary) and a worker with stubbed activities; each spec starts its own server.
 */
module.exports = {
  testEnvironment: 'node',
  rootDir: '../..',
  roots: ['<rootDir>/test/workflows'],
  testMatch: ['**/*.workflow-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/workflows/global-setup.ts',
  testTimeout: 120_000,
};
