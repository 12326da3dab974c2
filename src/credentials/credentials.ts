// Credentials the action gets for itself when role-to-assume is set: the job's OIDC ID token,
// exchanged with STS for the role's, and exchanged again whenever the SDK finds them near expiry.
import * as core from '@actions/core'
import { fromWebToken } from '@aws-sdk/credential-provider-web-identity'
import {
  CredentialsError,
  explainExchangeFailure,
  explainIdTokenFailure,
  explainNoIdToken,
  isRetryableExchangeError,
  subjectOf
} from './credential-errors.js'
import { errorName } from '../errors.js'
import type { CredentialProvider } from '../client.js'
import type { RoleSettings } from '../inputs/role-inputs.js'

type Credentials = Awaited<ReturnType<CredentialProvider>>

export interface CredentialDeps {
  /** The waits between attempts: one attempt more than there are waits. */
  retryDelaysMs?: readonly number[]
  env?: NodeJS.ProcessEnv
}

/**
 * 3 attempts each for the ID token and for the exchange, 1 s and 2 s apart. core.getIDToken
 * retries on its own only on HTTP 502, 503 and 504 (@actions/http-client: 10 retries, 10 ms to
 * 5 s apart, about 10 s in all); a network error or another status fails it at once. So the
 * token takes at most 33 requests and about 33 s, and the exchange 3 requests (the STS client is
 * told not to retry, so these are the only attempts).
 */
const RETRY_DELAYS_MS = [1000, 2000]

/**
 * A credential provider for the SageMaker client. Each call asks the runner for a fresh ID token
 * and exchanges it with STS (fromWebToken: the SDK's nested STS client, which honours
 * AWS_ENDPOINT_URL_STS). Renewal is the SDK's: the client memoizes the provider it is given and
 * calls it again when the credentials are within 5 minutes of their `expiration`, the one STS
 * returned; concurrent calls share one pending exchange (memoizeIdentityProvider and
 * isIdentityExpired in node_modules/@smithy/core/dist-es/legacy-root-exports/
 * util-identity-and-auth/memoizeIdentityProvider.js, wrapped around `credentials` by
 * node_modules/@aws-sdk/core/dist-es/submodules/httpAuthSchemes/aws_sdk/resolveAwsSdkSigV4Config.js).
 * Fails with a CredentialsError whose message says what to fix.
 */
export function webIdentityCredentials(
  role: RoleSettings,
  region: string,
  deps: CredentialDeps = {}
): CredentialProvider {
  const { retryDelaysMs = RETRY_DELAYS_MS, env = process.env } = deps
  return async identityProperties => {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
      throw new CredentialsError(explainNoIdToken(role.roleArn))

    const token = await withRetries(
      'getting an OIDC ID token',
      () => core.getIDToken(role.audience),
      () => true,
      retryDelaysMs,
      (error, attempts) => explainIdTokenFailure(error, role.audience, attempts)
    )
    core.setSecret(token)

    const exchange = fromWebToken({
      roleArn: role.roleArn,
      roleSessionName: role.sessionName,
      webIdentityToken: token,
      durationSeconds: role.durationSeconds,
      clientConfig: { region, maxAttempts: 1 }
    })
    const credentials = await withRetries(
      'AssumeRoleWithWebIdentity',
      // The caller's client config (the SageMaker client's, when it calls) lends the STS client
      // its request handler: the same proxy and timeouts.
      () => exchange(identityProperties),
      isRetryableExchangeError,
      retryDelaysMs,
      (error, attempts) =>
        explainExchangeFailure(error, {
          roleArn: role.roleArn,
          audience: role.audience,
          subject: subjectOf(token),
          attempts
        })
    )
    mask(credentials)
    return credentials
  }
}

function mask(credentials: Credentials): void {
  core.setSecret(credentials.accessKeyId)
  core.setSecret(credentials.secretAccessKey)
  if (credentials.sessionToken) core.setSecret(credentials.sessionToken)
}

async function withRetries<T>(
  what: string,
  attempt: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  delaysMs: readonly number[],
  explain: (error: unknown, attempts: number) => string
): Promise<T> {
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt()
    } catch (error) {
      const delay = delaysMs[attempts - 1]
      if (delay === undefined || !isRetryable(error))
        throw new CredentialsError(explain(error, attempts), { cause: error })
      // The name only: a message might quote what it was sent.
      core.info(`${what} failed (${errorName(error)}); trying again in ${delay / 1000} s.`)
      await new Promise(resolve => setTimeout(resolve, delay))
    }
  }
}
