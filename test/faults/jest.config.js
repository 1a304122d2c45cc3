/**
 * `npm run test:faults`: each spec owns its whole stack (Temporal, PostgreSQL, the compiled worker
 * and API as processes it kills), so this run has no shared global setup.
 */
module.exports = {
  testEnvironment: 'node',
  rootDir: '../..',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 600_000,
  verbose: true,
};
