// The SageMaker client: its configuration, the calls the action makes, and the translation of
// SDK errors into messages a user can act on.
import {
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type DescribePipelineExecutionCommandOutput,
  type StartPipelineExecutionCommandInput
} from '@aws-sdk/client-sagemaker'
import { proxyAgents } from './proxy.js'
import { isStepDone, toStepRecord, type StepRecord } from './steps.js'
import { ACTION_NAME, ACTION_VERSION } from './version.js'

/** Attempts per call, the first included. The SDK's standard mode backs off with jitter between them. */
export const MAX_ATTEMPTS = 6
/** A dead network must fail a step, not hold it until the job's six-hour limit. */
const CONNECTION_TIMEOUT_MS = 10_000
const REQUEST_TIMEOUT_MS = 60_000

export interface SageMaker {
  client: SageMakerClient
  /** Where requests go: the SDK's default for the region, or AWS_ENDPOINT_URL(_SAGEMAKER). */
  endpoint: string
  /** The proxy requests go through (HTTPS_PROXY, NO_PROXY, ...), without credentials; if any. */
  proxy?: string
  /** SageMaker's clock minus ours, from the Date header of the latest response, if any. */
  clockOffsetMs(): number | undefined
}

export async function connect(region: string, env: NodeJS.ProcessEnv): Promise<SageMaker> {
  const endpoint = configuredEndpoint(env) ?? `https://api.sagemaker.${region}.amazonaws.com`
  const { proxy, ...agents } = await proxyAgents(endpoint, env)
  const client = new SageMakerClient({
    region,
    customUserAgent: [[ACTION_NAME, ACTION_VERSION]],
    retryMode: 'standard',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      ...agents,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true
    }
  })

  let offset: number | undefined
  client.middlewareStack.add(
    next => async args => {
      const result = await next(args)
      const date = (result.response as { headers?: Record<string, string> }).headers?.date
      const serverTime = date ? Date.parse(date) : NaN
      if (!Number.isNaN(serverTime)) offset = serverTime - Date.now()
      return result
    },
    { step: 'deserialize', name: 'readServerClock' }
  )

  return { client, endpoint, proxy, clockOffsetMs: () => offset }
}

function configuredEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined
  return env.AWS_ENDPOINT_URL_SAGEMAKER || env.AWS_ENDPOINT_URL || undefined
}

/** Starts the execution; the SDK sends the same ClientRequestToken on every retry. */
export async function startExecution(
  sagemaker: SageMaker,
  request: StartPipelineExecutionCommandInput
): Promise<string> {
  const { PipelineExecutionArn } = await sagemaker.client.send(
    new StartPipelineExecutionCommand(request)
  )
  if (!PipelineExecutionArn)
    throw new Error('SageMaker accepted the start but returned no PipelineExecutionArn.')
  return PipelineExecutionArn
}

export async function describeExecution(
  sagemaker: SageMaker,
  arn: string,
  abortSignal?: AbortSignal
): Promise<DescribePipelineExecutionCommandOutput> {
  return sagemaker.client.send(
    new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }),
    { abortSignal }
  )
}

/** The pipeline's definition (JSON text), as of the version that would run. */
export async function describePipelineDefinition(
  sagemaker: SageMaker,
  pipelineName: string,
  pipelineVersionId: number | undefined
): Promise<string | undefined> {
  const pipeline = await sagemaker.client.send(
    new DescribePipelineCommand({
      PipelineName: pipelineName,
      ...(pipelineVersionId !== undefined && { PipelineVersionId: pipelineVersionId })
    })
  )
  return pipeline.PipelineDefinition
}

/** The most a page of ListPipelineExecutionSteps may hold. */
const STEPS_PAGE_SIZE = 100

/**
 * The execution's steps, newest first. Pages are read only as far as something may have changed:
 * once a page holds only steps that had already ended at the last look, and every step still
 * running then has been seen again, the older pages cannot hold news. A long pipeline then costs
 * one call a look, not one a hundred steps.
 */
