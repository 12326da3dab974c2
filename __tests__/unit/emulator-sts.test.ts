import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { getIDToken } from '@actions/core'
import { DescribePipelineCommand, SageMakerClient } from '@aws-sdk/client-sagemaker'
import { fromWebToken } from '@aws-sdk/credential-provider-web-identity'
import { startEmulator, startStsEmulator } from '../../emulator/index.js'
import type { Emulator, StsEmulator } from '../../emulator/index.js'
import { decodeClaims } from '../../emulator/id-token.js'
import { escapeXml } from '../../emulator/sts-query.js'

type AwsCredentialIdentityProvider = ReturnType<typeof fromWebToken>
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>

const ROLE = 'arn:aws:iam::123456789012:role/github-sagemaker'

/**
 * Both emulators' clock: this machine's, which a test moves on past an expiry instead of waiting
 * for it. Times are then checked against what the emulators recorded, never against how long a
 * call took, so a loaded machine changes nothing.
 */
let aheadMs = 0
const now = (): number => Date.now() + aheadMs
const advance = (ms: number): void => {
  aheadMs += ms
}

let sts: StsEmulator
let sagemaker: Emulator
const savedEnv = { ...process.env }

beforeAll(async () => {
  sts = await startStsEmulator({ now })
  sagemaker = await startEmulator({ now, credentials: sts.credentialCheck() })
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = sts.idTokenUrl
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = sts.idTokenRequestToken
  process.env.AWS_ENDPOINT_URL_STS = sts.endpoint
  // getIDToken masks the token with a workflow command on stdout.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})

afterAll(async () => {
  jest.restoreAllMocks()
  process.env = savedEnv
  await Promise.all([sts.close(), sagemaker.close()])
})

beforeEach(() => {
  aheadMs = 0
  sts.reset()
  sagemaker.reset()
  sagemaker.addPipeline({ name: 'train' })
})

afterEach(() => {
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = sts.idTokenRequestToken
})

const credentialsFor = (
  webIdentityToken: string,
  extra: { roleArn?: string; durationSeconds?: number; endpoint?: string } = {}
): AwsCredentialIdentityProvider =>
  fromWebToken({
    roleArn: extra.roleArn ?? ROLE,
    roleSessionName: 'github-action',
    webIdentityToken,
    durationSeconds: extra.durationSeconds,
    clientConfig: { region: 'us-east-1', ...(extra.endpoint && { endpoint: extra.endpoint }) }
  })

const assume = async (audience = 'sts.amazonaws.com'): Promise<AwsCredentialIdentity> =>
  credentialsFor(await getIDToken(audience))()

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('Expected a rejection')
}

const describePipeline = (
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider
): Promise<unknown> => {
  const client = new SageMakerClient({
    region: 'us-east-1',
    endpoint: sagemaker.endpoint,
    credentials,
    maxAttempts: 1
  })
  return client.send(new DescribePipelineCommand({ PipelineName: 'train' })).finally(() => {
    client.destroy()
  })
}

describe('AssumeRoleWithWebIdentity', () => {
  it('exchanges a runner ID token, found through AWS_ENDPOINT_URL_STS, for credentials', async () => {
    sts.settings.credentialLifetimeSeconds = 3
    const before = now()
    const credentials = await assume()
    const after = now()

    const [issued] = sts.issued
    expect(credentials).toMatchObject({
      accessKeyId: issued?.accessKeyId,
      secretAccessKey: issued?.secretAccessKey,
      sessionToken: issued?.sessionToken,
      expiration: issued?.expiration,
      accountId: '123456789012'
    })
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    // The lifetime runs from the exchange, however long the SDK's cold start before it took.
    const issuedAt = issued?.issuedAt.getTime() ?? 0
    expect(issuedAt).toBeGreaterThanOrEqual(before)
    expect(issuedAt).toBeLessThanOrEqual(after)
    expect((credentials.expiration?.getTime() ?? 0) - issuedAt).toBe(3000)
    expect(issued).toMatchObject({
      roleArn: ROLE,
      roleSessionName: 'github-action',
      subject: 'repo:acme/churn:ref:refs/heads/main'
    })
    expect(sts.violations).toEqual([])
  })

  it('records the request with its token masked and its claims decoded', async () => {
    const token = await getIDToken('sts.amazonaws.com')
    await credentialsFor(token, { durationSeconds: 900 })()

    expect(sts.requests).toHaveLength(1)
    expect(sts.requests[0]).toMatchObject({
      operation: 'AssumeRoleWithWebIdentity',
      parameters: {
        RoleArn: ROLE,
        RoleSessionName: 'github-action',
        DurationSeconds: 900,
        WebIdentityToken: '*'.repeat(token.length)
      },
      tokenClaims: { aud: 'sts.amazonaws.com', sub: 'repo:acme/churn:ref:refs/heads/main' },
      response: { status: 200 }
    })
    expect(JSON.stringify(sts.requests)).not.toContain(token.split('.')[2])
    // Without a lifetime setting, the credentials last DurationSeconds.
    const [issued] = sts.issued
    expect((issued?.expiration.getTime() ?? 0) - (issued?.issuedAt.getTime() ?? 0)).toBe(900_000)
  })

  it('works with an explicit endpoint too', async () => {
    delete process.env.AWS_ENDPOINT_URL_STS
    try {
      const token = await getIDToken('sts.amazonaws.com')
      const credentials = await credentialsFor(token, { endpoint: sts.endpoint })()
      expect(credentials.accessKeyId).toBe(sts.issued[0]?.accessKeyId)
    } finally {
      process.env.AWS_ENDPOINT_URL_STS = sts.endpoint
    }
  })

  // The SDK names modeled errors after their shape: code InvalidIdentityToken, InvalidIdentityTokenException.
  it('refuses a token for another audience', async () => {
    const error = await rejection(assume('https://github.com/acme'))
    expect(error.name).toBe('InvalidIdentityTokenException')
    expect(error.message).toBe('Incorrect token audience')
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 })
    expect(sts.issued).toEqual([])
  })

  it('trusts the audience the test configures', async () => {
    sts.settings.trustedAudience = 'https://github.com/acme'
    await expect(assume('https://github.com/acme')).resolves.toHaveProperty('accessKeyId')
  })

  it('refuses tokens it did not sign and text that is not a JWT', async () => {
    const [header, payload, signature] = (await getIDToken('sts.amazonaws.com')).split('.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object
    const forged = Buffer.from(
      JSON.stringify({ ...claims, sub: 'repo:evil/fork:ref:refs/heads/main' })
    )
    const forgery = await rejection(
      credentialsFor(`${header}.${forged.toString('base64url')}.${signature}`)()
    )
    expect(forgery.name).toBe('InvalidIdentityTokenException')

    const garbage = await rejection(credentialsFor('not-a-jwt')())
    expect(garbage.name).toBe('InvalidIdentityTokenException')
    expect(garbage.message).toContain('not a valid JWT')
  })

  it('refuses an expired ID token', async () => {
    sts.settings.idTokenLifetimeSeconds = 1
    const token = await getIDToken('sts.amazonaws.com')
    advance(1000)
    const error = await rejection(credentialsFor(token)())
    expect(error.name).toBe('ExpiredTokenException')
    expect(error.message).toMatch(/^Token expired: current date\/time \d+ must be before/)
  })

  it('denies roles the test denies or does not allow', async () => {
    sts.settings.deniedRoles = [ROLE]
    const denied = await rejection(assume())
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity')
    expect(denied.$metadata).toMatchObject({ httpStatusCode: 403 })

    sts.settings.deniedRoles = []
    sts.settings.allowedRoles = ['arn:aws:iam::123456789012:role/other']
    expect((await rejection(assume())).name).toBe('AccessDenied')
    expect(sts.issued).toEqual([])
  })

  it('answers ValidationError for parameters that break the model, and records them', async () => {
    const token = await getIDToken('sts.amazonaws.com')
    const error = await rejection(credentialsFor(token, { durationSeconds: 100 })())
    expect(error.name).toBe('ValidationError')
    expect(error.message).toBe(
      "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
    )
    expect(sts.violations).toEqual([
      expect.objectContaining({
        operation: 'AssumeRoleWithWebIdentity',
        path: 'DurationSeconds',
        rule: 'min-value'
      })
    ])

    const tooLong = await rejection(credentialsFor(token, { durationSeconds: 7200 })())
    expect(tooLong.message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
    )
    const badArn = await rejection(credentialsFor(token, { roleArn: 'arn:aws:s3:::bucket-name' })())
    expect(badArn.message).toBe('Request ARN is invalid')
  })

  it('masks the token in violation messages and checks names against whole-string patterns', async () => {
    const response = await fetch(sts.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: ROLE,
        RoleSessionName: 'has space',
        WebIdentityToken: 'abc',
        Extra: 'x'
      })
    })
    const xml = await response.text()
    expect(response.status).toBe(400)
    expect(xml).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>ValidationError<\/Code><Message>3 validation errors detected: /
    )
    expect(xml).toContain(`Value &#39;***&#39; at &#39;webIdentityToken&#39;`)
    expect(xml).not.toContain('abc')
    expect(sts.violations.map(v => `${v.path} ${v.rule}`)).toEqual([
      'RoleSessionName pattern',
      'WebIdentityToken min-length',
      'Extra unknown-member'
    ])
  })

  it('answers InvalidAction for other actions and versions', async () => {
    const response = await fetch(sts.endpoint, {
      method: 'POST',
      body: new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15' })
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(
      '<Code>InvalidAction</Code><Message>Could not find operation GetCallerIdentity for version 2011-06-15</Message>'
    )
  })

  it('escapes XML special characters', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe(
      '&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;'
    )
  })
})

