// End to end: role-to-assume. The action gets credentials of its own from the job's OIDC ID token
// (a local STS and ID-token endpoint), renews them through a wait longer than they live, says what
// to fix when it cannot get them, and never shows them.
import { describe, expect, it } from '@jest/globals'
import type { Emulator, StepSpec, StsEmulator } from '../../emulator/index.js'
import { commandsOf, type RunResult } from '../../test-support/runner.js'
import { ENVIRONMENT_KEY, ROLE, useRoleAction } from './long-waits-support.js'
import { PIPELINE } from './support.js'

const FAST = { wait: 'true', 'max-poll-interval': '1s' }
const SUBJECT = 'repo:acme/churn:ref:refs/heads/main'
/** What AWS answers when the keys are not (or no longer) good. */
const CREDENTIAL_ERRORS = [
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId'
]
/** A JWT: a base64url JSON header and payload. */
const JWT = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/

let sts: StsEmulator
let emulator: Emulator
const { run } = useRoleAction(started => ({ sts, emulator } = started), { timeoutMs: 40_000 })

function pipeline(steps: StepSpec[]): void {
  emulator.addPipeline({ name: PIPELINE, steps })
}

/** About 1 s in all. */
const SHORT: StepSpec[] = [
  { name: 'Preprocess', type: 'Processing', durationMs: 500 },
  { name: 'Train', type: 'Training', durationMs: 500 }
]

/** Every SageMaker request signed with a key STS issued, still valid when it arrived. */
function expectOnlyIssuedKeys(): void {
  expect(emulator.requests.length).toBeGreaterThan(0)
  for (const request of emulator.requests) {
    expect(request.accessKeyId).not.toBe(ENVIRONMENT_KEY)
    expect({
      operation: request.operation,
      status: sts.statusOf(request.accessKeyId, request.receivedAt)
    }).toEqual({ operation: request.operation, status: 'valid' })
    expect(CREDENTIAL_ERRORS).not.toContain(request.response?.errorType)
  }
}

describe('credentials renewed through a long wait', () => {
  // Credentials that live 3 s, and an execution of about 10 s: the wait outlives at least three of
  // them. With lifetimes under the SDK's 5-minute refresh window, the SDK finds the credentials it
  // holds "about to expire" at every call, and exchanges a fresh ID token before each request: that
  // is expected here (with real STS, whose credentials live at least 15 minutes, the exchange comes
  // once per lifetime minus 5 minutes).
  it('waits across three credential lifetimes, every request signed with a live key', async () => {
    sts.settings.credentialLifetimeSeconds = 3
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 3000 },
      { name: 'Train', type: 'Training', durationMs: 4000 },
      { name: 'Evaluate', type: 'Processing', durationMs: 3000 }
    ])

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    const [execution] = emulator.executions(PIPELINE)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(execution?.status).toBe('Succeeded')
    // The wait outlived at least three lifetimes.
    const requests = emulator.requests
    const spanMs =
      (requests.at(-1)?.receivedAt.getTime() ?? 0) - (requests[0]?.receivedAt.getTime() ?? 0)
    expect(spanMs).toBeGreaterThan(3 * 3000)

    expectOnlyIssuedKeys()
    const issued = sts.issued
    expect(issued.length).toBeGreaterThanOrEqual(3)
    for (const credentials of issued) {
      expect(credentials).toMatchObject({ roleArn: ROLE, subject: SUBJECT })
      expect(credentials.roleSessionName).toBe('sagemaker-pipeline-acme-churn-1234567890')
    }
    // Keys of at least three lifetimes signed requests.
    const used = new Set(requests.map(r => r.accessKeyId))
    expect(used.size).toBeGreaterThanOrEqual(3)
    // Each exchange had a token of its own, for the default audience, asked with the runner's bearer.
    expect(sts.idTokenRequests.length).toBe(issued.length)
    for (const token of sts.idTokenRequests) {
      expect(token).toMatchObject({ audience: 'sts.amazonaws.com', authorized: true, status: 200 })
    }
    expect(sts.requests.every(r => r.response?.status === 200)).toBe(true)
    expect(result.stdout).toContain(`Assumed ${ROLE}`)
  }, 45_000)

  it('with credentials that live an hour, exchanges the ID token once', async () => {
    pipeline(SHORT)

    const result = await run(FAST)

    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    expect(sts.idTokenRequests).toHaveLength(1)
    expect(sts.requests).toHaveLength(1)
    expect(sts.requests[0]).toMatchObject({
      operation: 'AssumeRoleWithWebIdentity',
      parameters: expect.objectContaining({ RoleArn: ROLE, DurationSeconds: 3600 }),
      response: { status: 200 }
    })
    expect(sts.issued).toHaveLength(1)
    expectOnlyIssuedKeys()
    expect(new Set(emulator.requests.map(r => r.accessKeyId))).toEqual(
      new Set([sts.issued[0]?.accessKeyId])
    )
    // Several looks, so the one exchange served more than one call.
    expect(emulator.requestsFor('DescribePipelineExecution').length).toBeGreaterThanOrEqual(2)
  })

  it('gets its ID token when the runner answers on the third attempt', async () => {
    pipeline(SHORT)
    sts.failIdTokenRequests(2, 'server-error')

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    expect(sts.idTokenRequests.map(r => r.status)).toEqual([500, 500, 200])
    expect(sts.requests).toHaveLength(1)
    expect(result.stdout).toMatch(/getting an OIDC ID token failed \(.*\); trying again in 1 s/)
    expectOnlyIssuedKeys()
  })
})

