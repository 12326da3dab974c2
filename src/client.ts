// The SageMaker client as the action configures it: retries, timeouts, the endpoint the SDK
// resolves, the proxy that applies to it, and SageMaker's clock.
import { SageMakerClient, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker'
import { getEndpointFromInstructions } from '@smithy/core/endpoints'
import type { fromWebToken } from '@aws-sdk/credential-provider-web-identity'
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler'
import { proxyAgents } from './proxy.js'
import { ACTION_NAME, ACTION_VERSION } from './version.js'

/** Attempts per call, the first included. The SDK's standard mode backs off with jitter between them. */
const MAX_ATTEMPTS = 6
/** A dead network must fail a step, not hold it until the job's six-hour limit. */
const CONNECTION_TIMEOUT_MS = 10_000
const REQUEST_TIMEOUT_MS = 60_000

/**
 * What the SageMaker client's `credentials` takes: @smithy/types' AwsCredentialIdentityProvider,
 * named through fromWebToken, as @smithy/types is not a dependency of the action's own.
 */
export type CredentialProvider = ReturnType<typeof fromWebToken>

export interface SageMaker {
  client: SageMakerClient
  region: string
  /** Where requests go, as the SDK resolves it (AWS_ENDPOINT_URL_SAGEMAKER, the config file, or the region's). */
  endpoint: string
  /** The proxy requests go through (HTTPS_PROXY, NO_PROXY, ...), without credentials; if any. */
  proxy?: string
  /** SageMaker's clock minus ours, from the Date header of the latest response, if any. */
  clockOffsetMs(): number | undefined
}

/**
 * `credentials`, when given, is the action's own provider (credentials.ts); without it the SDK
 * finds credentials its default way (the environment configure-aws-credentials sets, ...).
 */
export async function connect(
  region: string,
  env: NodeJS.ProcessEnv,
  credentials?: CredentialProvider
): Promise<SageMaker> {
  const { client, endpoint, proxy } = await configured(
    shared => new SageMakerClient({ region, ...shared, ...(credentials && { credentials }) }),
    resolvedEndpoint,
    env
  )

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

  return { client, region, endpoint, proxy, clockOffsetMs: () => offset }
}

/** What every client of the action shares: its user agent, retries, and an HTTP handler. */
interface SharedConfig {
  customUserAgent: [string, string][]
  retryMode: 'standard'
  maxAttempts: number
  requestHandler: NodeHttpHandler
}

/**
 * An SDK client set up as the SageMaker one is (another service's, such as CloudWatch Logs'):
 * the same retries and timeouts, and the proxy that applies to the endpoint the SDK resolves for
 * it. The handler takes its options at the first request, since the proxy's agent depends on the
 * endpoint and the endpoint is the client's to resolve.
 */
export async function configured<C>(
  make: (shared: SharedConfig) => C,
  endpointOf: (client: C) => Promise<string>,
  env: NodeJS.ProcessEnv
): Promise<{ client: C; endpoint: string; proxy?: string }> {
  let useOptions!: (options: NodeHttpHandlerOptions) => void
  const options = new Promise<NodeHttpHandlerOptions>(resolve => (useOptions = resolve))
  const client = make({
    customUserAgent: [[ACTION_NAME, ACTION_VERSION]],
    retryMode: 'standard',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: new NodeHttpHandler(() => options)
  })
  const endpoint = await endpointOf(client)
  const { proxy, ...agents } = await proxyAgents(endpoint, env)
  useOptions({
    ...agents,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true
  })
  return { client, endpoint, proxy }
}

/**
 * The endpoint the SDK sends SageMaker's requests to, resolved the SDK's own way: a configured
 * endpoint (AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL, `endpoint_url` or `services` in the
 * shared config file) unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the region's, FIPS and
 * dual-stack settings included. Every operation the action calls resolves to the same one.
 */
async function resolvedEndpoint(client: SageMakerClient): Promise<string> {
  const { url } = await getEndpointFromInstructions(
    {},
    StartPipelineExecutionCommand,
    client.config
  )
  return url.href.replace(/\/$/, '')
}
