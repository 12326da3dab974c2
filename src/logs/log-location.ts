// Where a step's job writes its log: SageMaker's log group for the kind of job, and the streams
// named after the job (AWS's "CloudWatch Logs for Amazon SageMaker AI"). Pure.
import type { StepRecord } from '../steps.js'

export interface LogLocation {
  group: string
  /** Every stream of the job starts with it: `<job>/`. */
  streamPrefix: string
  job: string
}

/**
 * Training streams are `<job>/algo-<n>-<epoch>`, processing `<job>/<host>-<epoch>`, transform
 * `<job>/<instance>-<epoch>` (and `.../data-log`).
 */
const LOG_GROUPS: Readonly<Record<string, string>> = {
  Training: '/aws/sagemaker/TrainingJobs',
  Processing: '/aws/sagemaker/ProcessingJobs',
  Transform: '/aws/sagemaker/TransformJobs'
}

/** Undefined for a step that runs no job of those kinds. */
export function logLocation(step: StepRecord): LogLocation | undefined {
  const group = step.type === undefined ? undefined : LOG_GROUPS[step.type]
  // arn:aws:sagemaker:REGION:ACCOUNT:training-job/NAME
  const job = /:[a-z-]+-job\/([^/]+)$/.exec(step.jobArn ?? '')?.[1]
  if (group === undefined || job === undefined) return undefined
  return { group, streamPrefix: `${job}/`, job }
}

/** The steps whose log is worth showing: a job that failed or was stopped. */
export function stepsToExplain(steps: readonly StepRecord[]): StepRecord[] {
  return steps.filter(
    step => (step.status === 'Failed' || step.status === 'Stopped') && logLocation(step)
  )
}

/** The instance part of a stream's name, to tell the lines of several apart: `algo-2`. */
export function instanceOf(stream: string, location: LogLocation): string {
  const rest = stream.startsWith(location.streamPrefix)
    ? stream.slice(location.streamPrefix.length)
    : stream
  return rest.replace(/-\d{9,}(?=\/|$)/, '')
}
