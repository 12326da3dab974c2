// One step: read the inputs, start the execution, hand its ARN on, and, when asked, wait for it.
import { setTimeout as sleep } from 'node:timers/promises'
import * as core from '@actions/core'
import * as github from '@actions/github'
import { STOP_TIMEOUT_MS, onCancel, stopToken } from './cancel.js'
import { toRunContext } from './context.js'
import { formatDuration } from './duration.js'
import { oneLine } from './escape.js'
import { parseInputs, type Settings } from './inputs.js'
import { buildStartRequest, type RunContext } from './request.js'
import {
  connect,
  describeExecution,
  existedBefore,
  explainError,
  isAccessDenied,
  isTransientError,
  listSteps,
  startExecution,
  stopExecution,
  type SageMaker
} from './sagemaker.js'
import { renderSummary, type ExecutionSummary } from './summary.js'
import { waitForExecution, type WaitDeps, type WaitOutcome } from './wait.js'

/** Names of the values the main step leaves for the post step. */
export const STATE = { executionArn: 'execution-arn', stopToken: 'stop-token' } as const

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
    const summary: ExecutionSummary = {
      pipelineName: settings.pipelineName,
      region: settings.region,
      executionArn: arn,
      displayName: execution?.PipelineExecutionDisplayName ?? request.PipelineExecutionDisplayName!,
      status: execution?.PipelineExecutionStatus,
      reused:
        execution?.CreationTime !== undefined &&
        existedBefore(execution.CreationTime, stepStartedAt, sagemaker.clockOffsetMs()),
      parameters: settings.parameters
    }
    core.setOutput('pipeline-execution-display-name', summary.displayName)
    if (summary.status) core.setOutput('pipeline-execution-status', summary.status)
    core.info(`Status: ${summary.status ?? 'unknown'}`)
    if (summary.reused)
      core.notice(
        `This commit already started execution ${arn} (created ${execution?.CreationTime?.toISOString()}, now ${summary.status}): the same client request token gives back the same execution, so nothing new was started. To start a fresh one on every run, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`
      )

    if (!settings.wait.enabled) return await writeSummary(renderSummary(summary))

    const outcome = await watch(sagemaker, settings, runContext, arn)
    reportOutcome(outcome)
    await writeSummary(renderSummary({ ...summary, status: outcome.status, wait: outcome }))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
    if (core.isDebug() && error instanceof Error && error.stack) core.debug(error.stack)
  }
}

type Watched = WaitOutcome & { note?: string }

/** Waits for the execution to end, and stops it on cancellation or timeout when asked to. */
async function watch(
  sagemaker: SageMaker,
  settings: Settings,
  runContext: RunContext,
  arn: string
): Promise<Watched> {
  const { wait } = settings
  const token = stopToken(arn, runContext.runId, runContext.runAttempt)
  // Should this process be killed before it can stop the execution, the post step will.
  if (wait.stopOnCancel) {
    core.saveState(STATE.executionArn, arn)
    core.saveState(STATE.stopToken, token)
  }
  const cancel = new AbortController()
  const removeListeners = onCancel(signal => {
    core.info(`Received ${signal}: the workflow is being cancelled.`)
    cancel.abort()
  })

  core.info(
    `Waiting for the execution to end${wait.timeoutMs ? `, at most ${formatDuration(wait.timeoutMs)}` : ''}.`
  )
  let stopped: string | undefined
  try {
    const outcome = await waitForExecution(waitDeps(sagemaker, settings, arn), {
      timeoutMs: wait.timeoutMs,
      maxPollIntervalMs: wait.maxPollIntervalMs,
      signal: cancel.signal
    })
    const stop =
      (outcome.kind === 'cancelled' && wait.stopOnCancel) ||
      (outcome.kind === 'timed-out' && wait.stopOnTimeout)
    if (!stop) return { ...outcome, note: endNote(outcome, settings, undefined) }
    stopped = await requestStop(sagemaker, settings, arn, token)
    return {
      ...outcome,
      status: stopped === 'requested' ? 'Stopping' : outcome.status,
      note: endNote(outcome, settings, stopped)
    }
  } finally {
    removeListeners()
    // The post step has nothing left to do, unless a stop was due and did not go through.
    if (wait.stopOnCancel && stopped !== 'failed') core.saveState(STATE.executionArn, '')
  }
}

/** Sends the stop within the runner's cancellation window. Returns what became of it. */
async function requestStop(
  sagemaker: SageMaker,
  settings: Settings,
  arn: string,
  token: string
): Promise<'requested' | 'already-ended' | 'failed'> {
  try {
    await stopExecution(sagemaker, arn, token, AbortSignal.timeout(STOP_TIMEOUT_MS))
    core.info(`Asked SageMaker to stop ${arn}.`)
    return 'requested'
  } catch (error) {
    // SageMaker answers ConflictException when the execution has already ended.
    if ((error as { name?: string }).name === 'ConflictException') {
      core.info(`The execution had already ended; nothing to stop.`)
      return 'already-ended'
    }
    core.warning(
      `Could not stop ${arn}: ${explainError(error, context(sagemaker, settings, 'StopPipelineExecution'))}`
    )
    return 'failed'
  }
}

function endNote(
  outcome: WaitOutcome,
  settings: Settings,
  stopped: string | undefined
): string | undefined {
  const what =
    stopped === 'requested'
      ? 'SageMaker was asked to stop the execution.'
      : stopped === 'already-ended'
        ? 'The execution had already ended.'
        : stopped === 'failed'
          ? 'The stop request failed: the execution may still be running.'
          : 'The execution goes on in SageMaker.'
  if (outcome.kind === 'timed-out')
    return `The wait-timeout of ${formatDuration(settings.wait.timeoutMs ?? 0)} passed. ${what}`
  if (outcome.kind === 'cancelled') return `The workflow was cancelled. ${what}`
  return undefined
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

function waitDeps(sagemaker: SageMaker, settings: Settings, arn: string): WaitDeps {
  return {
    describe: async signal => {
      const execution = await describeExecution(sagemaker, arn, signal)
      return {
        status: execution.PipelineExecutionStatus ?? 'Unknown',
        failureReason: execution.FailureReason
      }
    },
    listSteps: (known, signal) => listSteps(sagemaker, arn, known, signal),
    sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
    now: Date.now,
    random: Math.random,
    info: line => core.info(line),
    warning: line => core.warning(line),
    isTransient: isTransientError,
    isAccessDenied,
    explain: (error, operation) => explainError(error, context(sagemaker, settings, operation))
  }
}

function context(sagemaker: SageMaker, settings: Settings, operation: string) {
  return {
    operation,
    pipelineName: settings.pipelineName,
    region: settings.region,
    endpoint: sagemaker.endpoint
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
    throw new Error(explainError(error, context(sagemaker, settings, operation)), { cause: error })
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
