// Idempotency tokens the action derives: the same inputs always give the same token, so a call
// retried by the SDK, or made again by the post step, does its work once.
import { createHash } from 'node:crypto'

/** The lowercase hex SHA-256 of the text's UTF-8 bytes: 64 characters, whatever the text. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The lowercase hex SHA-256 of the purpose and the parts, one per line. */
export function derivedToken(purpose: string, ...parts: Array<string | number>): string {
  return sha256Hex([purpose, ...parts].join('\n'))
}
