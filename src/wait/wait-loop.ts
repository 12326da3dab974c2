// The wait loop, pure: what to call when, what to log, and when to give up, until an execution
// ends. The calls, the clock and the log come in as arguments, so tests drive it with fakes;
// follow.ts wires it to SageMaker.
import { formatDuration } from '../duration.js'
import { errorName } from '../errors.js'
import { isTerminalStatus, type ExecutionState } from '../execution.js'
import { HEARTBEAT_MS, OUTAGE_WINDOW_MS, nextPollDelay, retryDelay } from '../schedule.js'
import { describeChange, inStartOrder, isStepDone, stepChanges, type StepRecord } from '../steps.js'

/** The calls take the cancellation signal, so a cancel does not wait for a slow answer. */
export interface WaitDeps {
  describe(signal: AbortSignal): Promise<ExecutionState>
  /** All steps, given those of the last look. */
  listSteps(known: ReadonlyMap<string, StepRecord>, signal: AbortSignal): Promise<StepRecord[]>
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
  now(): number
  random(): number
  info(line: string): void
  warning(line: string): void
  /** Whether a failed call is worth trying again (throttling, 5xx, network). */
  isTransient(error: unknown): boolean
  /** Whether a failed call was refused by IAM. */
  isAccessDenied(error: unknown): boolean
  /** Turns a failed call into a message for the log. */
  explain(error: unknown, operation: string): string
}

interface WaitOptions {
  /** No limit when undefined. */
  timeoutMs?: number
  maxPollIntervalMs: number
  /** Aborted when the workflow is cancelled. */
  signal: AbortSignal
  /** Called with each status seen, so a cancellation can report the latest. */
  onStatus?(state: ExecutionState, steps: readonly StepRecord[]): void
  /**
   * Called after each look that read the steps, the last one included, before the next sleep
   * (step-logs: all reads the running jobs' new lines here). It must not throw.
   */
  onLook?(steps: readonly StepRecord[], signal: AbortSignal): Promise<void>
}

export type WaitOutcome = ExecutionState & {
  kind: 'ended' | 'timed-out' | 'cancelled'
  steps: StepRecord[]
  waitedMs: number
}

export async function waitForExecution(deps: WaitDeps, options: WaitOptions): Promise<WaitOutcome> {
  const startedAt = deps.now()
  const known = new Map<string, StepRecord>()
  let state: ExecutionState = { status: 'Executing' }
  let listStepsAllowed = true
  let lastNews = startedAt
  let failingSince: number | undefined
  let failures = 0

  const outcome = (kind: WaitOutcome['kind']): WaitOutcome => ({
    ...state,
    kind,
    steps: inStartOrder([...known.values()]),
    waitedMs: deps.now() - startedAt
  })

  for (;;) {
    let delay: number
    let operation = 'DescribePipelineExecution'
    try {
      state = await deps.describe(options.signal)
      if (listStepsAllowed) {
        operation = 'ListPipelineExecutionSteps'
        try {
          const steps = inStartOrder(await deps.listSteps(known, options.signal))
          for (const change of stepChanges(known, steps)) {
            deps.info(`${clock(deps.now())} ${describeChange(change)}`)
            lastNews = deps.now()
          }
          steps.forEach(step => known.set(step.name, step))
        } catch (error) {
          // The status of this look stands: an execution known to have ended is over, whatever
          // its steps' answer (it is never sent a stop, nor said to be running).
          if (isTerminalStatus(state.status) && !options.signal.aborted) {
            deps.warning(
              `The execution ended ${state.status}, but its steps could not be read, so the step list may be out of date. ${deps.explain(error, operation)}`
            )
            return outcome('ended')
          }
          if (!deps.isAccessDenied(error)) throw error
          listStepsAllowed = false
          deps.warning(
            `${deps.explain(error, operation)} Waiting on the execution's status alone, without step progress.`
          )
        }
      }
      failures = 0
      failingSince = undefined
      options.onStatus?.(state, inStartOrder([...known.values()]))
      if (listStepsAllowed)
        await options.onLook?.(inStartOrder([...known.values()]), options.signal)
      if (isTerminalStatus(state.status)) return outcome('ended')
      if (deps.now() - lastNews >= HEARTBEAT_MS) {
        deps.info(
          `${clock(deps.now())} ${heartbeat(state, known, deps.now() - startedAt, deps.now())}`
        )
        lastNews = deps.now()
      }
      delay = nextPollDelay(deps.now() - startedAt, options.maxPollIntervalMs, deps.random)
    } catch (error) {
      // A cancel aborts the call in flight: that is the cancel, not a failure.
      if (options.signal.aborted) return outcome('cancelled')
      if (!deps.isTransient(error))
        throw new Error(deps.explain(error, operation), { cause: error })
      failingSince ??= deps.now()
      failures++
      if (deps.now() - failingSince >= OUTAGE_WINDOW_MS)
        throw new Error(
          `Gave up waiting after ${formatDuration(deps.now() - failingSince)} without an answer from SageMaker; the execution goes on. Last error: ${deps.explain(error, operation)}`,
          { cause: error }
        )
      delay = retryDelay(failures, deps.random)
      deps.warning(
        `Could not check the execution (${errorName(error)}); trying again in ${formatDuration(delay)}. The wait gives up after ${formatDuration(OUTAGE_WINDOW_MS)} without an answer.`
      )
    }

    if (options.timeoutMs !== undefined) {
      const left = startedAt + options.timeoutMs - deps.now()
      if (left <= 0) return outcome('timed-out')
      delay = Math.min(delay, left)
    }
    await deps.sleep(delay, options.signal)
    if (options.signal.aborted) return outcome('cancelled')
  }
}

/** `Still Executing after 25m0s; running: Train (Training) for 12m3s` */
function heartbeat(
  state: ExecutionState,
  known: ReadonlyMap<string, StepRecord>,
  waitedMs: number,
  now: number
): string {
  const running = [...known.values()]
    .filter(step => !isStepDone(step))
    .map(step => {
      const since = step.startTime ? ` for ${formatDuration(now - Date.parse(step.startTime))}` : ''
      return `${step.type ? `${step.name} (${step.type})` : step.name}${since}`
    })
  return `Still ${state.status} after ${formatDuration(waitedMs)}${running.length ? `; running: ${running.join(', ')}` : ''}`
}

function clock(now: number): string {
  return new Date(now).toISOString().slice(11, 19)
}
