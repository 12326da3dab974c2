// Why the action could not get credentials of its own, told so the user can fix it: the workflow's
// permissions, the role's trust policy, or the network. Pure: the ID token is never shown, only the
// claims a trust policy matches.
import { asSdkError, isAccessDenied, isTransientError } from '../errors.js'
import { oneLine } from '../escape.js'

/** What a message about the exchange names: the role, the audience asked for, the token's subject. */
export interface ExchangeContext {
  roleArn: string
  audience: string
  /** The ID token's `sub` claim, if it could be read. */
  subject?: string
  /** Attempts made, the first included. */
  attempts: number
}

/** A failure to get credentials, whose message is the whole explanation: show it as it is. */
export class CredentialsError extends Error {
  override name = 'CredentialsError'
}

/**
 * The `sub` claim of a JWT (`header.payload.signature`, base64url), which a role's trust policy
 * matches with `token.actions.githubusercontent.com:sub`. Undefined when it cannot be read.
 */
export function subjectOf(idToken: string): string | undefined {
  const payload = idToken.split('.')[1]
  if (!payload) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    const sub = (claims as { sub?: unknown } | null)?.sub
    return typeof sub === 'string' ? sub : undefined
  } catch {
    return undefined
  }
}

/** The runner hands out ID tokens only to jobs allowed to ask for them. */
export function explainNoIdToken(roleArn: string): string {
  return [
    `role-to-assume is set (${roleArn}), but the runner offers this job no OIDC ID token: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Give the job (or the workflow) permission to ask for one:`,
    '',
    'permissions:',
    '  id-token: write',
    '  contents: read',
    '',
    '(Once permissions are listed, the ones not listed are none, hence contents: read for actions/checkout.) A workflow run by a pull request from a fork gets no ID token whatever its permissions say: run this step for pushes, or for pull requests from branches of this repository.'
  ].join('\n')
}

/** The runner's token endpoint failed every attempt. */
export function explainIdTokenFailure(error: unknown, audience: string, attempts: number): string {
  return `Could not get an OIDC ID token (audience ${JSON.stringify(audience)}) from the runner after ${attempts} attempts: ${said(error)}. The runner's token service may be unavailable; re-run the job.`
}

/** Whether STS may answer differently if asked again: throttling, its faults, the network. */
export function isRetryableExchangeError(error: unknown): boolean {
  return isTransientError(error) || asSdkError(error).name === 'IDPCommunicationErrorException'
}

/** STS refused the exchange, or could not be reached, in terms of what to change. */
export function explainExchangeFailure(error: unknown, call: ExchangeContext): string {
  const e = asSdkError(error)
  const name = e.name ?? 'Error'
  const who = `role ${call.roleArn}, audience ${JSON.stringify(call.audience)}, ID token subject (sub) ${call.subject === undefined ? 'unreadable' : JSON.stringify(oneLine(call.subject))}`
  const stsSaid = `STS said: ${said(error)}`

  if (isAccessDenied(error))
    return `AssumeRoleWithWebIdentity: STS denied the role to this workflow (${who}). Check that the role exists, and that its trust policy allows sts:AssumeRoleWithWebIdentity to the federated principal of token.actions.githubusercontent.com in its account, with conditions this token meets: "token.actions.githubusercontent.com:aud" equal to the audience, and "token.actions.githubusercontent.com:sub" matching the subject above (StringLike with a pattern such as repo:OWNER/REPO:* for any branch, or the exact subject). ${stsSaid}`
  if (name === 'InvalidIdentityTokenException' || name === 'IDPRejectedClaimException')
    return `AssumeRoleWithWebIdentity: AWS did not accept the ID token (${name}; ${who}). The role's account needs an IAM OIDC identity provider for https://token.actions.githubusercontent.com whose audiences include ${JSON.stringify(call.audience)} (the audience input), and the role's trust policy must check "token.actions.githubusercontent.com:aud" against the same value. ${stsSaid}`
  if (name === 'ExpiredTokenException')
    return `AssumeRoleWithWebIdentity: the ID token had expired when STS read it (${who}). Check the runner's clock, then re-run the job. ${stsSaid}`
  if (name === 'ValidationError')
    return `AssumeRoleWithWebIdentity: STS rejected the request (${who}). If it is about DurationSeconds, role-duration-seconds is more than the role's maximum session duration: lower it, or raise the role's. ${stsSaid}`
  if (name === 'RegionDisabledException')
    return `AssumeRoleWithWebIdentity: STS is not activated in this region for the role's account. Activate it in IAM's account settings, or use another aws-region. ${stsSaid}`
  if (isRetryableExchangeError(error))
    return `AssumeRoleWithWebIdentity: could not reach STS, or it kept failing, after ${call.attempts} attempts (${e.code ?? name}). Check the runner's network, DNS and AWS_ENDPOINT_URL_STS if set; re-run the job when STS answers. ${stsSaid}`
  return `AssumeRoleWithWebIdentity failed (${name}; ${who}). ${stsSaid}`
}

function said(error: unknown): string {
  return oneLine(asSdkError(error).message ?? String(error)) || 'no message'
}
