// Lint rules for the whole workspace. The module-boundary rules keep the library graph running one
// way — contracts → kernel → adapters → service runtime → services, with the test kit and the
// deploy tooling on top — and keep services independently deployable: a service imports libs and
// contracts, never another service. Domain code stays pure: no framework, no database, no I/O.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const LIBS = ['layer:contracts', 'layer:kernel', 'layer:adapter', 'layer:runtime'];

/** Production code: each layer imports only the layers below it. */
const layers = [
  { sourceTag: 'layer:contracts', onlyDependOnLibsWithTags: ['layer:contracts'] },
  { sourceTag: 'layer:kernel', onlyDependOnLibsWithTags: ['layer:contracts'] },
  // adapters implement the kernel's ports side by side; none builds on another
  { sourceTag: 'layer:adapter', onlyDependOnLibsWithTags: ['layer:contracts', 'layer:kernel'] },
  {
    sourceTag: 'layer:runtime',
    onlyDependOnLibsWithTags: ['layer:contracts', 'layer:kernel', 'layer:adapter'],
  },
  { sourceTag: 'layer:service', onlyDependOnLibsWithTags: LIBS },
  { sourceTag: 'layer:test-kit', onlyDependOnLibsWithTags: LIBS },
  { sourceTag: 'layer:tooling', onlyDependOnLibsWithTags: [...LIBS, 'layer:test-kit'] },
];

/** Tests stand above the graph: any lib and the test kit, still never a service from another. */
const testLayers = layers.map(({ sourceTag }) => ({
  sourceTag,
  onlyDependOnLibsWithTags: [
    ...LIBS,
    'layer:test-kit',
    ...(sourceTag === 'layer:tooling' ? ['layer:tooling'] : []),
  ],
}));

const boundaries = (depConstraints) => [
  'error',
  { allow: [], enforceBuildableLibDependency: false, depConstraints },
];

/**
 * Test code: specs wherever they sit, the fixtures in a service's test/ folder, and a service's
 * benchmark drivers (scripts/*-bench.ts: they generate data and measure, as specs do, and ship in no image).
 */
const TESTS = ['**/*.spec.ts', 'services/*/test/**/*.ts', 'services/*/scripts/*-bench.ts'];

/** Fixtures serve specs only: production code that imported one would ship test data. */
const NO_FIXTURES = {
  regex: '(^|/)test(/|$)',
  message: 'production code may not import from a test/ folder: fixtures serve specs only',
};

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    // the local stack runner and jest set-up files are plain Node scripts
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        jest: 'readonly',
        setTimeout: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(layers),
    },
  },
  {
    files: TESTS,
    rules: { '@nx/enforce-module-boundaries': boundaries(testLayers) },
  },
  {
    files: ['services/*/src/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FIXTURES] }] },
  },
  {
    // The subscriber example is what a partner system copies: it may know the public contract
    // (contracts/schemas, contracts/asyncapi.yaml), never the platform's code. Its spec may.
    files: ['subscriber-example/**/*.mjs', 'subscriber-example/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@pk/*', '**/libs/**', '**/services/**', '**/contracts/src/**', '**/deploy/**'],
              message:
                'the subscriber example is written from the public contract only, not the platform code',
            },
          ],
        },
      ],
    },
  },
  {
    // deciders and value types: pure functions of their input, testable without any server
    files: ['services/*/src/domain/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'mongoose',
                'mongodb',
                'pg',
                'kafkajs',
                'node:*',
                'fs',
                'http',
                'https',
                'net',
              ],
              message: 'domain code stays free of frameworks and I/O: decide on the command and the state',
            },
            {
              group: ['@pk/*', '!@pk/kernel', '!@pk/contracts'],
              message: 'domain code uses only @pk/kernel and @pk/contracts',
            },
            // this rule replaces the one above for domain code, so it repeats its pattern
            NO_FIXTURES,
          ],
        },
      ],
    },
  },
];
