// Lint rules: the recommended sets, plus the one rule that guards workflow determinism by import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Outside the packages: a relative path into a library, where `@ctg/<lib>` says the same. */
const aliasOnly = { regex: '^(\\.\\./)+(.*/)?libs/[a-z-]+/src', message: 'import the library by its alias, @ctg/<lib>' };
/** Inside an app or a library: a relative path that climbs out of its own `src` into another package's. */
const ownPackageOnly = {
  regex: '^(\\.\\./)+([a-z-]+/)*src(/|$)',
  message: "another package's internals: a library by its alias, @ctg/<lib>; another app's code not at all",
};
const noWorkflows = { regex: '(^|/)workflows(/|$)', message: 'workflow code is the worker\'s bundle: the contracts are in @ctg/contracts' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'docker/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // Refusing control characters in input is a rule of ours, written as a regular expression.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // Workflow code is bundled and replayed: nothing from Node, Nest or the database.
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', '@nestjs/*', 'typeorm', 'pg', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '*/libs/persistence/*', '*/apps/*'] },
      ],
    },
  },
  // Boundaries: nothing reaches into another app, and no library into an app or workflows/.
  ...[
    { files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], patterns: [aliasOnly] },
    { files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts'], ignores: ['libs/domain/**', 'libs/contracts/**'], patterns: [ownPackageOnly, noWorkflows] },
    {
      // The workflow bundler reads these two with relative paths: the contracts may reach the domain, nothing else.
      files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
      patterns: [noWorkflows, { regex: '^(\\.\\./)+(?!domain/src)([a-z-]+/)*src(/|$)', message: 'the bundled libraries depend on the domain alone' }],
    },
  ].map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' }, languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } } },
);
