// The temporary credentials STS has issued, and the verdict on keys that sign a later request.
import { randomBytes, randomInt } from 'node:crypto'
import type { CredentialCheck, CredentialStatus, IssuedCredentials } from './sts-types.js'

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** Temporary access keys: ASIA and 16 base32 characters. */
function newAccessKeyId(): string {
  const rest = Array.from({ length: 16 }, () => base32Alphabet[randomInt(32)]).join('')
  return `ASIA${rest}`
}

export class CredentialStore implements CredentialCheck {
  #issued: IssuedCredentials[] = []

  get issued(): readonly IssuedCredentials[] {
    return this.#issued
  }

  issue(
    grant: Pick<IssuedCredentials, 'roleArn' | 'roleSessionName' | 'subject'>,
    nowMs: number,
    lifetimeSeconds: number
  ): IssuedCredentials {
    const credentials: IssuedCredentials = {
      ...grant,
      accessKeyId: newAccessKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      issuedAt: new Date(nowMs),
      expiration: new Date(nowMs + lifetimeSeconds * 1000)
    }
    this.#issued.push(credentials)
    return credentials
  }

  /** Unknown unless both the key and its session token were issued together. */
  check(accessKeyId: string, sessionToken: string | undefined, now: number): CredentialStatus {
    const found = this.#issued.find(c => c.accessKeyId === accessKeyId)
    if (!found || found.sessionToken !== sessionToken) return 'unknown'
    return now < found.expiration.getTime() ? 'valid' : 'expired'
  }

  clear(): void {
    this.#issued = []
  }
}
