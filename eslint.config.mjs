// The linter keeps the runbook code honest: workflows/ and domain/ run in Temporal's sandbox (no I/O,
// no Node built-ins), floating promises are bugs (a forgotten await on an activity or a Kafka call), and
// no focused or skipped test reaches main.
import { builtinModules } from 'node:module';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

const SANDBOX_FORBIDDEN = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'kafkajs', '@google-cloud/storage', 'avsc', '@temporalio/worker', '@temporalio/client', '@temporalio/activity'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.lifeboat/**', 'dist/**', 'coverage/**', 'test/replay/histories/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: SANDBOX_FORBIDDEN.map((name) => ({ name, message: 'Runs in the workflow sandbox: no I/O, no Node built-ins.' })),
          patterns: [
            {
              group: ['**/activities', '**/activities/**', '**/formats', '**/formats/**', '**/config', '**/config/**', '**/worker', '**/worker/**', '**/stack/**', '**/client/**'],
              allowTypeImports: true,
              message: 'workflows/ and domain/ may only use types from I/O code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { jest },
    rules: { 'jest/no-focused-tests': 'error', 'jest/no-disabled-tests': 'error' },
  },
);
