// A local STS (AssumeRoleWithWebIdentity) and the runner's ID-token endpoint, on one port.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ACCOUNT_ID, shortHash } from './arns.js'
import { AwsError } from './aws-error.js'
import { CredentialStore } from './credential-store.js'
import { GITHUB_ISSUER, IdTokenIssuer, decodeClaims, defaultIdentity } from './id-token.js'
import {
  STS_VERSION,
  decodeParameters,
  errorXml,
  loadStsModel,
  redactSensitive,
  resultXml
} from './sts-query.js'
import { validateInput, validationMessage } from './validate.js'
import type { Violation } from './validate.js'
import type {
  CredentialCheck,
  CredentialStatus,
  IdTokenClaims,
  IdTokenFault,
  IdTokenRequest,
  IdentityClaims,
  IssuedCredentials,
  StsEmulatorOptions,
  StsRequest,
  StsSettings
} from './sts-types.js'

const ID_TOKEN_PATH = '/_apis/idtoken'
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]{1,64})$/

/** Starts the STS and ID-token endpoints; see StsEmulator. */
export async function startStsEmulator(options: StsEmulatorOptions = {}): Promise<StsEmulator> {
  const emulator = new StsEmulator(options)
  await emulator.listen(options.port ?? 0)
  return emulator
}

/**
 * Point `AWS_ENDPOINT_URL_STS` at `endpoint` and `ACTIONS_ID_TOKEN_REQUEST_URL` /
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN` at `idTokenUrl` / `idTokenRequestToken`; give the SageMaker
 * emulator `credentials: sts.credentialCheck()` to make it accept only the keys issued here.
 */
export class StsEmulator {
  readonly #server: Server
  readonly #model = loadStsModel()
  readonly #now: () => number
  readonly #options: StsEmulatorOptions
  readonly #issuer = new IdTokenIssuer()
  readonly #store = new CredentialStore()
  /** The bearer the ID-token endpoint accepts, as the runner's ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly idTokenRequestToken = randomBytes(24).toString('hex')
  settings: StsSettings
  #requests: StsRequest[] = []
  #idTokenRequests: IdTokenRequest[] = []
  #violations: Violation[] = []
  #failures: { count: number; kind: IdTokenFault } = { count: 0, kind: 'server-error' }
  #port = 0

  constructor(options: StsEmulatorOptions = {}) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.settings = initialSettings(options)
    this.#server = createServer((req, res) => this.#receive(req, res))
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, '127.0.0.1', () => resolve())
    })
    this.#port = (this.#server.address() as AddressInfo).port
  }

  /** For AWS_ENDPOINT_URL_STS. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`
  }

  /** For ACTIONS_ID_TOKEN_REQUEST_URL; like the runner's, it already has a query string. */
  get idTokenUrl(): string {
    return `${this.endpoint}${ID_TOKEN_PATH}?api-version=2.0`
  }

  /** STS requests, in order. */
  get requests(): readonly StsRequest[] {
    return this.#requests
  }

  /** ID-token requests, in order, answered or not. */
  get idTokenRequests(): readonly IdTokenRequest[] {
    return this.#idTokenRequests
  }

  /** Every credential issued, oldest first. Holds the secrets: assert on fields, do not print it. */
  get issued(): readonly IssuedCredentials[] {
    return this.#store.issued
  }

  /** Every way a request broke the STS model. */
  get violations(): readonly Violation[] {
    return this.#violations
  }

