// Failed SageMaker calls, told to the user: what happened, where, and what to do about it.
import type { SageMaker } from './client.js'
import { CredentialsError } from './credentials/credential-errors.js'
import {
  asSdkError,
  isAccessDenied,
  isConflict,
  isExpiredCredentials,
  isThrottling,
  isUnreachable
} from './errors.js'

export interface CallContext {
  /** The API operation, e.g. StartPipelineExecution. */
  operation: string
  /** The pipeline's name or ARN, as the user gave it. */
  pipelineName: string
  region: string
  /** Where the request went: the endpoint the SDK resolved. */
  endpoint: string
}

export function callContext(
  sagemaker: Pick<SageMaker, 'region' | 'endpoint'>,
  pipelineName: string,
  operation: string
): CallContext {
  return { operation, pipelineName, region: sagemaker.region, endpoint: sagemaker.endpoint }
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

/** Turns an SDK error into one message that says what happened and what to do. */
export function explainError(error: unknown, call: CallContext): string {
  const e = asSdkError(error)
  const name = e.name ?? 'Error'
  const said = (e.message ?? String(error)).trim()
  const attempts = e.$metadata?.attempts ?? 1
  const where = `${call.region} (${call.endpoint})`
  const iamAction = `sagemaker:${call.operation}`

  // role-to-assume's own errors already say what to fix in the trust policy or the workflow.
  if (error instanceof CredentialsError) return said
  if (name === 'ResourceNotFound')
    return `${call.operation}: pipeline "${call.pipelineName}" was not found in ${call.region}. Check pipeline-name, aws-region and that the credentials are for the account that owns it. SageMaker said: ${said}`
  if (name === 'ResourceLimitExceeded')
    return `${call.operation}: SageMaker refused, a limit is reached (often the number of executions running at once for this pipeline or account). Wait for running executions to finish or ask for a higher quota in Service Quotas. SageMaker said: ${said}`
  if (isConflict(error))
    return `${call.operation}: SageMaker reported a conflict with the pipeline's current state (for example a pipeline being updated). Try again when it is settled. SageMaker said: ${said}`
  if (name === 'ValidationException')
    return `${call.operation}: SageMaker rejected the request: ${said}`
  if (isAccessDenied(error))
    return `${call.operation}: access denied. Allow ${iamAction} on ${iamResource(call)} for the role this workflow uses. SageMaker said: ${said}`
  if (isExpiredCredentials(error))
    return `${call.operation}: the AWS credentials have expired. Set role-to-assume (with permissions: id-token: write) so the action gets credentials of its own and renews them for as long as it runs, or give configure-aws-credentials a longer role-duration-seconds. SageMaker said: ${said}`
  if (
    name === 'UnrecognizedClientException' ||
    name === 'InvalidSignatureException' ||
    name === 'InvalidClientTokenId'
  )
    return `${call.operation}: AWS did not accept the credentials (${name}). Check the credentials configure-aws-credentials set up. AWS said: ${said}`
  if (name === 'CredentialsProviderError')
    return `${call.operation}: no AWS credentials found. Run aws-actions/configure-aws-credentials before this step (OIDC with role-to-assume is recommended). The SDK said: ${said}`
  if (isThrottling(error))
    return `${call.operation}: SageMaker kept throttling the request after ${attempts} attempts (${name}). Too many calls are being made in ${call.region} for this account; try again later or spread out the workflows. SageMaker said: ${said}`
  if (e.$metadata?.httpStatusCode === 407)
    return `${call.operation}: the proxy asked for credentials (HTTP 407) and did not accept what was sent. Put them in the proxy URL: HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT (percent-encode @, : and / in them).`
  if (isUnreachable(error))
    return `${call.operation}: could not reach SageMaker at ${where}: ${e.code ?? name} ${said} (after ${attempts} attempts). Check the runner's network, proxy (HTTPS_PROXY, NO_PROXY) and DNS, and AWS_ENDPOINT_URL_SAGEMAKER if set.${call.operation === 'StartPipelineExecution' ? ' If a request reached SageMaker, the execution exists: re-running the workflow gets it back through the same client request token, without starting another.' : ''}`
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500)
    return `${call.operation}: SageMaker had an internal error in ${where} after ${attempts} attempts (${name}, HTTP ${e.$metadata?.httpStatusCode}). Try again later. SageMaker said: ${said}`
  return `${call.operation} failed in ${where}: ${name}: ${said}`
}
