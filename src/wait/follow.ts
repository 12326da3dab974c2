// Following an execution to its end: the wait loop (wait-loop.ts) wired to SageMaker, to the
// workflow's cancellation (an AbortSignal from cancel.ts), and to the post step, which stops the
// execution should this process be killed first.
import { setTimeout as sleep } from 'node:timers/promises'
import type { DescribePipelineExecutionCommandOutput } from '@aws-sdk/client-sagemaker'
import * as core from '@actions/core'
import type { SageMaker } from '../client.js'
import type { RunContext } from '../context.js'
import { formatDuration } from '../duration.js'
import {
  explainLostCredentials,
  warnIfCredentialsExpireFirst
} from '../credentials/credential-lifetime.js'
import { isAccessDenied, isTransientError } from '../errors.js'
import { callContext, explainError } from '../explain.js'
import type { Settings } from '../inputs/inputs.js'
import { describeExecution, listSteps } from '../sagemaker.js'
import { inStartOrder, type StepRecord } from '../steps.js'
import { requestStop, stopToken, type StopResult } from './stop.js'
import { waitForExecution, type WaitDeps, type WaitOutcome } from './wait-loop.js'

/** Names of the values the main step leaves for the post step. */
export const STATE = { executionArn: 'execution-arn', stopToken: 'stop-token' } as const

/** How a wait ended, with a note on what became of the execution when it did not end. */
export type Followed = WaitOutcome & { note?: string }

/**
 * Leaves the execution for the post step, which stops it should this process be killed before it
 * can. Done as soon as the ARN is known.
 */
export function rememberForPostStep(arn: string, runContext: RunContext): void {
  core.saveState(STATE.executionArn, arn)
  core.saveState(STATE.stopToken, stopToken(arn, runContext.runId, runContext.runAttempt))
}

/**
 * With wait: waits for the execution to end, and stops it on cancellation (`cancel`, which may
 * already be aborted) or timeout when asked to.
 */
export async function followExecution(
  sagemaker: SageMaker,
  settings: Pick<Settings, 'pipelineName' | 'wait' | 'role' | 'logs'>,
  runContext: RunContext,
  arn: string,
  cancel: AbortSignal,
  /** Told the steps at each look, e.g. to report them on the pull request. */
  onSteps?: (steps: readonly StepRecord[]) => Promise<void>
): Promise<Followed> {
  const { wait } = settings
  const token = stopToken(arn, runContext.runId, runContext.runAttempt)

  core.info(
    `Waiting for the execution to end${wait.timeoutMs ? `, at most ${formatDuration(wait.timeoutMs)}` : ''}.`
  )
  // Credentials of the action's own (role-to-assume) are renewed before they expire.
  if (!settings.role) await warnIfCredentialsExpireFirst(sagemaker, wait.timeoutMs)
  // step-logs: all loads the CloudWatch Logs client, in a chunk of its own, only when asked.
  const live =
    settings.logs.mode === 'all'
      ? (await import('../logs/live-logs.js')).liveLogs(sagemaker)
      : undefined
  const waitStartedAt = Date.now()
  const outcome = await waitForExecution(waitDeps(sagemaker, settings.pipelineName, arn), {
    timeoutMs: wait.timeoutMs,
    maxPollIntervalMs: wait.maxPollIntervalMs,
    signal: cancel,
    ...((live || onSteps) && {
      onLook: async (steps, signal) => {
        await live?.look(steps, signal)
        await onSteps?.(steps)
      }
    })
  }).catch(error => {
    // The wait failed, the execution goes on: the post step's state stays, so a cancel still stops it.
    throw (
      explainLostCredentials(error, {
        waitedMs: Date.now() - waitStartedAt,
        timeoutMs: wait.timeoutMs,
        executionArn: arn
      }) ?? error
    )
  })
  const stop =
    (outcome.kind === 'cancelled' && wait.stopOnCancel) ||
    (outcome.kind === 'timed-out' && wait.stopOnTimeout)
  const stopped = stop ? await requestStop(sagemaker, arn, token) : undefined
  // The post step has nothing left to do, unless a stop was due and did not go through.
  if (wait.stopOnCancel && stopped !== 'failed') core.saveState(STATE.executionArn, '')
  return {
    ...outcome,
    status: stopped === 'requested' ? 'Stopping' : outcome.status,
    note: endNote(outcome, wait.timeoutMs, stopped)
  }
}

/**
 * An execution that had ended before this step: its steps read once, and reported as a wait that
 * ended at once. Steps that cannot be read are a warning; the status stands.
 */
export async function describeEnded(
  sagemaker: SageMaker,
  pipelineName: string,
  arn: string,
  execution: DescribePipelineExecutionCommandOutput | undefined
): Promise<Followed> {
  let steps: StepRecord[] = []
  try {
    steps = inStartOrder(await listSteps(sagemaker, arn, new Map()))
  } catch (error) {
    core.warning(
      `The execution's steps could not be read. ${explainError(error, callContext(sagemaker, pipelineName, 'ListPipelineExecutionSteps'))}`
    )
  }
  return {
    kind: 'ended',
    status: execution?.PipelineExecutionStatus ?? 'Unknown',
    failureReason: execution?.FailureReason,
    steps,
    waitedMs: 0
  }
}

function endNote(
  outcome: WaitOutcome,
  timeoutMs: number | undefined,
  stopped: StopResult | undefined
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
    return `The wait-timeout of ${formatDuration(timeoutMs ?? 0)} passed. ${what}`
  if (outcome.kind === 'cancelled') return `The workflow was cancelled. ${what}`
  return undefined
}

function waitDeps(sagemaker: SageMaker, pipelineName: string, arn: string): WaitDeps {
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
    explain: (error, operation) =>
      explainError(error, callContext(sagemaker, pipelineName, operation))
  }
}
