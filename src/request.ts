// Settings + the run's git context -> the StartPipelineExecution request. Pure, so it tests
// without mocks and reads like the spec of what is sent.
import type { StartPipelineExecutionCommandInput } from '@aws-sdk/client-sagemaker'
import { PipelineExecutionDescription, PipelineExecutionName, truncate } from './constraints.js'
import type { RunContext } from './context.js'
import type { Settings } from './inputs/inputs.js'

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/**
 * The commit the user knows: the pull request's head rather than the merge commit GitHub makes
 * for a pull_request run, whose SHA changes whenever the base branch moves; on workflow_run, the
 * triggering run's commit rather than the default branch's tip, which is the same for every
 * pull request's run and would give each of them the first one's execution.
 */
export function commitSha(run: RunContext): string {
  if (PULL_REQUEST_EVENTS.has(run.eventName) && run.pullRequestHeadSha)
    return run.pullRequestHeadSha
  if (run.eventName === 'workflow_run' && run.triggeringRun) return run.triggeringRun.headSha
  return run.sha
}

/**
 * Events that run again for a commit that did not change: a nightly schedule on a quiet branch, a
 * manual or API trigger. Each of their runs is a start of its own.
 */
const PER_RUN_EVENTS = new Set(['schedule', 'workflow_dispatch', 'repository_dispatch'])

/**
 * The default ClientRequestToken and display name: the commit, so that a re-run of a push or a
 * pull request gives back its first execution; for a schedule or a manual run, the commit and the
 * run's id, so that every run starts its own execution and a re-run of one run (a new attempt,
 * the same id) still gives back that run's. Both fit SageMaker's limits: 32 to 128 characters for
 * the token, 82 letters, digits and hyphens for the name.
 */
export function defaultRunName(run: RunContext): string {
  const sha = commitSha(run)
  if (!PER_RUN_EVENTS.has(run.eventName) || !Number.isSafeInteger(run.runId)) return sha
  // A SHA-256 commit id and a long run id could pass 82 characters: the commit gives way.
  const suffix = `-run-${run.runId}`
  return sha.slice(0, PipelineExecutionName.max - suffix.length) + suffix
}

/** One line that leads from the execution back to the run that started it. */
export function defaultDescription(run: RunContext): string {
  const workflow = run.workflow.replace(/\s+/g, ' ').trim()
  const known = Number.isSafeInteger(run.runId) && run.repository !== ''
  const parts = [
    run.repository,
    workflow && `workflow "${workflow}"`,
    Number.isSafeInteger(run.runNumber) && `run #${run.runNumber}`,
    known && `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`
  ].filter(Boolean)
  const line = ['Started by GitHub Actions', parts.join(', ')].filter(Boolean).join(': ')
  return truncate(line, PipelineExecutionDescription.max)
}

export function buildStartRequest(
  settings: Settings,
  run: RunContext
): StartPipelineExecutionCommandInput {
  const runName = defaultRunName(run)
  return {
    PipelineName: settings.pipelineName,
    PipelineExecutionDisplayName: settings.displayName ?? runName,
    PipelineExecutionDescription: settings.description ?? defaultDescription(run),
    ClientRequestToken: settings.clientRequestToken ?? runName,
    ...(settings.parameters.length > 0 && { PipelineParameters: settings.parameters }),
    ...(settings.maxParallelExecutionSteps !== undefined && {
      ParallelismConfiguration: { MaxParallelExecutionSteps: settings.maxParallelExecutionSteps }
    }),
    ...(settings.selectedSteps !== undefined && {
      SelectiveExecutionConfig: {
        SelectedSteps: settings.selectedSteps.map(StepName => ({ StepName })),
        ...(settings.sourcePipelineExecutionArn !== undefined && {
          SourcePipelineExecutionArn: settings.sourcePipelineExecutionArn
        })
      }
    }),
    ...(settings.pipelineVersionId !== undefined && {
      PipelineVersionId: settings.pipelineVersionId
    }),
    ...(settings.mlflowExperimentName !== undefined && {
      MlflowExperimentName: settings.mlflowExperimentName
    })
  }
}
