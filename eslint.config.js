// Flat config. The boundary rules below keep `shared/` portable (no Electron, Node, DOM or React) and keep the
// renderer away from Electron, as DESIGN.md's "Repository layout" requires. A violation fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

// Bare names here; the `node:` forms are caught by the pattern below.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('node:'));

const domGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'location',
  'HTMLElement',
].map((name) => ({ name, message: 'shared/ must not depend on the DOM; pass platform pieces in as parameters.' }));

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'coverage/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'shared/ must not import Node built-ins.' })),
            { name: 'electron', message: 'shared/ must not import electron.' },
            { name: 'react', message: 'shared/ must not import React.' },
            { name: 'react-dom', message: 'shared/ must not import React.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'shared/ must not import Node built-ins.' },
            { group: ['electron/*', 'react/*', 'react-dom/*'], message: 'shared/ must not import electron or React.' },
            {
              group: ['**/renderer/**', '**/hub/**', '**/electron/**'],
              message: 'shared/ imports nothing from the apps.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'renderer/ talks to Electron only through the bridge (shared/ipc).' }],
          patterns: [
            { group: ['electron/*'], message: 'renderer/ must not import electron.' },
            { group: ['**/hub/**', '**/electron/**'], message: 'renderer/ imports only shared/ and its own code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['hub/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', '**/electron/**'], message: 'hub/ never imports renderer/ or electron/.' },
          ],
        },
      ],
    },
  },
);
