// Reporting on GitHub, when the inputs ask for it: the token masked at once, and the reporter
// (Octokit, a chunk of its own) loaded only then; each moment of the step told as a ReportState.
import * as core from '@actions/core'
import type { RunContext } from '../context.js'
import type { ReportSettings } from '../inputs/report-inputs.js'
import { commitSha } from '../request.js'
import type { ReportState } from './report-state.js'

/** What every report of this step shares: the execution, the commit, the run. */
type ReportBase = Pick<
  ReportState,
  'pipelineName' | 'region' | 'executionArn' | 'waiting' | 'commit' | 'run'
>
type ReportMoment = Omit<ReportState, keyof ReportBase>

export interface GitHubReport {
  /** Fixes what every later report shares, once the execution is known. */
  forExecution(base: Omit<ReportBase, 'commit' | 'run'>): void
  /** Shows a moment; `final` ones are always sent. Never throws, never changes the outcome. */
  show(moment: ReportMoment, final?: boolean): Promise<void>
}

export async function reportOnGitHub(
  settings: ReportSettings | undefined,
  runContext: RunContext
): Promise<GitHubReport | undefined> {
  if (!settings) return undefined
  core.setSecret(settings.token)
  const { startReporter } = await import('./pull-request-report.js')
  // The commit the execution is for, as the default token and display name use it.
  const commit = commitSha(runContext)
  const reporter = startReporter(settings, {
    repository: runContext.repository,
    commit,
    ...(runContext.pullRequest && { pullRequest: runContext.pullRequest }),
    ...(runContext.triggeringRun?.forkHead && { forkHead: runContext.triggeringRun.forkHead })
  })
  const run = {
    url: `${runContext.serverUrl}/${runContext.repository}/actions/runs/${runContext.runId}/attempts/${runContext.runAttempt}`,
    attempt: runContext.runAttempt,
    workflow: runContext.workflow
  }
  let base: ReportBase | undefined
  return {
    forExecution: execution => (base = { ...execution, commit, run }),
    show: async (moment, final) => {
      if (base) await reporter.report({ ...base, ...moment }, final)
    }
  }
}
