// Type-aware lint for the whole repository, and the layer rules: engine/ and nodes/ never import
// Electron, React, main/ or renderer/; renderer/ imports no Node built-ins.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const uiPackages = ['electron', 'react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*', 'monaco-editor', '@monaco-editor/*', '@rjsf/*'];
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'renderer/dist/**', 'test-results/**', 'bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      'no-restricted-syntax': ['error', { selector: "ThrowStatement > NewExpression[callee.name='Error']", message: 'Throw InputError, TransientError or InternalError (engine/errors.ts) so the runtime knows what to do with it.' }],
    },
  },
  {
    files: ['engine/**/*.ts', 'nodes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiPackages, message: 'engine/ and nodes/ run headless: they must not import Electron or UI packages.' },
            { group: ['**/main/**', '**/renderer/**', '../main', '../renderer'], message: 'engine/ and nodes/ must not import main/ or renderer/; those layers sit above them.' },
          ],
        },
      ],
    },
  },
  {
    files: ['engine/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in a browser sandbox: no Node built-ins. Ask the engine host through FlowmasonApi.' })),
          patterns: [{ group: ['electron', '**/main/**', '**/engine/runtime/**', '**/engine/store/**'], message: 'renderer/ talks to the engine only through FlowmasonApi (engine/api).' }],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
