// @ts-check
/**
 * `npm run lint`: typescript-eslint's recommended rules, plus the type-aware rules that catch real
 * bugs (a promise nobody awaits or catches, a promise where a callback's result is ignored, an
 * `await` of something that is not a promise, `[object Object]` in a message). Style is prettier's
 * business (`npm run format:check`), so no stylistic rules here.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', '.build/', 'homebridge-ui/dist/', '.demo/', '.ci/', 'test-artifacts/', 'coverage/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json', './homebridge-ui/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: globals.node,
    },
    rules: {
      // Type-aware: each of these has found real bugs in code like this (unhandled rejections end Homebridge).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/restrict-plus-operands': 'error',
      // A promise returned unawaited from a try block skips its catch and finally.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // A new device kind, signal or action must be handled wherever a switch lists them.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    rules: {
      // `_name` marks a parameter or binding that is there on purpose (a callback's shape, a rest split).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests walk parsed JSON and fake library objects; `any` there is not a hole in the product.
    files: ['**/*.test.ts', '**/*.netns-test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Node scripts in JavaScript: the panel's server entry, configs, the Jest reporter.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ignores: ['homebridge-ui/public/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The settings panel's browser modules; `homebridge` is the Homebridge UI's global.
    files: ['homebridge-ui/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser, homebridge: 'readonly' } },
  },
);
