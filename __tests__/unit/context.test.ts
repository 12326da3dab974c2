import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { Context } from '@actions/github/lib/context.js'
import { EnvironmentError, toRunContext } from '../../src/context.js'

const SHA = 'a'.repeat(40)
const HEAD = 'b'.repeat(40)

/** @actions/github's context as the runner's variables make it, for a pull request. */
function github(overrides: Partial<Context> = {}) {
  return {
    sha: SHA,
    eventName: 'pull_request',
    payload: { pull_request: { number: 5, head: { sha: HEAD } } },
    workflow: 'Train',
    runId: 123,
    runNumber: 4,
    runAttempt: 2,
    serverUrl: 'https://github.com',
    repo: { owner: 'acme', repo: 'churn' },
    ...overrides
  }
}

describe('toRunContext', () => {
  it('takes the run from the context, and the head commit from the pull request', () => {
    expect(toRunContext(github())).toEqual({
      sha: SHA,
      eventName: 'pull_request',
      pullRequestHeadSha: HEAD,
      pullRequest: { number: 5, fromFork: false },
      repository: 'acme/churn',
      workflow: 'Train',
      runId: 123,
      runNumber: 4,
      runAttempt: 2,
      serverUrl: 'https://github.com'
    })
  })

  it("says when the pull request's head is in a fork", () => {
    const payload = {
      pull_request: {
        number: 5,
        head: { sha: HEAD, repo: { full_name: 'someone/churn' } },
        base: { repo: { full_name: 'acme/churn' } }
      }
    }
    expect(toRunContext(github({ payload })).pullRequest).toEqual({ number: 5, fromFork: true })
    const same = {
      pull_request: {
        ...payload.pull_request,
        head: { sha: HEAD, repo: { full_name: 'acme/churn' } }
      }
    }
    expect(toRunContext(github({ payload: same })).pullRequest).toEqual({
      number: 5,
      fromFork: false
    })
  })

  it("takes the triggering run of a workflow_run: its commit, and a fork's owner and branch", () => {
    const payload = {
      workflow_run: {
        head_sha: HEAD,
        head_branch: 'fix-nan',
        head_repository: { full_name: 'someone/churn' },
        pull_requests: []
      }
    }
    const run = toRunContext(github({ eventName: 'workflow_run', payload }))
    expect(run.triggeringRun).toEqual({
      headSha: HEAD,
      forkHead: { owner: 'someone', branch: 'fix-nan' }
    })
    const ownBranch = {
      workflow_run: { ...payload.workflow_run, head_repository: { full_name: 'acme/churn' } }
    }
    expect(
      toRunContext(github({ eventName: 'workflow_run', payload: ownBranch })).triggeringRun
    ).toEqual({
      headSha: HEAD
    })
    expect(run.pullRequest).toBeUndefined()
    // Only on workflow_run: another event's payload with the same member is not a triggering run.
    expect(toRunContext(github({ eventName: 'push', payload })).triggeringRun).toBeUndefined()
    expect(() =>
      toRunContext(
        github({ eventName: 'workflow_run', payload: { workflow_run: { head_sha: 'HEAD' } } })
      )
    ).toThrow('the triggering workflow run head SHA is "HEAD"')
  })

  it('leaves the repository empty when the context cannot name it', () => {
    const nameless = {
      ...github(),
      get repo(): { owner: string; repo: string } {
        throw new Error(
          "context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'"
        )
      }
    }
    expect(toRunContext(nameless).repository).toBe('')
  })

  it('refuses a SHA that is not a full commit SHA', () => {
    expect(() => toRunContext(github({ sha: 'abc123' }))).toThrow(EnvironmentError)
    expect(() => toRunContext(github({ sha: undefined as unknown as string }))).toThrow(
      'GITHUB_SHA is "", not a full commit SHA'
    )
    expect(() =>
      toRunContext(github({ payload: { pull_request: { number: 5, head: { sha: 'nope' } } } }))
    ).toThrow('the pull request head SHA is "nope"')
  })

  it('accepts SHA-256 commit ids', () => {
    expect(toRunContext(github({ sha: 'c'.repeat(64), payload: {} })).sha).toBe('c'.repeat(64))
  })
})

describe('readRunContext', () => {
  it('turns a context that fails to load (a malformed event payload) into one clear error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
    writeFileSync(path, '{not json')
    process.env.GITHUB_EVENT_PATH = path
    const { readRunContext } = await import('../../src/context.js')
    await expect(readRunContext()).rejects.toThrow(
      `The event payload at GITHUB_EVENT_PATH (${path}) could not be read: `
    )
  })
})
