// The workflow run this step belongs to, from @actions/github's context, with what the action
// needs on top: the pull request's head commit, and a check that the SHA is a full commit SHA.
import type { Context } from '@actions/github/lib/context.js'

/** What the request needs to know about the workflow run. */
export interface RunContext {
  /** `github.sha`: for pull requests, the temporary merge commit. */
  sha: string
  eventName: string
  /** The pull request's head commit, on pull_request and pull_request_target events. */
  pullRequestHeadSha?: string
  /**
   * On workflow_run events, the run that triggered this one: its commit (github.sha is the default
   * branch's), and for a fork's commit the fork's owner and branch, where its pull request is.
   */
  triggeringRun?: { headSha: string; forkHead?: { owner: string; branch: string } }
  /** The event's pull request, and whether its head is in a fork (a read-only GITHUB_TOKEN). */
  pullRequest?: { number: number; fromFork: boolean }
  /** owner/name */
  repository: string
  workflow: string
  runId: number
  runNumber: number
  runAttempt: number
  serverUrl: string
}

/** Raised when the runner's environment lacks what the action needs. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError'
}

/**
 * Reads the run from @actions/github's Context, which parses the event payload (GITHUB_EVENT_PATH)
 * as it is made: here, where a malformed payload becomes one clear error. Its own module, not the
 * package's entry (whose getOctokit brings Octokit): reporting to GitHub loads that, in a chunk.
 */
export async function readRunContext(): Promise<RunContext> {
  let github: Context
  try {
    const { Context } = await import(/* webpackMode: "eager" */ '@actions/github/lib/context.js')
    github = new Context()
  } catch (error) {
    throw new EnvironmentError(
      `The event payload at GITHUB_EVENT_PATH (${process.env.GITHUB_EVENT_PATH}) could not be read: ${(error as Error).message}`,
      { cause: error }
    )
  }
  return toRunContext(github)
}

/** The fields of the context the action uses, checked. */
export function toRunContext(
  github: Pick<
    Context,
    | 'sha'
    | 'eventName'
    | 'payload'
    | 'workflow'
    | 'runId'
    | 'runNumber'
    | 'runAttempt'
    | 'serverUrl'
  > & { readonly repo: Context['repo'] }
): RunContext {
  const pull = github.payload.pull_request
  const head: unknown = pull?.head?.sha
  const headRepo: unknown = pull?.head?.repo?.full_name
  const baseRepo: unknown = pull?.base?.repo?.full_name
  const repository = repositoryOf(github)
  const run: RunContext = {
    sha: github.sha ?? '',
    eventName: github.eventName ?? '',
    pullRequestHeadSha: typeof head === 'string' ? head : undefined,
    ...(github.eventName === 'workflow_run' &&
      triggeringRunOf(github.payload.workflow_run, repository)),
    ...(typeof pull?.number === 'number' && {
      pullRequest: {
        number: pull.number,
        fromFork: typeof headRepo === 'string' && headRepo !== baseRepo
      }
    }),
    repository,
    workflow: github.workflow ?? '',
    runId: github.runId,
    runNumber: github.runNumber,
    runAttempt: github.runAttempt,
    serverUrl: github.serverUrl
  }
  // The SHA is the default display name and idempotency token: without it, a re-run could start
  // a second execution.
  for (const [name, sha] of [
    ['GITHUB_SHA', run.sha],
    ['the pull request head SHA', run.pullRequestHeadSha],
    ['the triggering workflow run head SHA', run.triggeringRun?.headSha]
  ] as const)
    if (sha !== undefined && !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(sha))
      throw new EnvironmentError(
        `${name} is ${JSON.stringify(sha)}, not a full commit SHA; run this action in GitHub Actions, or set GITHUB_SHA (see .env.example).`
      )
  return run
}

/** The triggering run of a workflow_run payload, when it names its commit. */
function triggeringRunOf(
  payload: unknown,
  repository: string
): Pick<RunContext, 'triggeringRun'> | undefined {
  const { head_sha, head_branch, head_repository } = (payload ?? {}) as {
    head_sha?: unknown
    head_branch?: unknown
    head_repository?: { full_name?: unknown }
  }
  if (typeof head_sha !== 'string') return undefined
  const headRepository = head_repository?.full_name
  const fork =
    typeof headRepository === 'string' &&
    typeof head_branch === 'string' &&
    headRepository !== repository
  return {
    triggeringRun: {
      headSha: head_sha,
      ...(fork && { forkHead: { owner: headRepository.split('/')[0]!, branch: head_branch } })
    }
  }
}

/** owner/name; '' when neither GITHUB_REPOSITORY nor the payload says (context.repo throws). */
function repositoryOf(github: { readonly repo: Context['repo'] }): string {
  try {
    const { owner, repo } = github.repo
    return owner && repo ? `${owner}/${repo}` : ''
  } catch {
    return ''
  }
}
