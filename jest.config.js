/**
 * Jest transpiles TypeScript with ts-jest in isolated (transpile-only) mode — fast, decorator
 * metadata on; `npm test` type-checks the whole tree with tsc first, so nothing is lost.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts', '<rootDir>/test-support'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    // One ts-jest config for .ts and .tsx: two ts-jest entries with different inline configs were
    // mixed up in one process (a .tsx compiled with the .ts config, JSX left in place). JSX is
    // React 19's automatic runtime for the console's components; `/** @jest-environment jsdom */` per file.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
    // fast-png (libs/imaging's PNG encoder) ships ES modules only; jest's require needs CommonJS.
    '/node_modules/(fast-png|iobuffer)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(fast-png|iobuffer)/)'],
  moduleNameMapper: { '^@delineo/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 120000,
};
