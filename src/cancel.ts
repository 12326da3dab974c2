// Stopping the execution when the workflow is cancelled. The runner sends SIGINT, SIGTERM 7.5 s
// later and kills the process 2.5 s after that, so the stop must be sent at the first signal.
import { createHash } from 'node:crypto'

export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'] as const
export type CancelSignal = (typeof CANCEL_SIGNALS)[number]

/** The stop must be sent and answered well before SIGTERM arrives. */
export const STOP_TIMEOUT_MS = 5000

/**
 * The StopPipelineExecution token: the same for the main and the post step of one run attempt,
 * so the two make one stop request between them.
 */
export function stopToken(executionArn: string, runId: number, runAttempt: number): string {
  return createHash('sha256').update(`stop\n${executionArn}\n${runId}\n${runAttempt}`).digest('hex')
}

/**
 * Calls `handler` once, at the first SIGINT or SIGTERM, instead of letting the signal end the
 * process. Returns a function that removes the listeners.
 */
export function onCancel(handler: (signal: CancelSignal) => void): () => void {
  let called = false
  const listener = (signal: CancelSignal) => {
    if (called) return
    called = true
    handler(signal)
  }
  CANCEL_SIGNALS.forEach(signal => process.on(signal, listener))
  return () => CANCEL_SIGNALS.forEach(signal => process.off(signal, listener))
}
