// The workflow's cancellation, as this process sees it: the runner sends SIGINT, SIGTERM 7.5 s
// later, and kills the process 2.5 s after that, so the step must act at the first signal.

const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'] as const
type CancelSignal = (typeof CANCEL_SIGNALS)[number]

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

export interface Cancellation {
  /** Aborted at the first SIGINT or SIGTERM. */
  signal: AbortSignal
  /** Gives the signals back to Node's default handling. */
  dispose(): void
}

/**
 * Takes over SIGINT and SIGTERM, so that a cancel at any moment, even before the execution's ARN
 * is known, lets the step stop the execution instead of dying with it.
 */
export function listenForCancel(log: (line: string) => void): Cancellation {
  const controller = new AbortController()
  const dispose = onCancel(signal => {
    log(`Received ${signal}: the workflow is being cancelled.`)
    controller.abort()
  })
  return { signal: controller.signal, dispose }
}
