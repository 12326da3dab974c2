// One step: read the inputs, start the execution, hand its ARN on, and, when asked, wait for it.
import type {
  DescribePipelineExecutionCommandOutput,
  StartPipelineExecutionCommandInput
} from '@aws-sdk/client-sagemaker'
import * as core from '@actions/core'
import * as github from '@actions/github'
import { toRunContext } from './context.js'
import { formatDuration } from './duration.js'
import { oneLine } from './escape.js'
import { parseInputs, type Settings } from './inputs.js'
import { buildStartRequest } from './request.js'
import {
  callContext,
  connect,
  describeExecution,
  existedBefore,
  explainError,
  startExecution,
  type SageMaker
} from './sagemaker.js'
import { renderSummary, type ExecutionSummary } from './summary.js'
import { watchExecution, type Watched } from './watch.js'

export async function run(): Promise<void> {
  const stepStartedAt = Date.now()
  try {
    const { settings, warnings, notes } = parseInputs(name => core.getInput(name), process.env)
    const runContext = toRunContext(github.context, process.env)
    const request = buildStartRequest(settings, runContext)
    warnings.forEach(warning => core.warning(warning))
    notes.forEach(note => core.info(note))

    // JSON keeps every line break inside a string, so no input can start a workflow command.
    core.info(`Starting SageMaker pipeline ${settings.pipelineName} in ${settings.region}:`)
    core.info(JSON.stringify(request, null, 2))
    const sagemaker = connect(settings.region, process.env)
    const arn = await call(sagemaker, settings, 'StartPipelineExecution', () =>
      startExecution(sagemaker, request)
    )
    core.setOutput('pipeline-execution-arn', arn)
    core.info(`Pipeline execution: ${arn}`)

    const execution = await describeAfterStart(sagemaker, settings, arn)
    const started = reportStart(settings, request, arn, execution, {
      reused:
        execution?.CreationTime !== undefined &&
        existedBefore(execution.CreationTime, stepStartedAt, sagemaker.clockOffsetMs())
    })
    if (!settings.wait.enabled) return await writeSummary(renderSummary(started))

    const outcome = await watchExecution(sagemaker, settings, runContext, arn)
    reportOutcome(outcome)
    await writeSummary(renderSummary({ ...started, status: outcome.status, wait: outcome }))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
    if (core.isDebug() && error instanceof Error && error.stack) core.debug(error.stack)
  }
}

/** Sets the outputs known once the execution exists, and says if it existed before this step. */
function reportStart(
  settings: Settings,
  request: StartPipelineExecutionCommandInput,
  arn: string,
  execution: DescribePipelineExecutionCommandOutput | undefined,
  { reused }: { reused: boolean }
): ExecutionSummary {
  const displayName =
    execution?.PipelineExecutionDisplayName ?? request.PipelineExecutionDisplayName ?? ''
  const status = execution?.PipelineExecutionStatus
  core.setOutput('pipeline-execution-display-name', displayName)
  if (status) core.setOutput('pipeline-execution-status', status)
  core.info(`Status: ${status ?? 'unknown'}`)
  if (reused)
    core.notice(
      `This commit already started execution ${arn} (created ${execution?.CreationTime?.toISOString()}, now ${status}): the same client request token gives back the same execution, so nothing new was started. To start a fresh one on every run, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`
    )
  return {
    pipelineName: settings.pipelineName,
    region: settings.region,
    executionArn: arn,
    displayName,
    status,
    reused,
    parameters: settings.parameters
  }
}

/** Sets the outputs of a wait, and fails the step unless the execution succeeded. */
function reportOutcome(outcome: Watched): void {
  core.setOutput('pipeline-execution-status', outcome.status)
  core.setOutput('failure-reason', outcome.failureReason ?? '')
  core.setOutput('steps', JSON.stringify(outcome.steps))

  core.startGroup(`Steps (${outcome.steps.length})`)
  for (const step of outcome.steps)
    core.info(
      `${step.name}: ${step.status}${step.jobArn ? ` ${step.jobArn}` : ''}${step.failureReason ? ` - ${oneLine(step.failureReason)}` : ''}`
    )
  core.endGroup()

  const waited = formatDuration(outcome.waitedMs)
  if (outcome.kind !== 'ended') return core.setFailed(outcome.note ?? outcome.kind)
  if (outcome.status === 'Succeeded')
    return core.info(`The execution succeeded (waited ${waited}).`)
  if (outcome.status === 'Stopped')
    return core.setFailed(`The execution was stopped before it ended (waited ${waited}).`)
  const failedSteps = outcome.steps
    .filter(step => step.status === 'Failed')
    .map(
      step =>
        `\n- ${step.name}${step.type ? ` (${step.type})` : ''}: ${step.failureReason ?? 'no reason given'}`
    )
  core.setFailed(
    `The execution ${outcome.status === 'Failed' ? 'failed' : `ended as ${outcome.status}`}: ${outcome.failureReason ?? 'no reason given'}${failedSteps.join('')}`
  )
}

/** Runs one SageMaker call; its failure becomes a message that says what to do. */
async function call<T>(
  sagemaker: SageMaker,
  settings: Settings,
  operation: string,
  send: () => Promise<T>
): Promise<T> {
  try {
    return await send()
  } catch (error) {
    throw new Error(explainError(error, callContext(sagemaker, settings, operation)), {
      cause: error
    })
  }
}

/** The start already succeeded: a failed look at the execution is a warning, not a failure. */
async function describeAfterStart(sagemaker: SageMaker, settings: Settings, arn: string) {
  try {
    return await call(sagemaker, settings, 'DescribePipelineExecution', () =>
      describeExecution(sagemaker, arn)
    )
  } catch (error) {
    core.warning(
      `The execution started, but its status could not be read. ${String((error as Error).message)}`
    )
    return undefined
  }
}

async function writeSummary(html: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('GITHUB_STEP_SUMMARY is not set: no job summary.')
    return
  }
  try {
    await core.summary.addRaw(html, true).write()
  } catch (error) {
    core.warning(`The job summary could not be written: ${String((error as Error).message)}`)
  }
}