describe('SageMaker with the STS credential check', () => {
  it('accepts keys STS issued and records which key signed each call', async () => {
    const credentials = await assume()
    await describePipeline(credentials)

    const [request] = sagemaker.requests
    expect(request).toMatchObject({
      accessKeyId: credentials.accessKeyId,
      response: { status: 200 }
    })
    expect(sts.statusOf(request?.accessKeyId, request?.receivedAt ?? 0)).toBe('valid')
  })

  it('answers ExpiredTokenException once the keys expired', async () => {
    sts.settings.credentialLifetimeSeconds = 1
    const credentials = await assume()
    advance(1000)
    const error = await rejection(describePipeline(credentials))
    expect(error.name).toBe('ExpiredTokenException')
    expect(error.message).toBe('The security token included in the request is expired')
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 })

    const [request] = sagemaker.requests
    expect(request?.accessKeyId).toBe(credentials.accessKeyId)
    expect(sts.statusOf(request?.accessKeyId, request?.receivedAt ?? 0)).toBe('expired')
  })

  it('answers UnrecognizedClientException for keys STS did not issue', async () => {
    const unknown = await rejection(
      describePipeline({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' })
    )
    expect(unknown.name).toBe('UnrecognizedClientException')
    expect(unknown.message).toBe('The security token included in the request is invalid.')
    expect(sts.statusOf('AKIDEXAMPLE', Date.now())).toBe('unknown')

    const credentials = await assume()
    const wrongToken = await rejection(
      describePipeline({ ...credentials, sessionToken: 'another-session' })
    )
    expect(wrongToken.name).toBe('UnrecognizedClientException')
  })

  it('answers MissingAuthenticationTokenException to unsigned calls', async () => {
    const response = await fetch(sagemaker.endpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'SageMaker.DescribePipeline' },
      body: '{"PipelineName":"train"}'
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      Message: 'Missing Authentication Token'
    })
  })

  it('lets a test check every call used unexpired keys while the SDK renews them', async () => {
    // Keys for a minute: ample for one call on any machine, and inside the five minutes before
    // expiry in which one client renews its keys before a call.
    sts.settings.credentialLifetimeSeconds = 60
    const client = new SageMakerClient({
      region: 'us-east-1',
      endpoint: sagemaker.endpoint,
      credentials: credentialsFor(await getIDToken('sts.amazonaws.com')),
      maxAttempts: 1
    })
    try {
      await client.send(new DescribePipelineCommand({ PipelineName: 'train' }))
      advance(61_000)
      await client.send(new DescribePipelineCommand({ PipelineName: 'train' }))
    } finally {
      client.destroy()
    }

    const [first, second] = sagemaker.requests
    // The SDK may ask for keys more than once a call; what counts is which keys signed each.
    expect(sts.issued.length).toBeGreaterThanOrEqual(2)
    // By the second call the first keys had expired: it went through with renewed ones.
    expect(second?.accessKeyId).not.toBe(first?.accessKeyId)
    expect(sts.statusOf(first?.accessKeyId, second?.receivedAt ?? 0)).toBe('expired')
    expect(sagemaker.requests.map(r => sts.statusOf(r.accessKeyId, r.receivedAt))).toEqual([
      'valid',
      'valid'
    ])
  })
})

