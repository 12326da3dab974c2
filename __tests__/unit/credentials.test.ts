import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type * as actionsCore from '@actions/core'
import { ListPipelinesCommand } from '@aws-sdk/client-sagemaker'
import * as core from '../../__fixtures__/core.js'
import {
  explainExchangeFailure,
  explainNoIdToken,
  subjectOf
} from '../../src/credentials/credential-errors.js'

const getIDToken = jest.fn<typeof actionsCore.getIDToken>()
jest.unstable_mockModule('@actions/core', () => ({ ...core, getIDToken }))
const { webIdentityCredentials } = await import('../../src/credentials/credentials.js')
const { connect } = await import('../../src/client.js')

const ROLE_ARN = 'arn:aws:iam::123456789012:role/github-deploy'
const SUB = 'repo:octo-org/churn-model:ref:refs/heads/main'

/** An unsigned JWT with the runner's claims; `n` tells one token from the next. */
function idToken(n: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return [
    part({ alg: 'RS256', typ: 'JWT' }),
    part({ sub: SUB, aud: 'sts.amazonaws.com', jti: `token-${n}` }),
    'signature'
  ].join('.')
}

describe('subjectOf', () => {
  it("reads the token's sub claim", () => {
    expect(subjectOf(idToken(1))).toBe(SUB)
  })

  it.each(['', 'not-a-jwt', 'a.!!!.c', `a.${Buffer.from('{"aud":"x"}').toString('base64url')}.c`])(
    'is undefined for %j',
    token => {
      expect(subjectOf(token)).toBeUndefined()
    }
  )
})

describe('explanations', () => {
  const call = { roleArn: ROLE_ARN, audience: 'sts.amazonaws.com', subject: SUB, attempts: 1 }
  const stsError = (name: string, extra: object = {}) =>
    Object.assign(new Error('it said so'), { name, $metadata: {}, ...extra })

  it('says how to allow an ID token, and that forks get none', () => {
    const message = explainNoIdToken(ROLE_ARN)
    expect(message).toContain('permissions:\n  id-token: write\n')
    expect(message).toContain('fork')
    expect(message).toContain('ACTIONS_ID_TOKEN_REQUEST_URL')
  })

  it.each([
    ['AccessDenied', '"token.actions.githubusercontent.com:sub"'],
    ['InvalidIdentityTokenException', 'IAM OIDC identity provider'],
    ['IDPRejectedClaimException', '"token.actions.githubusercontent.com:aud"'],
    ['ValidationError', 'maximum session duration'],
    ['RegionDisabledException', 'not activated'],
    ['SomethingNew', 'AssumeRoleWithWebIdentity failed (SomethingNew']
  ])('explains %s', (name, expected) => {
    const message = explainExchangeFailure(stsError(name), call)
    expect(message).toContain(expected)
    expect(message).toContain('STS said: it said so')
  })

  it('names the role, the audience and the subject the trust policy sees', () => {
    expect(explainExchangeFailure(stsError('AccessDenied'), call)).toContain(
      `role ${ROLE_ARN}, audience "sts.amazonaws.com", ID token subject (sub) "${SUB}"`
    )
    expect(
      explainExchangeFailure(stsError('AccessDenied'), { ...call, subject: undefined })
    ).toContain('subject (sub) unreadable')
  })

  it('says STS could not be reached', () => {
    const refused = stsError('Error', { code: 'ECONNREFUSED' })
    expect(explainExchangeFailure(refused, { ...call, attempts: 3 })).toContain(
      'could not reach STS, or it kept failing, after 3 attempts (ECONNREFUSED)'
    )
  })
})

/** What the fake STS answers: a status and an XML body. */
type StsAnswer = { status: number; body: string }

const credentialsXml = (n: number, expiration: string): StsAnswer => ({
  status: 200,
  body: `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAKEY${n}</AccessKeyId><SecretAccessKey>secret-${n}</SecretAccessKey><SessionToken>session-${n}</SessionToken><Expiration>${expiration}</Expiration></Credentials><SubjectFromWebIdentityToken>${SUB}</SubjectFromWebIdentityToken><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/github-deploy/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r-${n}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`
})