  /** For the SageMaker emulator's `credentials` option: only keys issued here, until they expire. */
  credentialCheck(): CredentialCheck {
    return { check: (id, token, now) => this.#store.check(id, token, now) }
  }

  /**
   * Whether an access key (e.g. a SageMaker RecordedRequest's `accessKeyId`) was issued here and
   * still valid at `at` (e.g. its `receivedAt`); the session token is not compared.
   */
  statusOf(accessKeyId: string | undefined, at: Date | number): CredentialStatus {
    const found = this.#store.issued.find(c => c.accessKeyId === accessKeyId)
    if (!found) return 'unknown'
    return new Date(at).getTime() < found.expiration.getTime() ? 'valid' : 'expired'
  }

  /** Makes the next `count` ID-token requests fail. */
  failIdTokenRequests(count: number, kind: IdTokenFault = 'server-error'): void {
    this.#failures = { count, kind }
  }

  /** Forgets requests, issued credentials, violations and failures; settings go back to the options. */
  reset(): void {
    this.settings = initialSettings(this.#options)
    this.#requests = []
    this.#idTokenRequests = []
    this.#violations = []
    this.#failures = { count: 0, kind: 'server-error' }
    this.#store.clear()
  }

  async close(): Promise<void> {
    const closed = new Promise<void>(resolve => this.#server.close(() => resolve()))
    this.#server.closeAllConnections()
    await closed
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => this.#respond(req, res, Buffer.concat(chunks).toString('utf8')))
  }

  #respond(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? '/', this.endpoint)
    if (req.method === 'GET' && url.pathname === ID_TOKEN_PATH) {
      this.#answerIdToken(req, res, url)
    } else if (req.method === 'POST' && url.pathname === '/') {
      this.#answerSts(res, new URLSearchParams(text))
    } else {
      sendJson(res, 404, { message: `No route for ${req.method ?? ''} ${url.pathname}` })
    }
  }

  #answerIdToken(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const recorded: IdTokenRequest = {
      receivedAt: new Date(this.#now()),
      audience: url.searchParams.get('audience') ?? undefined,
      authorized: req.headers.authorization === `Bearer ${this.idTokenRequestToken}`
    }
    this.#idTokenRequests.push(recorded)
    if (this.#failures.count > 0) {
      this.#failures.count -= 1
      recorded.fault = this.#failures.kind
      if (recorded.fault === 'drop') return void req.socket.destroy()
      recorded.status = recorded.fault === 'unavailable' ? 503 : 500
      return sendJson(res, recorded.status, { message: 'Injected ID-token endpoint failure' })
    }
    if (!recorded.authorized) {
      recorded.status = 403
      return sendJson(res, 403, { message: 'The bearer is not the ID-token request token' })
    }
    if (url.searchParams.get('api-version') === null) {
      recorded.status = 400
      return sendJson(res, 400, { message: 'api-version is required' })
    }
    const identity: IdentityClaims = {
      ...defaultIdentity,
      ...this.settings.claims,
      sub: this.settings.subject
    }
    // Without an audience GitHub uses the URL of the repository owner.
    const audience = recorded.audience ?? `https://github.com/${identity.repository_owner}`
    const lifetime = this.settings.idTokenLifetimeSeconds
    recorded.status = 200
    sendJson(res, 200, { value: this.#issuer.issue(identity, audience, this.#now(), lifetime) })
  }

  #answerSts(res: ServerResponse, form: URLSearchParams): void {
    const now = this.#now()
    const operation = form.get('Action') ?? ''
    const known = operation === 'AssumeRoleWithWebIdentity' && form.get('Version') === STS_VERSION
    const input = known ? decodeParameters(this.#model, `${operation}Request`, form) : {}
    const token = input.WebIdentityToken
    const recorded: StsRequest = {
      id: randomUUID(),
      operation,
      parameters: redactSensitive(this.#model, `${operation}Request`, input),
      tokenClaims: typeof token === 'string' ? decodeClaims(token) : undefined,
      receivedAt: new Date(now)
    }
    this.#requests.push(recorded)
    let status = 200
    let body: string
    try {
      if (!known) {
        throw new AwsError(
          'InvalidAction',
          `Could not find operation ${operation || '(none)'} for version ${form.get('Version') ?? '(none)'}`
        )
      }
      body = resultXml(operation, this.#assume(recorded.parameters, token, now), recorded.id)
    } catch (error) {
      const failure =
        error instanceof AwsError ? error : new AwsError('InternalFailure', String(error), 500)
      status = failure.status
      body = errorXml(failure, recorded.id)
      recorded.response = { status, errorCode: failure.type }
    }
    recorded.response ??= { status }
    res.writeHead(status, {
      'Content-Type': 'text/xml',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': recorded.id
    })
    res.end(body)
  }

  /** AssumeRoleWithWebIdentity's checks, in the order STS makes them; throws the error it answers. */
  #assume(
    parameters: Record<string, unknown>,
    token: unknown,
    now: number
  ): Record<string, unknown> {
    // Validated masked, so that messages do not carry the token; its shape has no pattern to break.
    const violations = validateInput(this.#model, 'AssumeRoleWithWebIdentity', parameters)
    if (violations.length > 0) {
      this.#violations.push(...violations)
      throw new AwsError('ValidationError', validationMessage(violations))
    }
    const { RoleArn: roleArn, RoleSessionName: sessionName } = parameters as {
      RoleArn: string
      RoleSessionName: string
    }
    const duration = parameters.DurationSeconds as number | undefined
    const role = ROLE_ARN.exec(roleArn)
    if (!role) throw new AwsError('ValidationError', 'Request ARN is invalid')
    if (duration !== undefined && duration > this.settings.maxSessionDurationSeconds) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
      )
    }
    const claims = this.#verify(String(token), now)
    if (!this.#mayAssume(roleArn)) {
      throw new AwsError(
        'AccessDenied',
        'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        403
      )
    }
    const lifetime = this.settings.credentialLifetimeSeconds ?? duration ?? 3600
    const issued = this.#store.issue(
      { roleArn, roleSessionName: sessionName, subject: claims.sub },
      now,
      lifetime
    )
    const [, account = ACCOUNT_ID, roleName = ''] = role
    return {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: issued.expiration
      },
      SubjectFromWebIdentityToken: claims.sub,
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
        AssumedRoleId: `AROA${shortHash(roleArn).toUpperCase()}${account.slice(0, 7)}:${sessionName}`
      },
      Audience: claims.aud,
      Provider: `arn:aws:iam::${account}:oidc-provider/${new URL(GITHUB_ISSUER).host}`
    }
  }

