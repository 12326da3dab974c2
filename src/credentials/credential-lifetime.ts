// How long the credentials in use last, in one place: role-to-assume's first exchange (which says
// until when), the warning when they would not outlast a wait, and the error of a wait they ran
// out in.
import * as core from '@actions/core'
import type { SageMaker } from '../client.js'
import { CredentialsError } from './credential-errors.js'
import { formatDuration } from '../duration.js'
import { isExpiredCredentials } from '../errors.js'
import type { RoleSettings } from '../inputs/role-inputs.js'

/** Without a timeout, a wait is expected to be over within the six hours a hosted job may run. */
const EXPECTED_LONGEST_WAIT_MS = 6 * 3600_000

/**
 * role-to-assume: the first exchange, before any SageMaker call, so a trust policy that refuses
 * the job fails here, in its own words. The SDK keeps these credentials and renews them.
 */
export async function assumeRole(sagemaker: SageMaker, role: RoleSettings): Promise<void> {
  const credentials = await sagemaker.client.config.credentials()
  core.info(
    `Assumed ${role.roleArn} (session ${role.sessionName}) with the job's OIDC token; credentials until ${credentials.expiration?.toISOString() ?? 'unknown'}, renewed before they expire.`
  )
}

/** When the credentials in use expire, if their provider says (AWS_CREDENTIAL_EXPIRATION, STS). */
async function credentialsExpiry(sagemaker: SageMaker): Promise<Date | undefined> {
  try {
    return (await sagemaker.client.config.credentials()).expiration
  } catch {
    return undefined
  }
}

/**
 * Credentials someone else set up (configure-aws-credentials') are not renewed: warn when they
 * expire before the wait may end.
 */
export async function warnIfCredentialsExpireFirst(
  sagemaker: SageMaker,
  timeoutMs: number | undefined
): Promise<void> {
  const expiry = await credentialsExpiry(sagemaker)
  const horizon = Date.now() + (timeoutMs ?? EXPECTED_LONGEST_WAIT_MS)
  if (!expiry || expiry.getTime() >= horizon) return
  core.warning(
    `The AWS credentials expire at ${expiry.toISOString()}, in ${formatDuration(expiry.getTime() - Date.now())}: ${timeoutMs ? 'before wait-timeout' : 'possibly before the execution ends'}. A wait past then fails (the execution goes on). Set role-to-assume, so the action renews its own credentials, or give aws-actions/configure-aws-credentials a longer role-duration-seconds.`
  )
}

/**
 * A wait that failed for want of credentials, told with what goes on and how to wait longer;
 * undefined when `error` is about something else. `error` is the wait's, its cause the SDK's.
 */
export function explainLostCredentials(
  error: unknown,
  wait: { waitedMs: number; timeoutMs: number | undefined; executionArn: string }
): Error | undefined {
  const cause = (error as Error).cause
  const waited = formatDuration(wait.waitedMs)
  // role-to-assume's renewal failed: its message already says what to fix.
  if (cause instanceof CredentialsError)
    return new Error(
      `${(error as Error).message} The wait stopped after ${waited}; the execution goes on in SageMaker: ${wait.executionArn}.`,
      { cause: error }
    )
  if (!isExpiredCredentials(cause)) return undefined
  return new Error(
    `The AWS credentials expired after ${waited} of waiting. The execution goes on in SageMaker: ${wait.executionArn}. To wait longer, set role-to-assume (with permissions: id-token: write): the action then renews its own credentials for as long as it waits. Or give aws-actions/configure-aws-credentials a role-duration-seconds at least as long as wait-timeout (${wait.timeoutMs ? formatDuration(wait.timeoutMs) : 'not set'}), within the role's maximum session duration.`,
    { cause: error }
  )
}