describe('credentials the action cannot get', () => {
  it("names the role, the audience and the token's subject when STS denies the role", async () => {
    pipeline(SHORT)
    sts.settings.deniedRoles = [ROLE]

    const result = await run(FAST)

    expect(result.code).toBe(1)
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(1)
    const [error = ''] = errors
    expect(error).toContain(ROLE)
    expect(error).toContain('"sts.amazonaws.com"')
    expect(error).toContain(`"${SUBJECT}"`)
    expect(error).toContain('token.actions.githubusercontent.com:sub')
    expect(error).toContain('token.actions.githubusercontent.com:aud')
    expect(error).toContain('trust policy')
    // Refused, not retried; nothing reached SageMaker.
    expect(sts.requests).toHaveLength(1)
    expect(sts.requests[0]?.response).toEqual({ status: 403, errorCode: 'AccessDenied' })
    expect(emulator.requests).toEqual([])
    expect(emulator.executions()).toEqual([])
    expect(result.outputs['pipeline-execution-arn'] ?? '').toBe('')
  })

  it('asks for id-token: write when the job may not have an ID token', async () => {
    pipeline(SHORT)

    const result = await run(FAST, { env: { ACTIONS_ID_TOKEN_REQUEST_URL: undefined } })

    expect(result.code).toBe(1)
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('id-token: write')
    expect(errors[0]).toContain(ROLE)
    expect(sts.idTokenRequests).toEqual([])
    expect(sts.requests).toEqual([])
    expect(emulator.requests).toEqual([])
  })
})

describe('secrecy', () => {
  it('never shows a secret key, a session token or an ID token, and masks each', async () => {
    sts.settings.credentialLifetimeSeconds = 2
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 1500 },
      { name: 'Train', type: 'Training', durationMs: 1500 }
    ])

    const result = await run(FAST, { env: { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' } })

    expect(result.code).toBe(0)
    expect(sts.issued.length).toBeGreaterThanOrEqual(2)
    const masked = new Set(commandsOf(result, 'add-mask'))
    // The ID tokens the action was given: the emulator keeps none, so they are the JWTs it masked.
    const idTokens = [...masked].filter(value => JWT.test(value))
    expect(idTokens.length).toBe(sts.idTokenRequests.length)
    for (const token of idTokens) {
      const claims = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')
      ) as { sub?: string }
      expect(claims.sub).toBe(SUBJECT)
    }
    const secrets = [...sts.issued.flatMap(c => [c.secretAccessKey, c.sessionToken]), ...idTokens]
    for (const secret of secrets) expect(masked).toContain(secret)

    // Everything the runner keeps, but the add-mask commands themselves.
    const kept = keptText(result)
    expect(kept).toContain('::debug::')
    for (const secret of secrets) expect(kept).not.toContain(secret)
    expect(kept).not.toMatch(JWT)
  })
})

/** The log (without ::add-mask:: lines), outputs, state and summary of a run. */
function keptText(result: RunResult): string {
  const log = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [log, JSON.stringify(result.outputs), JSON.stringify(result.state), result.summary].join(
    '\n'
  )
}
