/**
 * Two projects, one `jest` run:
 * - node:  unit, API (through local-cloud) and compile tests;
 * - pages: mini-program pages rendered by miniprogram-simulate, which needs a DOM (jsdom).
 * ts-jest transpiles only (tsconfig.base.json has `isolatedModules: true`); type errors are
 * caught by `npm run typecheck`, so tests start fast.
 * globalSetup builds dist/ (functions + local-cloud) once before any test.
 */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['js', 'ts', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/pages/'],
    },
    {
      ...common,
      displayName: 'pages',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/pages/**/*.test.ts'],
    },
  ],
};
