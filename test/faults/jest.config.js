/**
 * `npm run test:faults`: each spec owns its whole stack (Temporal, PostgreSQL, the compiled worker
 * and API as processes it kills), so this run has no shared global setup.
 */
module.exports = {
  ...require('../jest/base'),
  displayName: 'faults',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults-spec.ts'],
  testTimeout: 600_000,
  verbose: true,
};
