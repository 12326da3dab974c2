// Reporting an execution where the team reviews it: one comment per pull request and pipeline,
// found again by its marker among the token's own comments and updated in place, and a commit
// status. Reporting never changes the outcome: whatever fails is one warning (a 403 says which
// permissions to add), after which that report is left alone for the rest of the step.
import * as core from '@actions/core'
import { oneLine } from '../escape.js'
import { executionConsoleLinks } from '../report/console.js'
import type { ReportSettings } from '../inputs/report-inputs.js'
import { commitStatus } from './commit-status.js'
import { hasMarker, renderComment } from './comment.js'
import { connectGitHub, statusOf, type ForkHead, type GitHub, type PullRequest } from './github.js'
import type { ReportState } from './report-state.js'
import { updateSchedule } from './update-schedule.js'

/** A push can be the head of several pull requests: comment on a few, not on every fork's. */
const MOST_PULL_REQUESTS = 5

export interface Reporter {
  /**
   * Shows `state`: always when `final` (the step's last word), otherwise only when it differs
   * from what was sent and the update budget allows.
   */
  report(state: ReportState, final?: boolean): Promise<void>
}

export interface ReportTarget {
  repository: string
  /** The commit the execution is for: a pull request's head, a triggering run's, else the run's. */
  commit: string
  /** The event's pull request, on pull_request and pull_request_target events. */
  pullRequest?: PullRequest
  /** On workflow_run for a fork's commit, its branch: the pull request is found by it too. */
  forkHead?: ForkHead
}

export function startReporter(settings: ReportSettings, target: ReportTarget): Reporter {
  return pullRequestReporter(connectGitHub(settings.token, target.repository), settings, target)
}

/** The reporter over a GitHub; `now` for the update budget. */
export function pullRequestReporter(
  github: GitHub,
  settings: Pick<ReportSettings, 'pullRequestComment' | 'commitStatus'>,
  target: ReportTarget,
  now: () => number = Date.now
): Reporter {
  const schedule = updateSchedule()
  let comments: Promise<Array<{ pull: PullRequest; id?: number }>> | undefined
  let commentOn = settings.pullRequestComment
  let statusOn = settings.commitStatus
  let sentBody: string | undefined
  let sentStatus: string | undefined
  const fromFork = () => target.pullRequest?.fromFork ?? false

  async function writeComments(state: ReportState): Promise<void> {
    const body = renderComment(state)
    if (body === sentBody) return
    try {
      comments ??= findComments(github, target, state.pipelineName)
      const found = await comments
      for (const entry of found) {
        const written = entry.id
          ? await github.updateComment(entry.id, body)
          : await github.createComment(entry.pull.number, body)
        if (!entry.id && found.indexOf(entry) === 0)
          core.setOutput('pull-request-comment-url', written.url)
        if (!entry.id) core.info(`Pull request #${entry.pull.number}: commented ${written.url}`)
        entry.id = written.id
      }
      sentBody = body
    } catch (error) {
      commentOn = false
      core.warning(explainReportFailure(error, 'The pull-request comment', fromFork()))
    }
  }

  async function writeStatus(state: ReportState): Promise<void> {
    const status = commitStatus(state)
    const key = `${status.state} ${status.description}`
    if (key === sentStatus) return
    try {
      await github.setStatus(target.commit, {
        ...status,
        targetUrl: executionConsoleLinks(state.executionArn, state.pipelineName)?.execution
      })
      sentStatus = key
    } catch (error) {
      statusOn = false
      core.warning(explainReportFailure(error, 'The commit status', fromFork()))
    }
  }

  return {
    async report(state, final = false) {
      if (!final && !schedule.due(now())) return
      const before = [sentBody, sentStatus]
      if (commentOn) await writeComments(state)
      if (statusOn) await writeStatus(state)
      if (sentBody !== before[0] || sentStatus !== before[1]) schedule.sent(now())
    }
  }
}

/** Each pull request to comment on, with the action's earlier comment for this pipeline, if any. */
async function findComments(
  github: GitHub,
  target: ReportTarget,
  pipelineName: string
): Promise<Array<{ pull: PullRequest; id?: number }>> {
  const pulls = target.pullRequest
    ? [target.pullRequest]
    : await github.pullRequestsOf(target.commit, MOST_PULL_REQUESTS, target.forkHead)
  if (pulls.length === 0)
    core.info(`No open pull request has ${target.commit} as its head: no comment.`)
  const author = await github.login()
  return Promise.all(
    pulls.map(async pull => {
      // Only the token's own comments: a marker copied into someone else's is never edited.
      const found = await github.findComment(pull.number, author, body =>
        hasMarker(body, pipelineName)
      )
      if (found) core.setOutput('pull-request-comment-url', found.url)
      return { pull, ...(found && { id: found.id }) }
    })
  )
}

/** What went wrong, and for a missing permission the permissions block (and, for forks, a way out). */
function explainReportFailure(error: unknown, what: string, fromFork: boolean): string {
  const said = oneLine((error as Error).message ?? String(error))
  if (statusOf(error) === 403 && !/rate limit/i.test(said))
    return [
      `${what} could not be written: GitHub answered 403 (${said}). The token lacks the permission: give the job`,
      '  permissions:',
      '    contents: read',
      '    pull-requests: write',
      '    statuses: write',
      ...(fromFork
        ? [
            'A pull request from a fork gets a read-only GITHUB_TOKEN whatever the workflow asks for: report from a workflow that runs on workflow_run after this one, whose token can write.'
          ]
        : [])
    ].join('\n')
  const status = statusOf(error)
  return `${what} could not be written${status ? ` (GitHub answered ${status})` : ''}: ${said}`
}
