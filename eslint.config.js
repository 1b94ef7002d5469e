// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Import direction (README "How it is built"): app → recipe, server → recipe/engine, engine → recipe,
 * cli → recipe/engine/server (it runs the server's job path in-process), recipe → nothing of ours.
 */
const ours = (/** @type {string[]} */ ...folders) =>
  folders.map((folder) => ({
    group: [`**/${folder}`, `**/${folder}/**`, `**/src/${folder}/**`],
    message: `This folder may not import src/${folder} (see README.md, How it is built: the direction of imports).`,
  }));
const nodeOnly = [
  {
    group: ['node:*', 'sharp', 'onnxruntime-node', 'hono', 'hono/*', '@hono/*', '@imgly/*'],
    message: 'Browser/pure code may not import Node-only modules.',
  },
];
const restrict = (/** @type {any[]} */ patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([...ours('server', 'engine', 'cli'), ...nodeOnly]),
    },
  },
  {
    files: ['src/recipe/**/*.ts'],
    rules: restrict([...ours('app', 'server', 'engine', 'cli'), ...nodeOnly]),
  },
  { files: ['src/engine/**/*.ts'], rules: restrict(ours('app', 'server', 'cli')) },
  { files: ['src/server/**/*.ts'], rules: restrict(ours('app', 'cli')) },
  { files: ['src/cli/**/*.ts'], rules: restrict(ours('app')) },
);
