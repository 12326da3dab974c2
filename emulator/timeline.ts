// Execution state is derived from the clock on every read, so nothing needs timers to advance.
import type {
  ConditionOutcome,
  ModelSpec,
  PipelineExecutionStatus,
  StepLogs,
  StepStatus,
  StepType
} from './types.js'

export interface PlannedStep {
  name: string
  type: StepType
  displayName?: string
  startAt: number
  startingMs: number
  /** Infinity for a step that never ends by itself (seeded Executing executions). */
  endAt: number
  fails?: string
  /** How many attempts fail with `fails`; default 1. */
  failedAttempts?: number
  attempt: number
  /** A Condition step's outcome, decided when the execution started. */
  outcome?: ConditionOutcome
  logs?: StepLogs
  /** What a RegisterModel step registers. */
  model?: ModelSpec
}

export interface StopRequest {
  requestedAt: number
  completesAt: number
}

export interface StepState {
  step: PlannedStep
  status: StepStatus
  startTime: number
  endTime?: number
  failureReason?: string
}

export interface ExecutionState {
  status: PipelineExecutionStatus
  failureReason?: string
  lastModifiedTime: number
  /** Steps that have started, in run order. */
  steps: StepState[]
}

export const TERMINAL: readonly PipelineExecutionStatus[] = ['Stopped', 'Failed', 'Succeeded']

// What DescribePipelineExecution says when a step fails; the step itself carries the reason.
const STEP_FAILURE = 'Step failure: One or multiple steps failed.'

export interface StepTiming {
  name: string
  type: StepType
  displayName?: string
  durationMs: number
  startingMs?: number
  fails?: string
  failedAttempts?: number
  attempt?: number
  outcome?: ConditionOutcome
  logs?: StepLogs
  model?: ModelSpec
}

/** Places steps back to back from `startAt`. */
export function layoutSteps(steps: readonly StepTiming[], startAt: number): PlannedStep[] {
  let at = startAt
  return steps.map(({ durationMs, startingMs, attempt, ...step }) => {
    const planned: PlannedStep = {
      ...step,
      startAt: at,
      startingMs: startingMs ?? Math.min(Math.floor(durationMs / 10), 1000),
      endAt: at + durationMs,
      attempt: attempt ?? 1
    }
    at = planned.endAt
    return planned
  })
}

export function executionState(
  createdAt: number,
  steps: readonly PlannedStep[],
  stop: StopRequest | undefined,
  now: number
): ExecutionState {
  const started: StepState[] = []
  let lastModifiedTime = createdAt
  for (const step of steps) {
    // Steps due after a stop request never start.
    if (now < step.startAt || (stop && step.startAt >= stop.requestedAt)) break
    const state = stepState(step, stop, now)
    started.push(state)
    lastModifiedTime = Math.max(lastModifiedTime, state.endTime ?? state.startTime)
    if (state.status !== 'Succeeded') break
  }
  const last = started.at(-1)
  if (last?.status === 'Failed') {
    return { status: 'Failed', failureReason: STEP_FAILURE, lastModifiedTime, steps: started }
  }
  if (stop) {
    const stopped = now >= stop.completesAt
    return {
      status: stopped ? 'Stopped' : 'Stopping',
      lastModifiedTime: stopped ? stop.completesAt : stop.requestedAt,
      steps: started
    }
  }
  const done = started.length === steps.length && (!last || last.status === 'Succeeded')
  return { status: done ? 'Succeeded' : 'Executing', lastModifiedTime, steps: started }
}

function stepState(step: PlannedStep, stop: StopRequest | undefined, now: number): StepState {
  const startTime = step.startAt
  if (stop && now >= stop.requestedAt && stop.requestedAt < step.endAt) {
    return now < stop.completesAt
      ? { step, status: 'Stopping', startTime }
      : { step, status: 'Stopped', startTime, endTime: stop.completesAt }
  }
  if (now < step.startAt + step.startingMs) return { step, status: 'Starting', startTime }
  if (now < step.endAt) return { step, status: 'Executing', startTime }
  return step.fails === undefined
    ? { step, status: 'Succeeded', startTime, endTime: step.endAt }
    : { step, status: 'Failed', startTime, endTime: step.endAt, failureReason: step.fails }
}
