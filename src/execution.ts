// A pipeline execution as the action reads it: its state, the statuses it ends in, and whether
// it was there before this step began. Pure.

export interface ExecutionState {
  status: string
  failureReason?: string
}

/** The statuses an execution ends in; its steps end in the same three. */
export const ENDED_STATUSES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Stopped'])

export function isTerminalStatus(status: string | undefined): boolean {
  return status !== undefined && ENDED_STATUSES.has(status)
}

/**
 * Whether an execution was created before this step began, judged by SageMaker's clock: a
 * self-hosted runner's clock may be off by minutes. The Date header is cut to whole seconds and
 * arrives after the response was sent, so the offset is an underestimate by up to a second and
 * the latency; an execution counts as older only with that second to spare.
 */
export function existedBefore(
  creationTime: Date,
  stepStartedAt: number,
  clockOffsetMs: number | undefined
): boolean {
  const stepStartedOnServer = stepStartedAt + (clockOffsetMs ?? 0)
  return creationTime.getTime() < stepStartedOnServer - 1000
}
