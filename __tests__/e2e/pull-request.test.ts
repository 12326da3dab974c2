// Reporting where the team reviews, end to end: dist/index.js keeps one comment per pull request
// and pipeline up to date through the local GitHub API, and sets a commit status linked to the
// execution; whatever GitHub refuses is a warning that changes nothing else.
import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator, StepSpec } from '../../emulator/index.js'
import { startGitHubEmulator, type GitHubEmulator } from '../../emulator/index.js'
import {
  commandsOf,
  pullRequestEvent as pullRequestRun,
  type RunResult
} from '../../test-support/runner.js'
import { PIPELINE, until, useAction, type RunSettings } from './support.js'

let emulator: Emulator
const { run } = useAction(started => (emulator = started))
let github: GitHubEmulator

beforeAll(async () => {
  github = await startGitHubEmulator()
})
afterAll(async () => {
  await github.close()
})
beforeEach(() => {
  github.reset()
  // The pull request the events name, with the head they give.
  github.addPullRequest({ number: PULL, headSha: HEAD })
})

const HEAD = 'b'.repeat(40)
const NEXT_HEAD = 'c'.repeat(40)
const PULL = 7
const REPORT = { 'pull-request-comment': 'true', 'commit-status': 'true' }
const FAST = { wait: 'true', 'max-poll-interval': '1s', ...REPORT }
const CONTEXT = `sagemaker/${PIPELINE}`
const REASON = 'AlgorithmError: ValueError: Input X contains NaN. exit code: 1'

function pipeline(train: Partial<StepSpec> = {}): void {
  emulator.addPipeline({
    name: PIPELINE,
    steps: [
      { name: 'Preprocess', type: 'Processing', durationMs: 1200 },
      { name: 'Train', type: 'Training', durationMs: 1200, ...train },
      { name: 'RegisterModel', type: 'RegisterModel', durationMs: 300 }
    ]
  })
}

/** A pull_request event for pull request 7, whose head is `head` (in a fork when asked). */
const pullRequestEvent = (head = HEAD, fork = false) => pullRequestRun(PULL, head, { fork })

function report(
  inputs: Record<string, string>,
  options: Pick<RunSettings, 'eventName' | 'event' | 'onSpawn'> & {
    token?: string
  } = pullRequestEvent()
): Promise<RunResult> {
  const { token, ...rest } = options
  return run(inputs, { ...rest, github: { endpoint: github.endpoint, token } })
}

const ours = () => github.comments(PULL).filter(c => c.user.login === 'github-actions[bot]')

