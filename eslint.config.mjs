// ESLint flat config: @eslint/js recommended + typescript-eslint recommended (syntactic set) and a few
// cheap type-aware rules. Not the whole recommendedTypeChecked: its no-unsafe-* rules flag every use of
// untyped DICOM/dcmjs data. Prettier owns layout (eslint-config-prettier last).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/data/**', '**/coverage/**', '**/.tmp/**', '**/*.generated.ts'],
  },
  js.configs.recommended,
  {
    // Build helpers, jest plumbing and config files: plain JavaScript on Node.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Type-aware, cheap, and each one has caught real bugs elsewhere.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        {
          // A switch over a union with no `default` must name every member; a `default` counts as exhaustive.
          considerDefaultExhaustiveForUnions: true,
          allowDefaultCaseForExhaustiveSwitch: true,
          requireDefaultForNonUnion: false,
        },
      ],
    },
  },
  {
    // The console (apps/console): a browser app; its tsconfig has the DOM library.
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
