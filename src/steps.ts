// Pipeline steps as the action reports them: a plain record per step, the changes between two
// looks, and the lines that describe them. Pure.
import type { PipelineExecutionStep } from '@aws-sdk/client-sagemaker'
import { formatDuration } from './duration.js'
import { oneLine } from './escape.js'
import { ENDED_STATUSES } from './execution.js'

/** One step, as the `steps` output lists it. */
export interface StepRecord {
  name: string
  displayName?: string
  /** From the step's metadata: Training, Processing, Condition, ... */
  type?: string
  status: string
  startTime?: string
  endTime?: string
  failureReason?: string
  attemptCount?: number
  /** The ARN of the job (or model, Lambda function, ...) behind the step, where there is one. */
  jobArn?: string
  /**
   * What a step without a job log says of itself: a Fail step's ErrorMessage, a Condition's
   * outcome, a Lambda or Callback step's output parameters, an EMR step's log file.
   */
  says?: string
  /** A QualityCheck or ClarifyCheck step's violation report (an S3 URI), when it wrote one. */
  violationReport?: string
}

export function isStepDone(step: StepRecord): boolean {
  return ENDED_STATUSES.has(step.status)
}

// Metadata keys name the kind of step: TrainingJob -> Training, Lambda -> Lambda.
export function toStepRecord(step: PipelineExecutionStep): StepRecord {
  const [kind, detail] = Object.entries(step.Metadata ?? {}).find(([, value]) => value) ?? []
  const { Arn, CheckJobArn, ViolationReport } = (detail ?? {}) as Record<string, unknown>
  // A check step's job is its CheckJobArn.
  const arn = Arn ?? CheckJobArn
  return {
    name: step.StepName ?? '',
    ...(step.StepDisplayName && { displayName: step.StepDisplayName }),
    ...(kind && { type: kind.replace(/Job$/, '') }),
    status: step.StepStatus ?? 'Unknown',
    ...(step.StartTime && { startTime: step.StartTime.toISOString() }),
    ...(step.EndTime && { endTime: step.EndTime.toISOString() }),
    ...(step.FailureReason && { failureReason: step.FailureReason }),
    ...(step.AttemptCount !== undefined && { attemptCount: step.AttemptCount }),
    ...(typeof arn === 'string' && { jobArn: arn }),
    ...stepSays(kind, detail),
    ...(typeof ViolationReport === 'string' && { violationReport: ViolationReport })
  }
}

/** The `says` of a step, from its metadata (PipelineExecutionStepMetadata's members). */
function stepSays(kind: string | undefined, detail: unknown): { says?: string } {
  const d = (detail ?? {}) as {
    ErrorMessage?: string
    Outcome?: string
    OutputParameters?: Array<{ Name?: string; Value?: string }>
    LogFilePath?: string
  }
  const says =
    kind === 'Fail'
      ? d.ErrorMessage
      : kind === 'Condition'
        ? d.Outcome && `Outcome: ${d.Outcome}`
        : kind === 'Lambda' || kind === 'Callback'
          ? d.OutputParameters?.length
            ? `Output: ${d.OutputParameters.map(p => `${p.Name ?? ''}=${p.Value ?? ''}`).join(', ')}`
            : undefined
          : kind === 'EMR'
            ? d.LogFilePath && `Log: ${d.LogFilePath}`
            : undefined
  return says ? { says } : {}
}

interface StepChange {
  step: StepRecord
  /** Undefined when the step is seen for the first time. */
  from?: string
}

/** The steps whose status (or attempt) differs from the last look, in the order given. */
export function stepChanges(
  previous: ReadonlyMap<string, StepRecord>,
  current: readonly StepRecord[]
): StepChange[] {
  return current.flatMap(step => {
    const before = previous.get(step.name)
    if (before && before.status === step.status && before.attemptCount === step.attemptCount)
      return []
    return [{ step, from: before?.status }]
  })
}

/** `Train (Training): Executing -> Succeeded in 4m12s` */
export function describeChange({ step, from }: StepChange): string {
  const name = step.type ? `${step.name} (${step.type})` : step.name
  const transition = from ? `${from} -> ${step.status}` : step.status
  const attempt = (step.attemptCount ?? 1) > 1 ? `, attempt ${step.attemptCount}` : ''
  const took = stepDuration(step)
  const done = isStepDone(step) && took !== undefined ? ` in ${formatDuration(took)}` : ''
  const reason = step.failureReason ? `: ${oneLine(step.failureReason)}` : ''
  return `${name}: ${transition}${done}${attempt}${reason}`
}

export function stepDuration(step: StepRecord, now?: number): number | undefined {
  if (!step.startTime) return undefined
  const end = step.endTime ? Date.parse(step.endTime) : now
  return end === undefined ? undefined : end - Date.parse(step.startTime)
}

/** Steps in the order they started (the API lists the newest first). */
export function inStartOrder(steps: readonly StepRecord[]): StepRecord[] {
  return [...steps].sort(
    (a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? '') || 0
  )
}
