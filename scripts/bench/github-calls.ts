// The GitHub calls of reporting on a pull request during a one-hour wait of five steps, one after
// the other: the action's own reporter (src/pr/pull-request-report.ts, its comment, status and
// update budget) driven at the looks of the real poll schedule, against a GitHub that counts.
import { DEFAULT_MAX_POLL_INTERVAL_MS } from '../../src/schedule.js'
import { pullRequestReporter } from '../../src/pr/pull-request-report.js'
import type { GitHub } from '../../src/pr/github.js'
import type { ReportState } from '../../src/pr/report-state.js'
import type { StepRecord } from '../../src/steps.js'
import { lookTimes, seededRandom } from './waiting.js'

const HOUR = 3_600_000
const STEPS = ['Preprocess', 'Train', 'Evaluate', 'CheckAccuracy', 'RegisterModel']

export interface GitHubCalls {
  /** Every call, in order: `PATCH comment`, `POST status`, ... */
  calls: string[]
  /** The content-creating calls (POST, PATCH) in the busiest minute and the busiest hour. */
  busiestMinute: number
  busiestHour: number
}

export async function githubCallsOfAnHour(): Promise<GitHubCalls> {
  // The reporter sets pull-request-comment-url and logs: neither belongs in the bench's output.
  const saved = { output: process.env.GITHUB_OUTPUT, write: process.stdout.write }
  process.env.GITHUB_OUTPUT = '/dev/null'
  process.stdout.write = () => true
  try {
    return await simulate()
  } finally {
    if (saved.output === undefined) delete process.env.GITHUB_OUTPUT
    else process.env.GITHUB_OUTPUT = saved.output
    process.stdout.write = saved.write
  }
}

async function simulate(): Promise<GitHubCalls> {
  const calls: Array<{ at: number; call: string }> = []
  let now = 0
  const record = (call: string) => calls.push({ at: now, call })
  const github: GitHub = {
    pullRequestsOf: async () => (record('GET commits/{sha}/pulls'), []),
    login: async () => (record('POST graphql viewer'), 'github-actions[bot]'),
    findComment: async () => (record('GET issues/{n}/comments'), undefined),
    createComment: async () => (record('POST comment'), { id: 1, url: 'https://github.com/c/1' }),
    updateComment: async id => (record('PATCH comment'), { id, url: 'https://github.com/c/1' }),
    setStatus: async () => void record('POST status')
  }
  const reporter = pullRequestReporter(
    github,
    { pullRequestComment: true, commitStatus: true },
    {
      repository: 'acme/churn',
      commit: 'b'.repeat(40),
      pullRequest: { number: 7, fromFork: false }
    },
    () => now
  )
  const base = {
    pipelineName: 'churn-training',
    region: 'us-east-1',
    executionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training/execution/x',
    waiting: true,
    commit: 'b'.repeat(40),
    run: {
      url: 'https://github.com/acme/churn/actions/runs/1/attempts/1',
      attempt: 1,
      workflow: 'Train'
    }
  }
  const report = (state: Partial<ReportState>, final = false) =>
    reporter.report({ ...base, status: 'Executing', phase: 'running', steps: [], ...state }, final)

  await report({})
  const looks = lookTimes(HOUR, DEFAULT_MAX_POLL_INTERVAL_MS, seededRandom(7))
  for (const t of looks) {
    now = t
    await report({ steps: stepsAt(t) })
  }
  await report({ status: 'Succeeded', phase: 'ended', steps: stepsAt(HOUR) }, true)

  const writes = calls.filter(c => /^(POST|PATCH)/.test(c.call)).map(c => c.at)
  const busiest = (window: number) =>
    Math.max(...writes.map(start => writes.filter(t => t >= start && t < start + window).length))
  return {
    calls: calls.map(c => c.call),
    busiestMinute: busiest(60_000),
    busiestHour: busiest(HOUR)
  }
}

/** The five steps as of `t`: each runs a fifth of the hour, after the one before. */
function stepsAt(t: number): StepRecord[] {
  const span = HOUR / STEPS.length
  return STEPS.flatMap((name, i) => {
    const start = i * span
    if (t < start) return []
    const ended = t >= start + span
    return [
      {
        name,
        status: ended ? 'Succeeded' : 'Executing',
        startTime: new Date(start).toISOString(),
        ...(ended && { endTime: new Date(start + span).toISOString() })
      }
    ]
  })
}