describe('a pull request', () => {
  it('gets one comment, updated while the steps run, ending with the outcome; and a status', async () => {
    pipeline()
    const result = await report(FAST)
    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([])
    const comments = ours()
    expect(comments).toHaveLength(1)
    const [comment] = comments
    expect(result.outputs['pull-request-comment-url']).toBe(comment!.html_url)
    expect(comment!.body).toContain('Succeeded')
    expect(comment!.body).toContain(HEAD.slice(0, 7))
    // Created, then updated as steps changed, without a second comment.
    const writes = github.requests.filter(r => /comments/.test(r.path) && r.method !== 'GET')
    expect(writes[0]!.method).toBe('POST')
    expect(writes.filter(r => r.method === 'POST')).toHaveLength(1)
    expect(writes.length).toBeGreaterThan(1)
    // Pending on the head commit, then success, linked to the execution.
    const statuses = github.statuses(HEAD)
    expect(statuses.map(s => s.state)).toEqual(expect.arrayContaining(['pending', 'success']))
    expect(statuses[0]!.state).toBe('pending')
    expect(statuses.at(-1)!.state).toBe('success')
    expect(statuses.every(s => s.context === CONTEXT)).toBe(true)
    expect(statuses.at(-1)!.target_url).toBe(result.outputs['pipeline-execution-url'])
    expect(github.violations).toEqual([])
  })

  it('keeps the same comment across a re-run and a push of a new commit', async () => {
    pipeline()
    await report(FAST)
    await report(FAST)
    const pushed = await report(FAST, pullRequestEvent(NEXT_HEAD))
    expect(pushed.code).toBe(0)
    expect(ours()).toHaveLength(1)
    expect(ours()[0]!.body).toContain(NEXT_HEAD.slice(0, 7))
    expect(github.statuses(NEXT_HEAD).at(-1)!.state).toBe('success')
  })

  it('says why a step failed: failure status, its reason and its log lines', async () => {
    pipeline({
      fails: REASON,
      logs: { lines: ['Traceback (most recent call last):', 'ValueError: Input X contains NaN.'] }
    })
    const result = await report(FAST)
    expect(result.code).toBe(1)
    const status = github.statuses(HEAD).at(-1)!
    expect(status.state).toBe('failure')
    expect(status.description!.length).toBeLessThanOrEqual(140)
    expect(status.description).toContain('Train')
    expect(ours()[0]!.body).toContain('ValueError: Input X contains NaN.')
  })

  it('is left running by a start without wait, and brought to the end by a job that follows it', async () => {
    pipeline()
    const started = await report({ ...REPORT })
    expect(github.statuses(HEAD).map(s => s.state)).toEqual(['pending'])
    expect(ours()).toHaveLength(1)
    const followed = await report({
      ...FAST,
      'pipeline-execution-arn': started.outputs['pipeline-execution-arn']!
    })
    expect(followed.code).toBe(0)
    expect(ours()).toHaveLength(1)
    expect(github.statuses(HEAD).at(-1)!.state).toBe('success')
  })

  it("with a GitHub App's token, keeps the app's own one comment and leaves GITHUB_TOKEN's alone", async () => {
    pipeline()
    await report(FAST)
    const actions = ours()[0]!
    github.addToken('ghs_appInstallation', { login: 'model-reporter[bot]', app: true })
    const asApp = { ...pullRequestEvent(), token: 'ghs_appInstallation' }
    const first = await report(FAST, asApp)
    const again = await report(FAST, asApp)
    expect(again.code).toBe(0)
    const byApp = github.comments(PULL).filter(c => c.user.login === 'model-reporter[bot]')
    expect(byApp).toHaveLength(1)
    expect(again.outputs['pull-request-comment-url']).toBe(byApp[0]!.html_url)
    expect(first.outputs['pull-request-comment-url']).toBe(byApp[0]!.html_url)
    expect(ours()).toEqual([actions])
    expect(github.foreignEdits).toEqual([])
    expect(commandsOf(again, 'warning')).toEqual([])
  })

  it("never edits someone else's comment that carries the marker", async () => {
    pipeline()
    await report(FAST)
    const marked = ours()[0]!.body.split('\n')[0]!
    github.reset()
    github.addPullRequest({ number: PULL, headSha: HEAD })
    const spoof = github.addComment(PULL, { body: `${marked}\nlooks official`, login: 'mallory' })
    await report(FAST)
    expect(github.comments(PULL).find(c => c.id === spoof.id)!.body).toBe(
      `${marked}\nlooks official`
    )
    expect(github.foreignEdits).toEqual([])
    expect(ours()).toHaveLength(1)
  })
})

describe('a push', () => {
  it('comments on the open pull request whose head is the commit', async () => {
    pipeline()
    const sha = '4f2c9d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392'
    github.addPullRequest({ number: 8, headSha: sha })
    const result = await report(FAST, { eventName: 'push', event: {} })
    expect(result.code).toBe(0)
    expect(github.comments(8).map(c => c.user.login)).toEqual(['github-actions[bot]'])
    expect(github.statuses(sha).at(-1)!.state).toBe('success')
  })

  it('without a pull request: a status, no comment, no warning', async () => {
    pipeline()
    const result = await report(FAST, { eventName: 'push', event: {} })
    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(github.comments(PULL)).toEqual([])
  })
})

