// A stand-in for @actions/github's context, for unit tests that mock its module with
// `jest.unstable_mockModule('@actions/github/lib/context.js', () => github)`: a push to acme/churn,
// run 99, number 7, attempt 3.
export const context = {
  sha: '0123456789abcdef0123456789abcdef01234567',
  eventName: 'push',
  payload: {} as Record<string, unknown>,
  workflow: 'Train',
  runId: 99,
  runNumber: 7,
  runAttempt: 3,
  serverUrl: 'https://github.com',
  repo: { owner: 'acme', repo: 'churn' }
}

/** What the module exports: each Context made is the stand-in, as the tests set it. */
export class Context {
  constructor() {
    return context
  }
}
