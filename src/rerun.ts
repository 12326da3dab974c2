// What to do with the execution a start request gave back. A re-run of a workflow for the same
// commit sends the same token, so SageMaker hands back the execution of the first run: resume it
// if it failed, follow it if it runs, report it if it ended. Pure.
import { derivedToken } from './tokens.js'

/** How this step came to the execution: the `pipeline-execution-origin` output. */
export type Origin = 'started' | 'existing' | 'retried' | 'attached'

type Plan =
  /** A new execution: follow it. */
  | { action: 'follow'; origin: 'started' }
  /** It existed, failed or was stopped, and may be resumed: RetryPipelineExecution. */
  | { action: 'retry'; origin: 'retried' }
  /** It existed and still runs: follow it as if this step had started it. */
  | { action: 'follow'; origin: 'existing' }
  /** It existed and has ended: report how, and change nothing. */
  | { action: 'report'; origin: 'existing' }

export function rerunPlanFor(execution: {
  existedBefore: boolean
  status: string | undefined
  retryFailed: boolean
}): Plan {
  if (!execution.existedBefore) return { action: 'follow', origin: 'started' }
  const { status } = execution
  if (execution.retryFailed && (status === 'Failed' || status === 'Stopped'))
    return { action: 'retry', origin: 'retried' }
  if (status === 'Executing' || status === 'Stopping' || status === undefined)
    return { action: 'follow', origin: 'existing' }
  return { action: 'report', origin: 'existing' }
}

/**
 * The RetryPipelineExecution token: one per run attempt, so an attempt resumes the execution at
 * most once however often its calls are retried, and the next attempt may resume it again.
 */
export function retryToken(startToken: string, runId: number, runAttempt: number): string {
  return derivedToken('retry', startToken, runId, runAttempt)
}

/** The line the log and the summary give to what happened. */
export function describeOrigin(origin: Origin, status: string | undefined): string {
  switch (origin) {
    case 'started':
      return 'Started a new execution.'
    case 'retried':
      return 'This commit had already started this execution, and it had failed: resumed it from its failed steps (RetryPipelineExecution). The steps that succeeded keep their results.'
    case 'existing':
      return `This commit had already started this execution (same client request token), now ${status ?? 'in an unknown state'}: nothing new was started.`
    case 'attached':
      return `Following an execution started elsewhere (pipeline-execution-arn), now ${status ?? 'in an unknown state'}.`
  }
}
