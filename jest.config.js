/** Test layers (all run by `npm test`): rules/schemas, functions against the local cloud, performance budgets, pages/components, weapp. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      // Same class-field semantics as tsc with tsconfig's ES2020 target: parameter properties are assigned
      // before field initializers run.
      transform: { react: { runtime: 'automatic' }, useDefineForClassFields: false },
      target: 'es2020',
    },
    module: { type: 'commonjs' },
  },
]

const shared = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@common/(.*)$': '<rootDir>/common/$1',
    '^@/(.*)$': '<rootDir>/src/$1',
    // Pure helpers in src/ may sit beside a page's stylesheet import (src/state/prefs.ts).
    '\\.(css|scss)$': '<rootDir>/test/mocks/style.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
}

/** Rules and functions tests run on one clock starting at a fixed instant (XZ_TEST_NOW; test/support/test-now.ts). */
const clock = '<rootDir>/test/support/test-clock.ts'

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'rules',
      testEnvironment: 'node',
      setupFilesAfterEnv: [clock],
      testMatch: ['<rootDir>/common/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'functions',
      testEnvironment: 'node',
      setupFilesAfterEnv: [clock],
      testMatch: ['<rootDir>/test/functions/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'localcloud',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/localcloud/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '/tencent-node-sdk/'],
    },
    {
      // Tencent's own node-sdk database suite, vendored unchanged, through the pinned SDK against the local cloud.
      // Only the connection is shimmed (test/localcloud/tencent-node-sdk/README.md).
      ...shared,
      displayName: 'tencent-sdk',
      testEnvironment: '<rootDir>/test/localcloud/tencent-node-sdk/shim/environment.js',
      testMatch: ['<rootDir>/test/localcloud/tencent-node-sdk/test/database/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/localcloud/tencent-node-sdk/shim/setup.ts'],
      moduleNameMapper: {
        '^power-assert$': '<rootDir>/test/localcloud/tencent-node-sdk/shim/power-assert.js',
        '^bson$': '<rootDir>/test/localcloud/tencent-node-sdk/shim/bson.js',
        '^@cloudbase/database/src/(.*)$': '@cloudbase/database/dist/commonjs/$1',
      },
    },
    {
      // Database requests and documents examined per action at seed scale against bench/budgets.json.
      ...shared,
      displayName: 'budgets',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/budgets/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/src/**/*.test.tsx', '<rootDir>/test/ui/**/*.test.tsx'],
      moduleNameMapper: {
        ...shared.moduleNameMapper,
        '^@tarojs/components$': '<rootDir>/test/mocks/taro-components.tsx',
        '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
        '\\.(css|scss)$': '<rootDir>/test/mocks/style.ts',
      },
    },
    {
      ...shared,
      displayName: 'weapp',
      testEnvironment: 'jsdom',
      // The built bundle runs exactly as WeChat would load it.
      transformIgnorePatterns: ['/node_modules/', '/dist/'],
      testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
    },
  ],
}
