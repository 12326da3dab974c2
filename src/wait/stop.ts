// Stopping an execution, from the main step (a cancel, a wait-timeout) or from the post step: one
// request within the runner's cancellation window, and one token per run attempt, so the two
// steps make one stop between them.
import * as core from '@actions/core'
import type { SageMaker } from '../client.js'
import { isConflict } from '../errors.js'
import { parseExecutionArn } from '../execution.js'
import { callContext, explainError } from '../explain.js'
import { stopExecution } from '../sagemaker.js'
import { derivedToken } from '../tokens.js'

/** SIGTERM follows SIGINT 7.5 s later: the stop must be sent and answered well before. */
const STOP_TIMEOUT_MS = 5000

export function stopToken(executionArn: string, runId: number, runAttempt: number): string {
  return derivedToken('stop', executionArn, runId, runAttempt)
}

export type StopResult = 'requested' | 'already-ended' | 'failed'

/** Asks SageMaker to stop the execution, and logs what became of it. Never throws. */
export async function requestStop(
  sagemaker: SageMaker,
  arn: string,
  token: string
): Promise<StopResult> {
  try {
    await stopExecution(sagemaker, arn, token, AbortSignal.timeout(STOP_TIMEOUT_MS))
    core.info(`Asked SageMaker to stop ${arn}.`)
    return 'requested'
  } catch (error) {
    // SageMaker's answer to a stop of an execution that has already ended.
    if (isConflict(error)) {
      core.info(`Execution ${arn} had already ended: nothing to stop.`)
      return 'already-ended'
    }
    const pipelineName = parseExecutionArn(arn)?.pipelineName ?? arn
    warnNotStopped(
      arn,
      explainError(error, callContext(sagemaker, pipelineName, 'StopPipelineExecution'))
    )
    return 'failed'
  }
}

/** The one warning for a stop that did not go through: what may still run, and how to stop it. */
export function warnNotStopped(arn: string, reason: string): void {
  const region = parseExecutionArn(arn)?.region ?? ''
  core.warning(
    `Could not stop ${arn}; it may still be running. ${reason} To stop it by hand: aws sagemaker stop-pipeline-execution --region ${region} --pipeline-execution-arn ${arn}`
  )
}
