// Lint rules: typescript-eslint's recommended set, type-aware, over src/, test/ and bench/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'lib/', 'test/fixtures/', '**/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The site's scripts run in the reader's browser, as classic scripts.
  {
    files: ['templates/scripts/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        [
          ...['window', 'document', 'location', 'navigator', 'localStorage', 'matchMedia'],
          ...['addEventListener', 'dispatchEvent', 'requestAnimationFrame', 'setTimeout', 'Event'],
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
