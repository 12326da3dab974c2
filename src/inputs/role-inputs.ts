// The role inputs (role-to-assume, role-session-name, role-duration-seconds, audience): which role
// the action assumes for itself, read and checked with the other inputs, before any call.
import { lengthOf, matchesPattern, type NumberShape, type StringShape } from '../constraints.js'
import { InputError } from './input-error.js'
import { parseWholeNumber } from './input-checks.js'

// STS's limits for AssumeRoleWithWebIdentity (sts/2011-06-15/service-2.json, as in
// emulator/data/sts-web-identity-model.json): a unit test compares them with the model.
export const AssumedRoleArn: StringShape = { shape: 'arnType', min: 20, max: 2048 }
export const RoleSessionName: StringShape = {
  shape: 'roleSessionNameType',
  min: 2,
  max: 64,
  pattern: '[\\w+=,.@-]*'
}
export const RoleDurationSeconds: NumberShape = {
  shape: 'roleDurationSecondsType',
  min: 900,
  max: 43200
}

export interface RoleSettings {
  roleArn: string
  sessionName: string
  durationSeconds: number
  /** The ID token's `aud`, which the role's trust policy checks. */
  audience: string
}

/** The workflow run, for the default session name. */
interface RunIdentity {
  /** owner/name */
  repository: string
  runId: number | string
}

/** The run, as the runner's environment names it: what the main and the post step both read. */
export function runIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  return { repository: env.GITHUB_REPOSITORY ?? '', runId: env.GITHUB_RUN_ID ?? '' }
}

const DEFAULT_DURATION_SECONDS = 3600
const DEFAULT_AUDIENCE = 'sts.amazonaws.com'
/** An IAM role's ARN in any partition; a role name alone cannot be assumed without the account. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/

/**
 * The role to assume and how, or undefined when role-to-assume is empty: the action then uses the
 * credentials it finds (configure-aws-credentials'), and the other role inputs do not apply.
 */
export function parseRoleSettings(
  read: (name: string) => string,
  run: RunIdentity
): RoleSettings | undefined {
  // All four are read whatever is set, so the inputs the action reads stay those action.yml lists.
  const [roleArn, sessionNameInput, duration, audienceInput] = [
    'role-to-assume',
    'role-session-name',
    'role-duration-seconds',
    'audience'
  ].map(read)
  if (roleArn === undefined || roleArn === '') return undefined
  if (
    lengthOf(roleArn) < AssumedRoleArn.min ||
    lengthOf(roleArn) > AssumedRoleArn.max ||
    !ROLE_ARN.test(roleArn)
  )
    throw new InputError(
      'role-to-assume',
      'must be an IAM role ARN, such as arn:aws:iam::123456789012:role/github-deploy.',
      roleArn
    )

  const sessionName = sessionNameInput || defaultSessionName(run)
  if (
    lengthOf(sessionName) < RoleSessionName.min ||
    lengthOf(sessionName) > RoleSessionName.max ||
    !matchesPattern(RoleSessionName, sessionName)
  )
    throw new InputError(
      'role-session-name',
      `must be ${RoleSessionName.min} to ${RoleSessionName.max} letters, digits and any of _+=,.@- (${RoleSessionName.shape}).`,
      sessionName
    )

  const audience = audienceInput || DEFAULT_AUDIENCE
  // The runner puts the audience in a URL's query, and the trust policy compares it whole.
  if (/[\s,]/.test(audience))
    throw new InputError(
      'audience',
      'must be one audience, without spaces or commas, such as sts.amazonaws.com.',
      audience
    )
  return {
    roleArn,
    sessionName,
    durationSeconds:
      duration === undefined || duration === ''
        ? DEFAULT_DURATION_SECONDS
        : parseWholeNumber('role-duration-seconds', duration, RoleDurationSeconds),
    audience
  }
}

/**
 * `sagemaker-pipeline-OWNER-REPO-RUNID` in STS's alphabet and length: CloudTrail then tells which
 * run made each call. A long repository name is cut, not the run id.
 */
export function defaultSessionName(run: RunIdentity): string {
  const squeeze = (text: string) => text.replace(/[^\w+=,.@-]/g, '-')
  const suffix = squeeze(`-${run.runId}`).slice(0, RoleSessionName.max)
  const head = squeeze(`sagemaker-pipeline-${run.repository}`)
  return head.slice(0, RoleSessionName.max - suffix.length) + suffix
}
