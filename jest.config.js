// One jest run, three projects. Unit tests need nothing but fixed test settings (unit-env.js); integration tests get real servers
// from the local stack (or testcontainers where Docker answers) through the global setup;
// end-to-end tests drive the stack's own command line and the services over HTTP.
const { compilerOptions } = require('./tsconfig.base.json');

// tsconfig paths → jest module names, so tests import libs exactly as services do.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const base = {
  rootDir: __dirname,
  roots: [
    '<rootDir>/services',
    '<rootDir>/libs',
    '<rootDir>/contracts',
    '<rootDir>/deploy',
    '<rootDir>/subscriber-example',
  ],
  testEnvironment: 'node',
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      setupFiles: ['<rootDir>/deploy/test/jest/unit-env.js'],
      setupFilesAfterEnv: ['<rootDir>/deploy/test/jest/unit-timeout.ts'],
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['**/*.int.spec.ts'],
      globalSetup: '<rootDir>/deploy/test/jest/global-setup.mjs',
      globalTeardown: '<rootDir>/deploy/test/jest/global-teardown.mjs',
      setupFilesAfterEnv: ['<rootDir>/deploy/test/jest/server-tests.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/deploy/test/jest/e2e-global-setup.mjs',
      globalTeardown: '<rootDir>/deploy/test/jest/e2e-global-teardown.mjs',
      setupFilesAfterEnv: ['<rootDir>/deploy/test/jest/server-tests.ts'],
    },
  ],
};
