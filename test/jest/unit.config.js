/** The unit tier: the domain and the libraries, pure, beside their code; no server, no global set-up. */
module.exports = {
  ...require('./base'),
  displayName: 'unit',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/workflows'],
  testMatch: ['**/*.spec.ts'],
};
