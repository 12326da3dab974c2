// The workflow run, as @actions/github's context reads it from the runner's environment.
import type * as github from '@actions/github'
import type { RunContext } from './request.js'

/** Raised when the runner's environment lacks what the action needs. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError'
}

type Context = typeof github.context

export function toRunContext(context: Context, env: NodeJS.ProcessEnv): RunContext {
  const head = (context.payload.pull_request as { head?: { sha?: unknown } } | undefined)?.head?.sha
  const run: RunContext = {
    sha: context.sha ?? '',
    eventName: context.eventName ?? '',
    pullRequestHeadSha: typeof head === 'string' ? head : undefined,
    repository: env.GITHUB_REPOSITORY ?? context.payload.repository?.full_name ?? '',
    workflow: context.workflow ?? '',
    runId: context.runId,
    runNumber: context.runNumber,
    runAttempt: context.runAttempt,
    serverUrl: context.serverUrl
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