  #verify(token: string, now: number): IdTokenClaims {
    const verdict = this.#issuer.verify(token, now)
    if ('claims' in verdict) {
      if (verdict.claims.aud !== this.settings.trustedAudience) {
        throw new AwsError('InvalidIdentityToken', 'Incorrect token audience')
      }
      return verdict.claims
    }
    switch (verdict.problem) {
      case 'malformed':
        throw new AwsError(
          'InvalidIdentityToken',
          'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)'
        )
      case 'signature':
        throw new AwsError(
          'InvalidIdentityToken',
          "The token's signature is invalid (emulator: it was not issued by its ID-token endpoint)"
        )
      case 'expired': {
        // The service's own wording; it counts in seconds.
        const exp = decodeClaims(token)?.exp ?? 0
        throw new AwsError(
          'ExpiredTokenException',
          `Token expired: current date/time ${Math.floor(now / 1000)} must be before the expiration date/time ${exp}`
        )
      }
    }
  }

  #mayAssume(roleArn: string): boolean {
    const { allowedRoles, deniedRoles } = this.settings
    return (
      (allowedRoles === undefined || allowedRoles.includes(roleArn)) &&
      !deniedRoles.includes(roleArn)
    )
  }
}

function initialSettings(options: StsEmulatorOptions): StsSettings {
  return {
    credentialLifetimeSeconds: options.credentialLifetimeSeconds,
    trustedAudience: options.trustedAudience ?? 'sts.amazonaws.com',
    allowedRoles: options.allowedRoles,
    deniedRoles: options.deniedRoles ?? [],
    maxSessionDurationSeconds: options.maxSessionDurationSeconds ?? 3600,
    subject: options.subject ?? defaultIdentity.sub,
    claims: options.claims ?? {},
    idTokenLifetimeSeconds: options.idTokenLifetimeSeconds ?? 300
  }
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload)
  })
  res.end(payload)
}