export async function listSteps(
  sagemaker: SageMaker,
  arn: string,
  known: ReadonlyMap<string, StepRecord>,
  abortSignal?: AbortSignal
): Promise<StepRecord[]> {
  const steps: StepRecord[] = []
  const running = new Set([...known.values()].filter(step => !isStepDone(step)).map(s => s.name))
  let NextToken: string | undefined
  do {
    const page = await sagemaker.client.send(
      new ListPipelineExecutionStepsCommand({
        PipelineExecutionArn: arn,
        SortOrder: 'Descending',
        MaxResults: STEPS_PAGE_SIZE,
        NextToken
      }),
      { abortSignal }
    )
    const records = (page.PipelineExecutionSteps ?? []).map(toStepRecord)
    steps.push(...records)
    records.forEach(step => running.delete(step.name))
    const unchanged = records.every(step => {
      const before = known.get(step.name)
      return before && isStepDone(before) && before.attemptCount === step.attemptCount
    })
    if (unchanged && running.size === 0 && records.length > 0) {
      // Older steps are as they were: keep them from the last look.
      const seen = new Set(steps.map(step => step.name))
      steps.push(...[...known.values()].filter(step => !seen.has(step.name)))
      break
    }
    NextToken = page.NextToken
  } while (NextToken)
  return steps
}

/**
 * Asks SageMaker to stop the execution. The token makes a repeated request (the main step's and
 * then the post step's) one stop.
 */
export async function stopExecution(
  sagemaker: SageMaker,
  arn: string,
  token: string,
  abortSignal?: AbortSignal
): Promise<void> {
  await sagemaker.client.send(
    new StopPipelineExecutionCommand({ PipelineExecutionArn: arn, ClientRequestToken: token }),
    { abortSignal }
  )
}

/**
 * Resumes a failed execution from its failed steps; the steps that succeeded keep their results.
 * The ARN stays the same.
 */
export async function retryExecution(
  sagemaker: SageMaker,
  arn: string,
  token: string,
  maxParallelExecutionSteps: number | undefined
): Promise<void> {
  await sagemaker.client.send(
    new RetryPipelineExecutionCommand({
      PipelineExecutionArn: arn,
      ClientRequestToken: token,
      ...(maxParallelExecutionSteps !== undefined && {
        ParallelismConfiguration: { MaxParallelExecutionSteps: maxParallelExecutionSteps }
      })
    })
  )
}

/** When the credentials in use expire, if their provider says (AWS_CREDENTIAL_EXPIRATION, STS). */
export async function credentialsExpiry(sagemaker: SageMaker): Promise<Date | undefined> {
  try {
    return (await sagemaker.client.config.credentials()).expiration
  } catch {
    return undefined
  }
}

export function isExpiredCredentials(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name
  return name === 'ExpiredTokenException' || name === 'ExpiredToken'
}

/** Throttling, server faults and network trouble: worth another try later. */
export function isTransientError(error: unknown): boolean {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError
  return (
    THROTTLING_ERRORS.has(e.name ?? '') ||
    e.$metadata?.httpStatusCode === 429 ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    e.name === 'TimeoutError' ||
    (e.code !== undefined && NETWORK_ERRORS.has(e.code))
  )
}

export function isAccessDenied(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name
  return name === 'AccessDeniedException' || name === 'AccessDenied'
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

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown'
])

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH'
])

interface SdkError {
  name?: string
  message?: string
  code?: string
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string }
}

export interface CallContext {
  /** The API operation, e.g. StartPipelineExecution. */
  operation: string
  pipelineName: string
  region: string
  endpoint: string
}

/** Operations whose IAM resource is an execution rather than the pipeline. */
const EXECUTION_OPERATIONS = new Set([
  'DescribePipelineExecution',
  'ListPipelineExecutionSteps',
  'StopPipelineExecution',
  'RetryPipelineExecution'
])

