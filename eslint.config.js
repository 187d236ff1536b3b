// ESLint for the whole repository: typescript-eslint's recommended rules over src/, test/ and bench/, plus the few
// rules this codebase relies on. `npm run lint` runs it with the layer rules (.dependency-cruiser.cjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'index/', 'bench/results/', 'test-results/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are dead code; a leading underscore marks one kept on purpose (a destructured field dropped).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off', // the validators match control characters on purpose
      // Fixtures and rules hold the odd spaces of real reports (U+3000 indents) on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Only the entry points and the CLI write to the console; modules take a `log` function.
      'no-console': 'error',
    },
  },
  {
    // The entry point, and the default loggers of the build and the web app.
    files: ['src/server.ts', 'src/pipeline/options.ts', 'src/pipeline/open.ts', 'src/web/app.ts', 'src/web/reload.ts'],
    rules: { 'no-console': 'off' },
  },
);
