// The runner's OIDC tokens: JWTs with GitHub's claims, signed with a key only the emulator holds.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { IdTokenClaims, IdentityClaims } from './sts-types.js'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

export const defaultIdentity: IdentityClaims = {
  sub: 'repo:acme/churn:ref:refs/heads/main',
  repository: 'acme/churn',
  repository_owner: 'acme',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  run_id: '4242',
  workflow: 'train',
  event_name: 'push'
}

/** Why a token was refused; `expired` tokens were otherwise genuine. */
export type TokenProblem = 'malformed' | 'signature' | 'expired'

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url')

/** Signs and checks ID tokens with a random HS256 key, so only its own tokens pass. */
export class IdTokenIssuer {
  readonly #key = randomBytes(32)
  readonly #keyId = randomUUID()

  issue(
    identity: IdentityClaims,
    audience: string,
    nowMs: number,
    lifetimeSeconds: number
  ): string {
    const iat = Math.floor(nowMs / 1000)
    const claims: IdTokenClaims = {
      ...identity,
      iss: GITHUB_ISSUER,
      aud: audience,
      iat,
      nbf: iat,
      exp: iat + lifetimeSeconds,
      jti: randomUUID()
    }
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: this.#keyId }))
    const payload = base64url(JSON.stringify(claims))
    return `${header}.${payload}.${this.#sign(`${header}.${payload}`)}`
  }

  /** The token's claims, or why it is not a genuine, current token of this issuer. */
  verify(token: string, nowMs: number): { claims: IdTokenClaims } | { problem: TokenProblem } {
    const claims = decodeClaims(token)
    if (!claims) return { problem: 'malformed' }
    const [header = '', payload = '', signature = ''] = token.split('.')
    const expected = Buffer.from(this.#sign(`${header}.${payload}`))
    const actual = Buffer.from(signature)
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return { problem: 'signature' }
    }
    if (claims.exp * 1000 <= nowMs) return { problem: 'expired' }
    return { claims }
  }

  #sign(data: string): string {
    return createHmac('sha256', this.#key).update(data).digest('base64url')
  }
}

/** The payload of a JWT, signature unchecked; undefined when the text is not a JWT. */
export function decodeClaims(token: string): IdTokenClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'))
    return typeof claims === 'object' && claims !== null ? (claims as IdTokenClaims) : undefined
  } catch {
    return undefined
  }
}
