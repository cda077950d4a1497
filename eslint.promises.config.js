// Type-aware checks of promises (issue 21: every row access became
// asynchronous). Kept out of eslint.config.js so the layer lint stays fast;
// `npm run lint` runs both. A forgotten `await` on a row access is a bug that
// tsc does not always see (a Promise is truthy, and `void`-returning callers
// accept it): these rules do.
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'client/**', '**/*.cjs', '**/*.tmp'] },
  {
    files: ['server/**/*.ts', 'shared/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
)