const errorXml = (status: number, code: string, message: string): StsAnswer => ({
  status,
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>x</RequestId></ErrorResponse>`
})

describe('webIdentityCredentials', () => {
  /** The form each AssumeRoleWithWebIdentity carried, in order. */
  let exchanges: URLSearchParams[]
  /** The access key id and session token each SageMaker request was signed with. */
  let signedWith: { accessKeyId?: string; sessionToken?: string }[]
  let answer: (n: number) => StsAnswer | Promise<StsAnswer>
  let server: Server
  let endpoint: string
  let saved: NodeJS.ProcessEnv

  const ROLE = {
    roleArn: ROLE_ARN,
    sessionName: 'sagemaker-pipeline-octo-org-churn-model-1',
    durationSeconds: 3600,
    audience: 'sts.amazonaws.com'
  }
  const RUNNER_ENV = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/token?api-version=2.0',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }
  const deps = { env: RUNNER_ENV, retryDelaysMs: [1, 1] }
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

  beforeAll(async () => {
    // One local endpoint for both: STS speaks a form-encoded query protocol, SageMaker JSON.
    server = createServer((request, response) => {
      let body = ''
      request.on('data', chunk => (body += chunk))
      request.on('end', async () => {
        if (request.headers['x-amz-target']) {
          const credential = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')
          signedWith.push({
            accessKeyId: credential?.[1],
            sessionToken: request.headers['x-amz-security-token'] as string | undefined
          })
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
          response.end('{"PipelineSummaries":[]}')
          return
        }
        const form = new URLSearchParams(body)
        exchanges.push(form)
        const { status, body: xml } = await answer(exchanges.length)
        response.writeHead(status, { 'content-type': 'text/xml' })
        response.end(xml)
      })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    saved = { ...process.env }
    for (const name of Object.keys(process.env))
      if (name.startsWith('AWS_')) delete process.env[name]
    const config = join(mkdtempSync(join(tmpdir(), 'aws-config-')), 'config')
    writeFileSync(config, '')
    process.env.AWS_CONFIG_FILE = config
    process.env.AWS_SHARED_CREDENTIALS_FILE = config
    process.env.AWS_ENDPOINT_URL_STS = endpoint
    process.env.AWS_ENDPOINT_URL_SAGEMAKER = endpoint
  })

  afterAll(async () => {
    process.env = saved
    await new Promise(resolve => server.close(resolve))
  })

  beforeEach(() => {
    exchanges = []
    signedWith = []
    answer = n => credentialsXml(n, inAnHour())
    let issued = 0
    getIDToken.mockImplementation(async () => idToken(++issued))
  })

  it('exchanges an ID token for the audience, and returns the Expiration STS gave', async () => {
    answer = n => credentialsXml(n, '2026-12-02T15:00:00Z')
    const credentials = await webIdentityCredentials(ROLE, 'eu-west-1', deps)()

    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAKEY1',
      secretAccessKey: 'secret-1',
      sessionToken: 'session-1',
      expiration: new Date('2026-12-02T15:00:00Z')
    })
    expect(getIDToken).toHaveBeenCalledWith('sts.amazonaws.com')
    expect(Object.fromEntries(exchanges[0] ?? [])).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: ROLE_ARN,
      RoleSessionName: ROLE.sessionName,
      DurationSeconds: '3600',
      WebIdentityToken: idToken(1)
    })
  })

  it('masks the ID token and the credentials', async () => {
    await webIdentityCredentials(ROLE, 'eu-west-1', deps)()
    const masked = core.setSecret.mock.calls.map(([secret]) => secret)
    expect(masked).toEqual(
      expect.arrayContaining([idToken(1), 'ASIAKEY1', 'secret-1', 'session-1'])
    )
  })

  it('asks for a fresh ID token at each call', async () => {
    const provider = webIdentityCredentials(ROLE, 'eu-west-1', deps)
    expect((await provider()).accessKeyId).toBe('ASIAKEY1')
    expect((await provider()).accessKeyId).toBe('ASIAKEY2')
    expect(getIDToken).toHaveBeenCalledTimes(2)
    expect(exchanges.map(form => form.get('WebIdentityToken'))).toEqual([idToken(1), idToken(2)])
  })

  it('explains a missing id-token permission without asking for a token', async () => {
    const provider = webIdentityCredentials(ROLE, 'eu-west-1', { ...deps, env: {} })
    await expect(provider()).rejects.toThrow(
      expect.objectContaining({
        name: 'CredentialsError',
        message: expect.stringContaining('id-token: write')
      })
    )
    expect(getIDToken).not.toHaveBeenCalled()
  })

  it.each([
    [
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      { ACTIONS_ID_TOKEN_REQUEST_URL: RUNNER_ENV.ACTIONS_ID_TOKEN_REQUEST_URL }
    ],
    [
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      { ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNNER_ENV.ACTIONS_ID_TOKEN_REQUEST_TOKEN }
    ]
  ])('asks for no token when the runner gives only %s', async (_given, env) => {
    const provider = webIdentityCredentials(ROLE, 'eu-west-1', { ...deps, env })
    await expect(provider()).rejects.toThrow(
      expect.objectContaining({
        name: 'CredentialsError',
        message: expect.stringContaining('id-token: write')
      })
    )
    expect(getIDToken).not.toHaveBeenCalled()
    expect(exchanges).toHaveLength(0)
  })

  it("explains AccessDenied with the role, the audience and the token's sub, never the token", async () => {
    answer = () =>
      errorXml(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    const error = await webIdentityCredentials(ROLE, 'eu-west-1', deps)().then(
      () => new Error('expected a failure'),
      (e: unknown) => e as Error
    )

    expect(error.message).toContain(ROLE_ARN)
    expect(error.message).toContain('audience "sts.amazonaws.com"')
    expect(error.message).toContain(`"${SUB}"`)
    expect(error.message).toContain('Not authorized to perform sts:AssumeRoleWithWebIdentity')
    expect(error.message).not.toContain(idToken(1))
    // A refusal is not retried.
    expect(exchanges).toHaveLength(1)
  })

  it('explains an ID token AWS does not accept', async () => {
    answer = () => errorXml(400, 'InvalidIdentityToken', 'No OpenIDConnect provider found')
    await expect(webIdentityCredentials(ROLE, 'eu-west-1', deps)()).rejects.toThrow(
      'IAM OIDC identity provider'
    )
  })

  it('tries STS again when it fails for a while', async () => {
    answer = n =>
      n < 3 ? errorXml(503, 'ServiceUnavailable', 'busy') : credentialsXml(n, inAnHour())
    expect((await webIdentityCredentials(ROLE, 'eu-west-1', deps)()).accessKeyId).toBe('ASIAKEY3')
    expect(core.info).toHaveBeenCalledWith(
      'AssumeRoleWithWebIdentity failed (ServiceUnavailable); trying again in 0.001 s.'
    )
  })

  it('tries again when STS could not reach the identity provider (IDPCommunicationError)', async () => {
    answer = n =>
      n < 2
        ? errorXml(
            400,
            'IDPCommunicationError',
            'Could not reach token.actions.githubusercontent.com'
          )
        : credentialsXml(n, inAnHour())
    expect((await webIdentityCredentials(ROLE, 'eu-west-1', deps)()).accessKeyId).toBe('ASIAKEY2')
    expect(exchanges).toHaveLength(2)
    expect(core.info).toHaveBeenCalledWith(
      'AssumeRoleWithWebIdentity failed (IDPCommunicationErrorException); trying again in 0.001 s.'
    )
  })

  it('explains an STS that keeps failing, after its attempts', async () => {
    // A refused connection takes the same path (see 'explanations'), but under Jest's VM the
    // Node error comes from another realm and the SDK wraps it without its code.
    answer = () => errorXml(503, 'ServiceUnavailable', 'busy')
    await expect(webIdentityCredentials(ROLE, 'eu-west-1', deps)()).rejects.toThrow(
      'could not reach STS, or it kept failing, after 3 attempts (ServiceUnavailable)'
    )
    expect(exchanges).toHaveLength(3)
    expect(core.info).toHaveBeenCalledTimes(2)
  })

  it('explains a token service that keeps failing, after its attempts', async () => {
    getIDToken.mockRejectedValue(new Error('Failed to get ID Token. Error Code : 500'))
    await expect(webIdentityCredentials(ROLE, 'eu-west-1', deps)()).rejects.toThrow(
      'Could not get an OIDC ID token (audience "sts.amazonaws.com") from the runner after 3 attempts: Failed to get ID Token. Error Code : 500.'
    )
    expect(getIDToken).toHaveBeenCalledTimes(3)
    expect(exchanges).toHaveLength(0)
  })

  it('never logs the token or the credentials', async () => {
    answer = n =>
      n === 1 ? errorXml(503, 'ServiceUnavailable', 'busy') : credentialsXml(n, inAnHour())
    await webIdentityCredentials(ROLE, 'eu-west-1', deps)()
    const logged = [core.debug, core.info, core.notice, core.warning, core.error]
      .flatMap(log => log.mock.calls.map(([text]) => String(text)))
      .join('\n')
    for (const secret of [idToken(1), 'secret-2', 'session-2']) expect(logged).not.toContain(secret)
  })

  describe('in the SageMaker client', () => {
    it('is called once while the credentials are far from expiry', async () => {
      const { client } = await connect(
        'eu-west-1',
        {},
        webIdentityCredentials(ROLE, 'eu-west-1', deps)
      )
      for (let i = 0; i < 3; i++) await client.send(new ListPipelinesCommand({}))
      expect(exchanges).toHaveLength(1)
      expect(signedWith).toEqual(
        Array(3).fill({ accessKeyId: 'ASIAKEY1', sessionToken: 'session-1' })
      )
    })

    it('renews credentials within 5 minutes of their expiration, at every call', async () => {
      answer = n => credentialsXml(n, new Date(Date.now() + 1000).toISOString())
      const { client } = await connect(
        'eu-west-1',
        {},
        webIdentityCredentials(ROLE, 'eu-west-1', deps)
      )
      const counts: number[] = []
      for (let i = 0; i < 3; i++) {
        await client.send(new ListPipelinesCommand({}))
        counts.push(exchanges.length)
        // Signed with the credentials of the latest exchange, asked with a token of its own.
        expect(signedWith.at(-1)?.accessKeyId).toBe(`ASIAKEY${exchanges.length}`)
      }
      // Both the auth scheme and the signer ask the memoized provider, and each finds them near
      // expiry: more than one exchange per call, but never none.
      expect(counts[0]).toBeGreaterThan(0)
      expect(counts[1]).toBeGreaterThan(counts[0] ?? 0)
      expect(counts[2]).toBeGreaterThan(counts[1] ?? 0)
      expect(getIDToken).toHaveBeenCalledTimes(exchanges.length)
      expect(new Set(exchanges.map(form => form.get('WebIdentityToken'))).size).toBe(
        exchanges.length
      )
    })

    it('makes one exchange for calls made at once', async () => {
      answer = async n => {
        await new Promise(resolve => setTimeout(resolve, 100))
        return credentialsXml(n, inAnHour())
      }
      const { client } = await connect(
        'eu-west-1',
        {},
        webIdentityCredentials(ROLE, 'eu-west-1', deps)
      )
      await Promise.all(Array.from({ length: 5 }, () => client.send(new ListPipelinesCommand({}))))
      expect(exchanges).toHaveLength(1)
      expect(signedWith).toHaveLength(5)
    })

    it('fails the call with the explanation, as it is', async () => {
      answer = () => errorXml(403, 'AccessDenied', 'Not authorized')
      const { client } = await connect(
        'eu-west-1',
        {},
        webIdentityCredentials(ROLE, 'eu-west-1', deps)
      )
      await expect(client.send(new ListPipelinesCommand({}))).rejects.toThrow(
        expect.objectContaining({
          name: 'CredentialsError',
          message: expect.stringMatching(/^AssumeRoleWithWebIdentity: STS denied the role/)
        })
      )
      expect(signedWith).toHaveLength(0)
    })
  })
})
