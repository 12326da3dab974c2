import { invalid } from './aws-error.js'
import type { AwsError } from './aws-error.js'

export interface Page<T> {
  items: T[]
  nextToken?: string
}

// Tokens carry an offset and the listing they belong to, so a token cannot be reused elsewhere.
export function paginate<T>(
  items: readonly T[],
  listing: string,
  nextToken: string | undefined,
  maxResults = 10,
  invalidToken = (): AwsError =>
    invalid('Invalid pagination token: NextToken does not belong to this request.')
): Page<T> {
  const offset = nextToken === undefined ? 0 : decode(nextToken, listing, invalidToken)
  const end = offset + maxResults
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? encode(listing, end) : undefined
  }
}

const encode = (listing: string, offset: number): string =>
  Buffer.from(JSON.stringify({ listing, offset })).toString('base64url')

function decode(token: string, listing: string, invalidToken: () => AwsError): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown
    if (typeof parsed === 'object' && parsed !== null) {
      const { listing: owner, offset } = parsed as { listing?: unknown; offset?: unknown }
      if (owner === listing && Number.isSafeInteger(offset) && (offset as number) >= 0) {
        return offset as number
      }
    }
  } catch {
    // Reported below, like any other foreign token.
  }
  throw invalidToken()
}
