// A pipeline execution as the action reads it: what its ARN names, its state, the statuses it
// ends in, and whether it was there before this step began. Pure.

export interface ExecutionState {
  status: string
  failureReason?: string
}

const EXECUTION_ARN =
  /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):(?:\d{12}|aws):pipeline\/([^/]+)\/execution\/([^/]+)$/

/**
 * What an execution's ARN names: arn:PARTITION:sagemaker:REGION:ACCOUNT:pipeline/NAME/execution/ID.
 * The name is the pipeline's in lower case, as ARNs hold it.
 */
export function parseExecutionArn(
  arn: string
): { region: string; pipelineName: string; executionId: string } | undefined {
  const [, region, pipelineName, executionId] = EXECUTION_ARN.exec(arn) ?? []
  if (region === undefined || pipelineName === undefined || executionId === undefined)
    return undefined
  return { region, pipelineName, executionId }
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
