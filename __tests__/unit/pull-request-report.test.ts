// The reporter against a GitHub stand-in: one comment created then updated in place, found among
// the token's own comments only, a status sent when it changes, the update budget, and failures
// that are one warning each and never thrown.
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { pullRequestReporter } = await import('../../src/pr/pull-request-report.js')
const { commentMarker } = await import('../../src/pr/comment.js')
type GitHub = import('../../src/pr/github.js').GitHub
type ReportState = import('../../src/pr/report-state.js').ReportState

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training/execution/abc123'
const HEAD = 'b'.repeat(40)
const state = (overrides: Partial<ReportState> = {}): ReportState => ({
  pipelineName: 'churn-training',
  region: 'us-east-1',
  executionArn: ARN,
  status: 'Executing',
  phase: 'running',
  waiting: true,
  steps: [],
  commit: HEAD,
  run: {
    url: 'https://github.com/acme/churn/actions/runs/1/attempts/1',
    attempt: 1,
    workflow: 'Train'
  },
  ...overrides
})

function fakeGitHub(existing?: { id: number; author: string; body: string }) {
  const calls: string[] = []
  const github: GitHub = {
    pullRequestsOf: async sha => (calls.push(`pulls ${sha}`), [{ number: 7, fromFork: false }]),
    login: async () => (calls.push('login'), 'github-actions[bot]'),
    findComment: async (number, author, isOurs) => {
      calls.push(`find ${number} by ${author}`)
      return existing && existing.author === author && isOurs(existing.body)
        ? {
            id: existing.id,
            url: `https://github.com/acme/churn/pull/7#issuecomment-${existing.id}`
          }
        : undefined
    },
    createComment: async number => (
      calls.push(`create ${number}`),
      { id: 11, url: 'https://github.com/acme/churn/pull/7#issuecomment-11' }
    ),
    updateComment: async id => (
      calls.push(`update ${id}`),
      { id, url: `https://github.com/acme/churn/pull/7#issuecomment-${id}` }
    ),
    setStatus: async (sha, status) =>
      void calls.push(`status ${sha} ${status.state} ${status.context}`)
  }
  return { github, calls }
}

const both = { pullRequestComment: true, commitStatus: true }
const target = { repository: 'acme/churn', commit: HEAD }

beforeEach(() => {
  jest.clearAllMocks()
})

describe('pullRequestReporter', () => {
  it('creates the comment once, then updates it, and sends a status only when it changes', async () => {
    const { github, calls } = fakeGitHub()
    let now = 0
    const reporter = pullRequestReporter(github, both, target, () => now)
    await reporter.report(state())
    now += 11_000
    await reporter.report(state({ steps: [{ name: 'Train', status: 'Executing' }] }))
    now += 11_000
    await reporter.report(state({ status: 'Succeeded', phase: 'ended' }), true)
    expect(calls).toEqual([
      `pulls ${HEAD}`,
      'login',
      'find 7 by github-actions[bot]',
      'create 7',
      `status ${HEAD} pending sagemaker/churn-training`,
      // The description changed with the running step.
      'update 11',
      `status ${HEAD} pending sagemaker/churn-training`,
      'update 11',
      `status ${HEAD} success sagemaker/churn-training`
    ])
    expect(core.setOutput).toHaveBeenCalledWith(
      'pull-request-comment-url',
      'https://github.com/acme/churn/pull/7#issuecomment-11'
    )
    expect(core.warning).not.toHaveBeenCalled()
  })

  it("updates the token's own marked comment, and leaves someone else's marked one alone", async () => {
    const body = `${commentMarker('churn-training')}\nold`
    const own = fakeGitHub({ id: 5, author: 'github-actions[bot]', body })
    await pullRequestReporter(own.github, both, target).report(state(), true)
    expect(own.calls).toContain('update 5')
    expect(own.calls).not.toContain('create 7')

    const other = fakeGitHub({ id: 6, author: 'mallory', body })
    await pullRequestReporter(other.github, both, target).report(state(), true)
    expect(other.calls).toContain('create 7')
    expect(other.calls).not.toContain('update 6')
  })

  it('keeps to the budget: no update within 10 s unless final', async () => {
    const { github, calls } = fakeGitHub()
    let now = 0
    const reporter = pullRequestReporter(
      github,
      { pullRequestComment: true, commitStatus: false },
      target,
      () => now
    )
    await reporter.report(state())
    now += 5_000
    await reporter.report(state({ steps: [{ name: 'Train', status: 'Executing' }] }))
    expect(calls.filter(c => c.startsWith('update'))).toEqual([])
    await reporter.report(state({ status: 'Succeeded', phase: 'ended' }), true)
    expect(calls.filter(c => c.startsWith('update'))).toEqual(['update 11'])
  })

  it('on the event pull request, asks for no list of pull requests', async () => {
    const { github, calls } = fakeGitHub()
    await pullRequestReporter(github, both, {
      ...target,
      pullRequest: { number: 9, fromFork: false }
    }).report(state(), true)
    expect(calls.some(c => c.startsWith('pulls'))).toBe(false)
    expect(calls).toContain('create 9')
  })

  it('is one warning per report when GitHub refuses, showing the permissions; then leaves it', async () => {
    const { github, calls } = fakeGitHub()
    const forbidden = Object.assign(new Error('Resource not accessible by integration'), {
      status: 403
    })
    github.createComment = async () => {
      calls.push('create')
      throw forbidden
    }
    github.setStatus = async () => {
      calls.push('status')
      throw forbidden
    }
    let now = 0
    const reporter = pullRequestReporter(
      github,
      both,
      { ...target, pullRequest: { number: 7, fromFork: true } },
      () => now
    )
    await reporter.report(state())
    now += 20_000
    await reporter.report(state({ status: 'Succeeded', phase: 'ended' }), true)
    expect(calls.filter(c => c === 'create' || c === 'status')).toEqual(['create', 'status'])
    const warnings = core.warning.mock.calls.map(([text]) => String(text))
    expect(warnings).toHaveLength(2)
    for (const warning of warnings) {
      expect(warning).toContain('pull-requests: write')
      expect(warning).toContain('statuses: write')
      expect(warning).toContain('workflow_run')
    }
  })
})
