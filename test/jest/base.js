const { resolve } = require('node:path');
const { loadConfig, register } = require('tsconfig-paths');

const rootDir = resolve(__dirname, '..', '..');

// Global set-up and teardown run in jest's own process, which moduleNameMapper does not reach.
const tsconfig = loadConfig(rootDir);
register({ baseUrl: tsconfig.absoluteBaseUrl, paths: tsconfig.paths });

/** What every tier shares: TypeScript through ts-jest, and the `@ctg/<lib>` aliases of tsconfig.json. */
module.exports = {
  rootDir,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/jest/tsconfig.transpile.json' }],
    // The OpenID Connect client and its libraries ship as ES modules only, which jest's CommonJS runtime cannot load as they are.
    '/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ctg/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@ctg/([a-z-]+)/(.+)$': '<rootDir>/libs/$1/src/$2',
  },
};
