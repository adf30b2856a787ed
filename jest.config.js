/** Jest runs the TypeScript sources as ES modules (ring-client-api is ESM only). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }],
  },
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/tools/summary-reporter.cjs'],
};
