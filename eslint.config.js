import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers (STYLE.md): edges -> pipeline -> stages -> capabilities -> base. Each entry lists the
 * folders a layer must not import from.
 */
const layers = [
  { files: ['src/config/**', 'src/internal/**', 'src/errors.ts', 'src/types.ts'],
    banned: ['data', 'augment', 'quality', 'train', 'eval', 'llm', 'models', 'features', 'pipeline', 'cli', 'workers', 'report'] },
  { files: ['src/llm/**', 'src/models/**', 'src/features/**'],
    banned: ['data', 'augment', 'quality', 'train', 'eval', 'pipeline', 'cli', 'workers', 'report'] },
  { files: ['src/data/**', 'src/augment/**', 'src/quality/**', 'src/train/**', 'src/eval/**'],
    banned: ['pipeline', 'cli', 'workers', 'report'] },
  { files: ['src/pipeline/**'], banned: ['cli', 'workers'] },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'runs/**', 'coverage/**', 'bench/.out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "ExportAllDeclaration", message: 'Name every export (STYLE.md: no export *).' }],
    },
  },
  ...layers.map(({ files, banned }) => ({
    files,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: banned.map((folder) => ({
          group: [`**/${folder}/*`, `../${folder}`, `../../${folder}`],
          message: `Imports point down (STYLE.md layers): this layer must not import from ${folder}/.`,
        })),
      }],
    },
  })),
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Library code throws; only the CLI decides exit codes.' }],
    },
  },
);
