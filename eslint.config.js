// Lint rules: typescript-eslint's recommended set, plus the few rules that catch the mistakes
// this codebase cares about (floating promises lose errors; `any` hides error shapes).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const strictRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-explicit-any': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
  'no-console': 'off',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['src/ui/**'],
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: strictRules,
  },
  {
    // Browser code: its own tsconfig (DOM types, preact JSX, bundler resolution).
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './src/ui/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: strictRules,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