describe('a workflow_run', () => {
  /** The event of a workflow run that a pull request's run completed, from `headRepository`. */
  const workflowRun = (headSha: string, headRepository: string, headBranch: string) => ({
    eventName: 'workflow_run',
    event: {
      action: 'completed',
      workflow_run: {
        head_sha: headSha,
        head_branch: headBranch,
        head_repository: { full_name: headRepository },
        event: 'pull_request',
        // Empty for a fork's pull request, as GitHub sends it.
        pull_requests: []
      }
    }
  })
  const FORK_HEAD = 'd'.repeat(40)

  it("starts for the fork's commit and reports on its pull request, found by its branch", async () => {
    pipeline()
    // A commit only the fork has: GitHub lists no pull request for it by the commit.
    github.addPullRequest({
      number: 9,
      headSha: FORK_HEAD,
      fork: true,
      author: 'contributor',
      headRef: 'fix-nan',
      listedByCommit: false
    })
    const result = await report(FAST, workflowRun(FORK_HEAD, 'contributor/churn', 'fix-nan'))
    expect(result.code).toBe(0)
    expect(emulator.requestsFor('StartPipelineExecution').map(r => r.body)).toMatchObject([
      { ClientRequestToken: FORK_HEAD, PipelineExecutionDisplayName: FORK_HEAD }
    ])
    const comments = github.comments(9)
    expect(comments.map(c => c.user.login)).toEqual(['github-actions[bot]'])
    expect(comments[0]!.body).toContain(FORK_HEAD.slice(0, 7))
    expect(result.outputs['pull-request-comment-url']).toBe(comments[0]!.html_url)
    expect(github.statuses(FORK_HEAD).map(s => s.state)).toEqual(['pending', 'success'])
    expect(github.requests.map(r => `${r.method} ${r.operationId}`)).toContain('GET pulls/list')
    expect(github.requests.find(r => r.operationId === 'pulls/list')!.query).toMatchObject({
      state: 'open',
      head: 'contributor:fix-nan'
    })
    expect(commandsOf(result, 'warning')).toEqual([])
  })

  it('for a branch of the repository, finds the pull request by the commit alone', async () => {
    pipeline()
    const result = await report(FAST, workflowRun(HEAD, 'acme/churn', 'feature-7'))
    expect(result.code).toBe(0)
    expect(ours()).toHaveLength(1)
    expect(github.statuses(HEAD).at(-1)!.state).toBe('success')
    expect(github.requests.some(r => r.operationId === 'pulls/list')).toBe(false)
  })
})

describe('a token that may not write', () => {
  it('is one warning per report showing the permissions, with the same outcome and outputs', async () => {
    pipeline()
    github.addToken('ghs_readonly', {
      login: 'github-actions[bot]',
      app: true,
      permissions: { pullRequests: 'read', statuses: 'read' }
    })
    const result = await report(FAST, { ...pullRequestEvent(), token: 'ghs_readonly' })
    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    const warnings = commandsOf(result, 'warning')
    expect(warnings).toHaveLength(2)
    for (const warning of warnings) expect(warning).toContain('pull-requests: write')
    // Masked first, and then never written: not in the log, the outputs or the summary.
    expect(commandsOf(result, 'add-mask')).toEqual(['ghs_readonly'])
    expect(result.stdout.replace('::add-mask::ghs_readonly', '')).not.toContain('ghs_readonly')
    expect(JSON.stringify(result.outputs) + result.summary).not.toContain('ghs_readonly')
  })

  it('from a fork: the warning names the workflow_run way', async () => {
    pipeline()
    github.addToken('ghs_fork', {
      login: 'github-actions[bot]',
      app: true,
      permissions: { pullRequests: 'read', statuses: 'read' }
    })
    const result = await report(FAST, { ...pullRequestEvent(HEAD, true), token: 'ghs_fork' })
    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')[0]).toContain('workflow_run')
  })
})