describe('ID-token endpoint', () => {
  it('issues JWTs with the claims GitHub sets', async () => {
    const token = await getIDToken('sts.amazonaws.com')
    const claims = decodeClaims(token)
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:acme/churn:ref:refs/heads/main',
      aud: 'sts.amazonaws.com',
      repository: 'acme/churn',
      ref: 'refs/heads/main',
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      run_id: expect.any(String),
      jti: expect.any(String)
    })
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(300)
    expect(sts.idTokenRequests).toEqual([
      expect.objectContaining({ audience: 'sts.amazonaws.com', authorized: true, status: 200 })
    ])
  })

  it('takes subject and claims from the settings, and the owner URL as the default audience', async () => {
    sts.settings.subject = 'repo:acme/churn:environment:prod'
    sts.settings.claims = { ref: 'refs/tags/v1' }
    const claims = decodeClaims(await getIDToken())
    expect(claims).toMatchObject({
      sub: 'repo:acme/churn:environment:prod',
      ref: 'refs/tags/v1',
      aud: 'https://github.com/acme'
    })
  })

  it('answers 403 to a wrong bearer', async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'not-the-token'
    const error = await rejection(getIDToken('sts.amazonaws.com'))
    expect(error.message).toContain('Error Code : 403')
    expect(sts.idTokenRequests).toEqual([
      expect.objectContaining({ authorized: false, status: 403 })
    ])
  })

  it('fails the next requests it is told to, then answers', async () => {
    sts.failIdTokenRequests(1, 'server-error')
    const error = await rejection(getIDToken('sts.amazonaws.com'))
    expect(error.message).toContain('Error Code : 500')
    await expect(getIDToken('sts.amazonaws.com')).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(sts.idTokenRequests.map(r => r.status)).toEqual([500, 200])

    sts.failIdTokenRequests(1, 'drop')
    await expect(getIDToken('sts.amazonaws.com')).rejects.toThrow()
    expect(sts.idTokenRequests.at(-1)).toMatchObject({ fault: 'drop' })
    expect(sts.idTokenRequests.at(-1)?.status).toBeUndefined()
  })

  it('lets @actions/http-client retry a 503 by itself', async () => {
    sts.failIdTokenRequests(2, 'unavailable')
    await expect(getIDToken('sts.amazonaws.com')).resolves.toContain('.')
    expect(sts.idTokenRequests.map(r => r.status)).toEqual([503, 503, 200])
  })
})
