// ESM jest with ts-jest, as in actions/typescript-action. Type-checking is `tsc --noEmit`'s job.
const tsJest = ['ts-jest', { useESM: true }]

const common = {
  clearMocks: true,
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest }
}

export default {
  // End-to-end tests start the bundled action as a child process, and some wait for it.
  testTimeout: 30_000,
  verbose: false,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts']
    }
  ]
}
