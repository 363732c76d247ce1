// Nest 12 packages are ESM-only, so Jest runs in native ESM mode (NODE_OPTIONS=--experimental-vm-modules).
// ts-jest only transpiles; `npm run typecheck` does the type checking once for the whole tree.
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: '<rootDir>/tsconfig.json' },
];

const common = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@ledger/event-store/testing$': '<rootDir>/libs/event-store/src/testing/index.ts',
    '^@ledger/auth/testing$': '<rootDir>/libs/auth/src/testing/index.ts',
    '^@ledger/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'] },
  ],
  // End-to-end tests start real servers; Jest reads the timeout only at the top level.
  testTimeout: 60000,
};
