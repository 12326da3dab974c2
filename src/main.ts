// One step: read the inputs, start the execution, hand its ARN on, and, when asked, wait for it.
import type {
  DescribePipelineExecutionCommandOutput,
  StartPipelineExecutionCommandInput
} from '@aws-sdk/client-sagemaker'
import * as core from '@actions/core'
import { listenForCancel, type Cancellation } from './cancel.js'
import { readRunContext } from './context.js'
import type { EffectiveParameter } from './definition.js'
import { formatDuration } from './duration.js'
import { oneLine } from './escape.js'
import { parseInputs, type Settings } from './inputs.js'
import { checkAgainstDefinition } from './preflight.js'
import { buildStartRequest } from './request.js'
import { describeOrigin, planFor, retryToken, type Origin } from './rerun.js'
import {
  callContext,
  connect,
  describeExecution,
  existedBefore,
  explainError,
  listSteps,
  retryExecution,
  startExecution,
  type SageMaker
} from './sagemaker.js'
import { renderSummary, type ExecutionSummary } from './summary.js'
import { rememberForPostStep, watchExecution, type Watched } from './watch.js'

export async function run(): Promise<void> {
  const stepStartedAt = Date.now()
  let cancel: Cancellation | undefined
  try {
    const { settings, warnings, notes } = parseInputs(name => core.getInput(name), process.env)
    const runContext = await readRunContext()
    const request = buildStartRequest(settings, runContext)
    warnings.forEach(warning => core.warning(warning))
    notes.forEach(note => core.info(note))

    const sagemaker = await connect(settings.region, process.env)
    if (sagemaker.proxy) core.info(`Reaching SageMaker through the proxy ${sagemaker.proxy}.`)
    const { rejected, declared } = await checkDefinition(sagemaker, settings)
    if (rejected) return

    // JSON keeps every line break inside a string, so no input can start a workflow command.
    core.info(
      `${settings.dryRun ? 'Dry run: the request that would start' : 'Starting'} SageMaker pipeline ${settings.pipelineName} in ${settings.region}:`
    )
    core.info(JSON.stringify(request, null, 2))
    if (settings.dryRun) return await reportDryRun(settings, request, declared)

    // A cancel while waiting ends the step cleanly, with its outputs, at any moment.
    if (settings.wait.enabled) cancel = listenForCancel(line => core.info(line))
    const arn = await call(sagemaker, settings, 'StartPipelineExecution', () =>
      startExecution(sagemaker, request)
    )
    core.setOutput('pipeline-execution-arn', arn)
    core.info(`Pipeline execution: ${arn}`)
    if (settings.wait.enabled && settings.wait.stopOnCancel) rememberForPostStep(arn, runContext)

    const execution = await describeAfterStart(sagemaker, settings, arn)
    const plan = planFor({
      existedBefore:
        execution?.CreationTime !== undefined &&
        existedBefore(execution.CreationTime, stepStartedAt, sagemaker.clockOffsetMs()),
      status: execution?.PipelineExecutionStatus,
      retryFailed: settings.retryFailed
    })
    if (plan.action === 'retry') {
      const token = retryToken(request.ClientRequestToken!, runContext.runId, runContext.runAttempt)
      await resume(sagemaker, settings, arn, token, execution?.PipelineExecutionStatus)
    }
    const started = { ...reportStart(settings, request, arn, execution, plan.origin), declared }
    if (plan.action !== 'report' && !settings.wait.enabled)
      return await writeSummary(renderSummary(started))

    const outcome = await watchExecution(
      sagemaker,
      settings,
      runContext,
      arn,
      cancel?.signal ?? new AbortController().signal
    )
    reportOutcome(outcome, { failUnlessSucceeded: settings.wait.enabled })
    await writeSummary(renderSummary({ ...started, status: outcome.status, wait: outcome }))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
    // One debug line per line of the stack: the log shows it as it would a terminal.
    if (core.isDebug() && error instanceof Error && error.stack)
      error.stack.split('\n').forEach(line => core.debug(line))
  } finally {
    cancel?.dispose()
  }
}

/**
 * With validate-parameters, the inputs checked against the pipeline's definition: one error each
 * for what it rejects, or a warning when the check could not be made.
 */
async function checkDefinition(
  sagemaker: SageMaker,
  settings: Settings
): Promise<{ rejected: boolean; declared?: EffectiveParameter[] }> {
  if (!settings.validateParameters) return { rejected: false }
  const preflight = await checkAgainstDefinition(sagemaker, settings)
  if (!preflight.checked) {
    core.warning(
      `The parameters were not checked against the pipeline's definition: ${preflight.reason}`
    )
    return { rejected: false }
  }
  // Each problem fails the step, in a message of its own.
  preflight.problems.forEach(problem => core.setFailed(problem.message))
  return { rejected: preflight.problems.length > 0, declared: preflight.declared }
}