/** The resource an IAM policy must name for the call: pipeline names are lower-case in ARNs. */
function iamResource(call: CallContext): string {
  const pipeline = call.pipelineName.startsWith('arn:')
    ? call.pipelineName
    : `arn:aws:sagemaker:${call.region}:ACCOUNT:pipeline/${call.pipelineName.toLowerCase()}`
  return EXECUTION_OPERATIONS.has(call.operation) ? `${pipeline}/execution/*` : pipeline
}

export function callContext(
  sagemaker: SageMaker,
  settings: { pipelineName: string; region: string },
  operation: string
): CallContext {
  return {
    operation,
    pipelineName: settings.pipelineName,
    region: settings.region,
    endpoint: sagemaker.endpoint
  }
}

/** Turns an SDK error into one message that says what happened and what to do. */
export function explainError(error: unknown, call: CallContext): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError
  const name = e.name ?? 'Error'
  const said = (e.message ?? String(error)).trim()
  const attempts = e.$metadata?.attempts ?? 1
  const where = `${call.region} (${call.endpoint})`
  const iamAction = `sagemaker:${call.operation}`

  if (name === 'ResourceNotFound')
    return `${call.operation}: pipeline "${call.pipelineName}" was not found in ${call.region}. Check pipeline-name, aws-region and that the credentials are for the account that owns it. SageMaker said: ${said}`
  if (name === 'ResourceLimitExceeded')
    return `${call.operation}: SageMaker refused, a limit is reached (often the number of executions running at once for this pipeline or account). Wait for running executions to finish or ask for a higher quota in Service Quotas. SageMaker said: ${said}`
  if (name === 'ConflictException')
    return `${call.operation}: SageMaker reported a conflict with the pipeline's current state (for example a pipeline being updated). Try again when it is settled. SageMaker said: ${said}`
  if (name === 'ValidationException')
    return `${call.operation}: SageMaker rejected the request: ${said}`
  if (name === 'AccessDeniedException' || name === 'AccessDenied')
    return `${call.operation}: access denied. Allow ${iamAction} on ${iamResource(call)} for the role this workflow uses. SageMaker said: ${said}`
  if (isExpiredCredentials(error))
    return `${call.operation}: the AWS credentials have expired. Give configure-aws-credentials a longer role-duration-seconds. SageMaker said: ${said}`
  if (
    name === 'UnrecognizedClientException' ||
    name === 'InvalidSignatureException' ||
    name === 'InvalidClientTokenId'
  )
    return `${call.operation}: AWS did not accept the credentials (${name}). Check the credentials configure-aws-credentials set up. AWS said: ${said}`
  if (name === 'CredentialsProviderError')
    return `${call.operation}: no AWS credentials found. Run aws-actions/configure-aws-credentials before this step (OIDC with role-to-assume is recommended). The SDK said: ${said}`
  if (THROTTLING_ERRORS.has(name) || e.$metadata?.httpStatusCode === 429)
    return `${call.operation}: SageMaker kept throttling the request after ${attempts} attempts (${name}). Too many calls are being made in ${call.region} for this account; try again later or spread out the workflows. SageMaker said: ${said}`
  if (e.$metadata?.httpStatusCode === 407)
    return `${call.operation}: the proxy asked for credentials (HTTP 407) and did not accept what was sent. Put them in the proxy URL: HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT (percent-encode @, : and / in them).`
  if (name === 'TimeoutError' || (e.code !== undefined && NETWORK_ERRORS.has(e.code)))
    return `${call.operation}: could not reach SageMaker at ${where}: ${e.code ?? name} ${said} (after ${attempts} attempts). Check the runner's network, proxy (HTTPS_PROXY, NO_PROXY) and DNS, and AWS_ENDPOINT_URL_SAGEMAKER if set.${call.operation === 'StartPipelineExecution' ? ' If a request reached SageMaker, the execution exists: re-running the workflow gets it back through the same client request token, without starting another.' : ''}`
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500)
    return `${call.operation}: SageMaker had an internal error in ${where} after ${attempts} attempts (${name}, HTTP ${e.$metadata?.httpStatusCode}). Try again later. SageMaker said: ${said}`
  return `${call.operation} failed in ${where}: ${name}: ${said}`
}
