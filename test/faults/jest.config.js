/**
 * `npm run test:faults`: each spec owns its whole stack (Temporal, PostgreSQL, the compiled worker
 * and API as processes it kills); the global setup only builds the Go binaries they start.
 */
module.exports = {
  ...require('../jest/base'),
  displayName: 'faults',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults-spec.ts'],
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  testTimeout: 600_000,
  verbose: true,
};