describe('text from outside', () => {
  it('renders as text in the comment and stays under 65,536 characters', async () => {
    emulator.addPipeline({
      name: PIPELINE,
      steps: Array.from({ length: 40 }, (_, i) => ({
        name: `S${i}`,
        displayName: `</details><img src=x onerror=alert(1)> @org/team #12 ${'x'.repeat(200)}`,
        type: 'Processing',
        durationMs: 200,
        ...(i === 39 && { fails: `<!-- --> ${'```'} ${'y'.repeat(5000)}` })
      }))
    })
    const result = await report(FAST)
    expect(result.code).toBe(1)
    const body = ours()[0]!.body
    expect([...body].length).toBeLessThanOrEqual(65_536)
    expect(body).not.toContain('<img')
    expect(body).not.toContain('@org/team')
  })
})

describe('GitHub under load', () => {
  it('waits as a secondary rate limit says (retry-after), then writes the comment', async () => {
    pipeline()
    github.inject('issues/create-comment', { kind: 'secondary-rate-limit', retryAfter: 2 })
    const result = await report(FAST)
    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(ours()).toHaveLength(1)
    const creates = github.requests.filter(r => r.operationId === 'issues/create-comment')
    expect(creates.map(r => r.status)).toEqual([403, 201])
    // Not sooner than GitHub asked (a lower bound: a loaded machine only makes it later).
    const waited = creates[1]!.receivedAt.getTime() - creates[0]!.receivedAt.getTime()
    expect(waited).toBeGreaterThanOrEqual(1900)
  })

  it('finds its comment among 150 others, past the first page, and updates it', async () => {
    pipeline()
    for (let i = 0; i < 150; i++)
      github.addComment(PULL, { body: `comment ${i}`, login: 'octocat' })
    await report(FAST)
    await report(FAST)
    expect(ours()).toHaveLength(1)
    expect(github.comments(PULL)).toHaveLength(151)
    const listed = github.requests.filter(r => r.operationId === 'issues/list-comments')
    expect(listed.some(r => r.query.page === '2')).toBe(true)
    expect(github.requests.filter(r => r.operationId === 'issues/create-comment')).toHaveLength(1)
  })

  it('holds the update budget over a wait of many step changes: at most one every 10 s', async () => {
    // Eight steps one after another, each a change of state, over about 12 s: updated on every
    // change, the comment would take a dozen writes.
    emulator.addPipeline({
      name: PIPELINE,
      steps: Array.from({ length: 8 }, (_, i) => ({
        name: `Step${i}`,
        type: 'Processing' as const,
        durationMs: 1500
      }))
    })
    const result = await report(FAST)
    expect(result.code).toBe(0)
    const writes = github.requests.filter(r =>
      ['issues/create-comment', 'issues/update-comment'].includes(r.operationId ?? '')
    )
    // Always the last, with the outcome; the ones before it at least 10 s apart (less the
    // loopback's jitter between the action's clock and the fake's).
    expect(ours()[0]!.body).toContain('Succeeded')
    const times = writes.slice(0, -1).map(r => r.receivedAt.getTime())
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(9_500)
    const seconds = (writes.at(-1)!.receivedAt.getTime() - writes[0]!.receivedAt.getTime()) / 1000
    expect(writes.length).toBeLessThanOrEqual(2 + Math.floor(seconds / 10))
    expect(writes.length).toBeGreaterThanOrEqual(2)
  }, 60_000)
})

describe('a step that ends without an outcome', () => {
  it('sets the status error when wait-timeout passes, and says so in the comment', async () => {
    pipeline({ durationMs: 60_000 })
    const result = await report({ ...FAST, 'wait-timeout': '3s' })
    expect(result.code).toBe(1)
    const status = github.statuses(HEAD).at(-1)!
    expect(status.state).toBe('error')
    expect(status.description!.length).toBeLessThanOrEqual(140)
    expect(status.target_url).toBe(result.outputs['pipeline-execution-url'])
    expect(ours()).toHaveLength(1)
    expect(ours()[0]!.body).toContain('The wait-timeout of 3s passed.')
  }, 60_000)

  it('sets the status error when the workflow is cancelled, and still exits by itself', async () => {
    pipeline({ durationMs: 60_000 })
    let child: ChildProcess | undefined
    const running = report(FAST, { ...pullRequestEvent(), onSpawn: spawned => (child = spawned) })
    // Once the comment says it runs and a look at the steps was answered.
    await until(
      () =>
        ours().length === 1 &&
        emulator.requestsFor('ListPipelineExecutionSteps').some(r => r.response)
    )
    child!.kill('SIGINT')
    const result = await running
    expect(result.signal).toBeNull()
    expect(result.code).not.toBe(0)
    const status = github.statuses(HEAD).at(-1)!
    expect(status.state).toBe('error')
    expect(status.description).toMatch(/cancel/i)
    expect(ours()).toHaveLength(1)
    expect(ours()[0]!.body).toMatch(/cancel/i)
  }, 60_000)
})
