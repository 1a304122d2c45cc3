/**
 * The end-to-end tier: the API over HTTP, and the persistence specs (`*.db-spec.ts`), on one real
 * Temporal dev server and PostgreSQL that the global set-up starts.
 */
module.exports = {
  ...require('./base'),
  displayName: 'e2e',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.e2e-spec.ts', '**/*.db-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['<rootDir>/test/jest/worker-database.js'],
  testTimeout: 120_000,
};
