// One step: read the inputs, start the execution, hand its ARN on, and say what happened.
import * as core from '@actions/core'
import * as github from '@actions/github'
import { toRunContext } from './context.js'
import { parseInputs, type Settings } from './inputs.js'
import { buildStartRequest } from './request.js'
import {
  connect,
  describeExecution,
  existedBefore,
  explainError,
  startExecution,
  type SageMaker
} from './sagemaker.js'
import { renderStartSummary } from './summary.js'

export async function run(): Promise<void> {
  const stepStartedAt = Date.now()
  try {
    const { settings, warnings, notes } = parseInputs(name => core.getInput(name), process.env)
    const request = buildStartRequest(settings, toRunContext(github.context, process.env))
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
    const displayName =
      execution?.PipelineExecutionDisplayName ?? request.PipelineExecutionDisplayName
    const status = execution?.PipelineExecutionStatus
    core.setOutput('pipeline-execution-display-name', displayName)
    if (status) core.setOutput('pipeline-execution-status', status)
    core.info(`Status: ${status ?? 'unknown'}`)

    const reused =
      execution?.CreationTime !== undefined &&
      existedBefore(execution.CreationTime, stepStartedAt, sagemaker.clockOffsetMs())
    if (reused)
      core.notice(
        `This commit already started execution ${arn} (created ${execution?.CreationTime?.toISOString()}, now ${status}): the same client request token gives back the same execution, so nothing new was started. To start a fresh one on every run, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`
      )

    await writeSummary(
      renderStartSummary({
        pipelineName: settings.pipelineName,
        region: settings.region,
        executionArn: arn,
        displayName: displayName ?? '',
        status,
        reused,
        parameters: settings.parameters
      })
    )
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
    if (core.isDebug() && error instanceof Error && error.stack) core.debug(error.stack)
  }
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
    const context = { operation, pipelineName: settings.pipelineName, region: settings.region }
    throw new Error(explainError(error, { ...context, endpoint: sagemaker.endpoint }), {
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

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('GITHUB_STEP_SUMMARY is not set: no job summary.')
    return
  }
  try {
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(`The job summary could not be written: ${String((error as Error).message)}`)
  }
}
