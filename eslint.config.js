// Lint rules: typescript-eslint's recommended set, plus the few rules that catch the mistakes
// this codebase cares about (floating promises lose errors; `any` hides error shapes), and the
// layers: which folder of src/ may import which (docs/development.md, "Layers").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './scripts/lint/layers.mjs';

const strictRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-explicit-any': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
  'no-console': 'off',
};

/**
 * The layers, top to bottom: what each folder of src/ may import besides itself. Nothing may
 * import upward or across; tests may import anything. The one picture of it is in
 * docs/development.md; change both together.
 */
const LAYERS = {
  cli: ['demo', 'agent', 'fleet', 'simulators', 'uplink', 'drivers', 'discovery', 'transports', 'contract', 'core'],
  demo: ['agent', 'fleet', 'simulators', 'uplink', 'drivers', 'discovery', 'transports', 'contract', 'core'],
  agent: ['uplink', 'drivers', 'discovery', 'transports', 'contract', 'core'],
  fleet: ['transports', 'contract', 'core'],
  uplink: ['transports', 'contract', 'core'],
  drivers: ['transports', 'contract', 'core'],
  discovery: ['transports', 'contract', 'core'],
  simulators: ['transports', 'contract', 'core'],
  transports: ['contract', 'core'],
  core: [],
  contract: [],
};
const SRC_LAYERS = Object.keys(LAYERS);
const layerRule = (layer, may, extra = {}) => ({ 'layers/imports': ['error', { layer, may, ...extra }] });

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
  ...Object.entries(LAYERS).map(([layer, may]) => ({
    files: [`src/${layer}/**/*.ts`],
    plugins: { layers },
    rules: layerRule(layer, may),
  })),
  {
    // The contract is shared with the browser: TypeBox and nothing else, no Node module.
    files: ['src/contract/**/*.ts'],
    rules: layerRule('contract', [], { packages: ['@sinclair/typebox'], node: false }),
  },
  {
    // The words of the contract, which the pages import at run time: data, no imports at all.
    files: ['src/contract/names.ts'],
    rules: layerRule('contract', [], { none: true }),
  },
  {
    // Browser code: the pages and the contract, nothing that runs on Node. From the contract
    // types only (no TypeBox in a bundle), except the plain lists of names.ts.
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    plugins: { layers },
    rules: layerRule('ui', ['contract'], { typeOnly: ['contract'], values: ['src/contract/names.ts'], node: false, aliases: { '@ui/': 'src/ui/shared/' } }),
  },
  {
    // Benchmarks and generators sit on top, like the command line (which loads the benchmarks by path).
    files: ['scripts/**/*.ts', 'scripts/**/*.mjs'],
    ignores: ['scripts/lint/**'],
    plugins: { layers },
    rules: { 'layers/imports': ['error', { layer: 'scripts', may: SRC_LAYERS.concat('ui') }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
