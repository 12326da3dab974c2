// The workflow run, read from the variables the runner sets. @actions/github reads the same
// variables, but importing it loads Octokit and its HTTP stack, a third of the action's start-up,
// for a few fields.
import { readFileSync } from 'node:fs'
import type { RunContext } from './request.js'

/** Raised when the runner's environment lacks what the action needs. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError'
}

export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const payload = readEvent(env.GITHUB_EVENT_PATH)
  const head = (payload.pull_request as { head?: { sha?: unknown } } | undefined)?.head?.sha
  const repository = payload.repository as { full_name?: unknown } | undefined
  const run: RunContext = {
    sha: env.GITHUB_SHA ?? '',
    eventName: env.GITHUB_EVENT_NAME ?? '',
    pullRequestHeadSha: typeof head === 'string' ? head : undefined,
    repository:
      env.GITHUB_REPOSITORY ??
      (typeof repository?.full_name === 'string' ? repository.full_name : ''),
    workflow: env.GITHUB_WORKFLOW ?? '',
    runId: Number.parseInt(env.GITHUB_RUN_ID ?? '', 10),
    runNumber: Number.parseInt(env.GITHUB_RUN_NUMBER ?? '', 10),
    runAttempt: Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10),
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com'
  }
  // The SHA is the default display name and idempotency token: without it, a re-run could start
  // a second execution.
  for (const [name, sha] of [
    ['GITHUB_SHA', run.sha],
    ['the pull request head SHA', run.pullRequestHeadSha]
  ] as const)
    if (sha !== undefined && !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(sha))
      throw new EnvironmentError(
        `${name} is ${JSON.stringify(sha)}, not a full commit SHA; run this action in GitHub Actions, or set GITHUB_SHA (see .env.example).`
      )
  return run
}

/** The webhook payload of the event that started the run; empty when there is none. */
function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {}
  try {
    const payload: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>)
      : {}
  } catch (error) {
    throw new EnvironmentError(
      `The event payload at GITHUB_EVENT_PATH (${path}) could not be read: ${(error as Error).message}`
    )
  }
}
