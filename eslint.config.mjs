import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'src/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is a plain library: no editor API, no Node built-ins, so it runs in Node tests and in the browser;
    // and it knows nothing of the layers above it.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not depend on vscode: convert types at the edge (src/edge/vscodeTypes.ts).' }],
          patterns: [
            { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'util', 'url', 'stream', 'buffer'], message: 'src/core must not use Node built-ins: file access goes through the FileSystem interface.' },
            { regex: '(^|/)(edge|features)(/|$)', message: 'src/core must not import src/edge or src/features: the arrows run from the features to the edge to the core.' },
          ],
        },
      ],
    },
  },
  {
    // The edge (the vscode adapters the features share) never reaches back up into a feature.
    files: ['src/edge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)features(/|$)', message: 'src/edge must not import a feature: what features share belongs in src/edge or src/core.' }] },
      ],
    },
  },
  {
    // One feature, one file: features never import each other (what two of them share goes to src/edge or src/core).
    files: ['src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\./|(^|/)features(/|$)', message: 'A feature must not import another feature: move what they share to src/edge (vscode-side) or src/core (plain logic).' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