/** Sets the outputs known once the execution exists, and says how this step came to it. */
function reportStart(
  settings: Settings,
  request: StartPipelineExecutionCommandInput,
  arn: string,
  execution: DescribePipelineExecutionCommandOutput | undefined,
  origin: Origin
): ExecutionSummary {
  const displayName =
    execution?.PipelineExecutionDisplayName ?? request.PipelineExecutionDisplayName ?? ''
  const status = origin === 'retried' ? 'Executing' : execution?.PipelineExecutionStatus
  core.setOutput('pipeline-execution-display-name', displayName)
  core.setOutput('pipeline-execution-origin', origin)
  if (status) core.setOutput('pipeline-execution-status', status)
  core.info(`Status: ${status ?? 'unknown'}`)
  if (origin === 'started') core.info(describeOrigin(origin, status))
  else
    core.notice(
      `${describeOrigin(origin, status)} Execution ${arn}, created ${execution?.CreationTime?.toISOString()}. To start a fresh execution on every run attempt, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`
    )
  return {
    pipelineName: settings.pipelineName,
    region: settings.region,
    executionArn: arn,
    displayName,
    status,
    origin,
    parameters: settings.parameters
  }
}

/** A dry run: everything was checked, nothing is started. */
async function reportDryRun(
  settings: Settings,
  request: StartPipelineExecutionCommandInput,
  declared: EffectiveParameter[] | undefined
): Promise<void> {
  const displayName = request.PipelineExecutionDisplayName ?? ''
  core.setOutput('pipeline-execution-display-name', displayName)
  core.setOutput('pipeline-execution-status', 'DryRun')
  core.info('Dry run: nothing was started.')
  await writeSummary(
    renderSummary({
      pipelineName: settings.pipelineName,
      region: settings.region,
      displayName,
      status: 'DryRun',
      origin: 'dry-run',
      parameters: settings.parameters,
      declared
    })
  )
}

/** Resumes a failed execution of this commit, and says which steps run again. */
async function resume(
  sagemaker: SageMaker,
  settings: Settings,
  arn: string,
  token: string,
  status: string | undefined
): Promise<void> {
  core.info(`The execution for this commit is ${status}: resuming it from its failed steps.`)
  try {
    await retryExecution(sagemaker, arn, token, settings.maxParallelExecutionSteps)
  } catch (error) {
    const name = (error as { name?: string }).name
    if (name === 'ConflictException' || name === 'ValidationException')
      throw new Error(
        `SageMaker would not resume the ${status} execution ${arn}: ${(error as Error).message} To start a fresh execution instead, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`,
        { cause: error }
      )
    throw new Error(
      explainError(error, callContext(sagemaker, settings, 'RetryPipelineExecution')),
      {
        cause: error
      }
    )
  }
  const steps = await listSteps(sagemaker, arn, new Map()).catch(() => [])
  const again = steps.filter(step => step.status !== 'Succeeded').map(step => step.name)
  if (again.length > 0) core.info(`Running again: ${again.join(', ')}, and the steps after them.`)
}

/**
 * Sets the outputs of an execution that was followed to its end (or to a timeout or a cancel).
 * With wait, the step fails unless it succeeded; an execution that had ended before this step is
 * otherwise only reported.
 */
function reportOutcome(
  outcome: Watched,
  { failUnlessSucceeded }: { failUnlessSucceeded: boolean }
): void {
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
  const fail = failUnlessSucceeded ? core.setFailed : core.warning
  if (outcome.kind !== 'ended') return core.setFailed(outcome.note ?? outcome.kind)
  if (outcome.status === 'Succeeded')
    return core.info(`The execution succeeded (waited ${waited}).`)
  if (outcome.status === 'Stopped')
    return fail(`The execution was stopped before it ended (waited ${waited}).`)
  const failedSteps = outcome.steps
    .filter(step => step.status === 'Failed')
    .map(
      step =>
        `\n- ${step.name}${step.type ? ` (${step.type})` : ''}: ${step.failureReason ?? 'no reason given'}`
    )
  fail(
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
  // A local run (local-action, a script) may have no summary file: nothing is lost.
  if (!process.env.GITHUB_STEP_SUMMARY)
    return core.debug('GITHUB_STEP_SUMMARY is not set: no job summary.')
  try {
    await core.summary.addRaw(html, true).write()
  } catch (error) {
    core.warning(`The job summary could not be written: ${String((error as Error).message)}`)
  }
}
