// Settings + the run's git context -> the StartPipelineExecution request. Pure, so it tests
// without mocks and reads like the spec of what is sent.
import type { StartPipelineExecutionCommandInput } from '@aws-sdk/client-sagemaker'
import { PipelineExecutionDescription, truncate } from './constraints.js'
import type { RunContext } from './context.js'
import type { Settings } from './inputs.js'

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/**
 * The commit the user knows: the pull request's head rather than the merge commit GitHub makes
 * for a pull_request run, whose SHA changes whenever the base branch moves.
 */
export function commitSha(run: RunContext): string {
  if (PULL_REQUEST_EVENTS.has(run.eventName) && run.pullRequestHeadSha)
    return run.pullRequestHeadSha
  return run.sha
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
  const sha = commitSha(run)
  return {
    PipelineName: settings.pipelineName,
    PipelineExecutionDisplayName: settings.displayName ?? sha,
    PipelineExecutionDescription: settings.description ?? defaultDescription(run),
    ClientRequestToken: settings.clientRequestToken ?? sha,
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
