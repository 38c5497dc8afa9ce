/** `npm run test:e2e`: journeys in headless Chromium against the H5 build served by the local server. */
module.exports = {
  rootDir: '../..',
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  // The per-role sweep (sweep.e2e.ts, issue 19) is one of the files; `npm run test:sweep` runs it alone.
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: { '^@common/(.*)$': '<rootDir>/common/$1' },
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/e2e/retry.ts'],
  testTimeout: 60000,
  maxWorkers: 1,
}
