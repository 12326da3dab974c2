import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { EnvironmentError, readRunContext } from '../../src/context.js'

const SHA = 'a'.repeat(40)
const HEAD = 'b'.repeat(40)

function eventFile(payload: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload))
  return path
}

const env = {
  GITHUB_SHA: SHA,
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REPOSITORY: 'acme/churn',
  GITHUB_WORKFLOW: 'Train',
  GITHUB_RUN_ID: '123',
  GITHUB_RUN_NUMBER: '4',
  GITHUB_RUN_ATTEMPT: '2'
}

describe('readRunContext', () => {
  it('reads the run from the runner variables and the event payload', () => {
    expect(
      readRunContext({
        ...env,
        GITHUB_EVENT_PATH: eventFile({ pull_request: { head: { sha: HEAD } } })
      })
    ).toEqual({
      sha: SHA,
      eventName: 'pull_request',
      pullRequestHeadSha: HEAD,
      repository: 'acme/churn',
      workflow: 'Train',
      runId: 123,
      runNumber: 4,
      runAttempt: 2,
      serverUrl: 'https://github.com'
    })
  })

  it('takes the repository from the payload when the variable is missing', () => {
    const path = eventFile({ repository: { full_name: 'acme/other' } })
    expect(
      readRunContext({ ...env, GITHUB_REPOSITORY: undefined, GITHUB_EVENT_PATH: path }).repository
    ).toBe('acme/other')
  })

  it('refuses a SHA that is not a full commit SHA', () => {
    expect(() => readRunContext({ ...env, GITHUB_SHA: 'abc123' })).toThrow(EnvironmentError)
    expect(() => readRunContext({ ...env, GITHUB_SHA: undefined })).toThrow(
      'GITHUB_SHA is "", not a full commit SHA'
    )
    const path = eventFile({ pull_request: { head: { sha: 'nope' } } })
    expect(() => readRunContext({ ...env, GITHUB_EVENT_PATH: path })).toThrow(
      'the pull request head SHA is "nope"'
    )
  })

  it('says which event payload could not be read', () => {
    expect(() => readRunContext({ ...env, GITHUB_EVENT_PATH: eventFile('{not json') })).toThrow(
      /^The event payload at GITHUB_EVENT_PATH \(.*event\.json\) could not be read/
    )
  })
})
