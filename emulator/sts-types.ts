// Public types of the STS emulator, and of the credential check it gives the SageMaker emulator.

export type CredentialStatus = 'valid' | 'expired' | 'unknown'

/** Knows which keys exist and until when, e.g. the STS emulator's `credentialCheck()`. */
export interface CredentialCheck {
  check(accessKeyId: string, sessionToken: string | undefined, now: number): CredentialStatus
}

/** The claims of a GitHub Actions ID token that the emulator sets (GitHub sends more). */
export interface IdTokenClaims {
  iss: string
  sub: string
  aud: string
  iat: number
  nbf: number
  exp: number
  jti: string
  repository: string
  repository_owner: string
  ref: string
  sha: string
  run_id: string
  workflow: string
  event_name: string
}

/** Claims a test may set; iss, aud and the times follow the request and the clock. */
export type IdentityClaims = Omit<IdTokenClaims, 'iss' | 'aud' | 'iat' | 'nbf' | 'exp' | 'jti'>

export interface IssuedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  issuedAt: Date
  expiration: Date
  roleArn: string
  roleSessionName: string
  /** The `sub` of the web identity token they were exchanged for. */
  subject: string
}

/** What a test decides about the role, its trust policy and the runner; all can change between calls. */
export interface StsSettings {
  /**
   * Seconds the issued credentials live, whatever DurationSeconds asked, so that a test can see them
   * expire (real STS never issues fewer than 900). Default: DurationSeconds, or 3600 when omitted.
   */
  credentialLifetimeSeconds?: number
  /** The `aud` the role's trust policy accepts; default sts.amazonaws.com. */
  trustedAudience: string
  /** Role ARNs that may be assumed; default any. */
  allowedRoles?: readonly string[]
  /** Role ARNs that may not be assumed, even when allowedRoles lists them. */
  deniedRoles: readonly string[]
  /** The role's MaxSessionDuration: a larger DurationSeconds is a ValidationError; default 3600. */
  maxSessionDurationSeconds: number
  /** The `sub` of the ID tokens; default repo:acme/churn:ref:refs/heads/main. */
  subject: string
  /** Other claims of the ID tokens (repository, ref, sha, run_id, …). */
  claims: Partial<Omit<IdentityClaims, 'sub'>>
  /** Seconds an ID token is valid; default 300, as GitHub's. */
  idTokenLifetimeSeconds: number
}

export interface StsEmulatorOptions extends Partial<StsSettings> {
  /** Default 0: a free port. */
  port?: number
  /** Milliseconds since the epoch, for token and credential times. Default Date.now. */
  now?: () => number
}

/** An STS request as received; the web identity token is masked, its claims decoded. */
export interface StsRequest {
  id: string
  /** The Action parameter; '' when missing. */
  operation: string
  /** Typed by the model (DurationSeconds a number); WebIdentityToken replaced by asterisks. */
  parameters: Record<string, unknown>
  /** The web identity token's claims, signature unchecked; undefined when it is not a JWT. */
  tokenClaims?: IdTokenClaims
  receivedAt: Date
  /** Set once answered. */
  response?: { status: number; errorCode?: string }
}

/** 500 (not retried by @actions/http-client), 503 (retried) or a dropped connection. */
export type IdTokenFault = 'server-error' | 'unavailable' | 'drop'

export interface IdTokenRequest {
  receivedAt: Date
  audience?: string
  /** Whether the bearer was `idTokenRequestToken` (the bearer itself is not kept). */
  authorized: boolean
  /** Set once answered; undefined for dropped connections. */
  status?: number
  fault?: IdTokenFault
}
