// S3's REST-XML wire, as far as GetObject needs it: which requests are S3's, the members a
// path-style request carries in its URI, headers and query string, and S3's XML errors.
import type { IncomingMessage } from 'node:http'
import { AwsError } from './aws-error.js'
import type { ServiceModel } from './model.js'
import type { Reply } from './reply.js'

/**
 * Whether a request is S3's: no X-Amz-Target and a path below the root. The SDK addresses S3
 * path-style (`/{Bucket}/{Key+}`) when the endpoint is an IP address, as the emulator's is.
 */
export const isS3Request = (req: IncomingMessage): boolean =>
  req.headers['x-amz-target'] === undefined && requestUrl(req).pathname !== '/'

const requestUrl = (req: IncomingMessage): URL => new URL(req.url ?? '/', 'http://emulator')

/**
 * The input members of `operation` that the request carries, where the model puts them, as the
 * types the model gives them; a value that does not parse stays text, for validation to report.
 * What the model does not name (the SDK's `x-id` query, its other headers) is left out.
 */
export function requestMembers(
  model: ServiceModel,
  operation: string,
  req: IncomingMessage
): Record<string, unknown> {
  const op = model.operations[operation]
  const input = op?.input && model.shapes[op.input.shape]
  if (!op?.http || input?.type !== 'structure') throw new Error(`No REST input for ${operation}`)
  const url = requestUrl(req)
  const labels = uriLabels(op.http.requestUri, url.pathname)
  const members: Record<string, unknown> = {}
  for (const [name, ref] of Object.entries(input.members)) {
    const where = ref.locationName ?? name
    const text =
      ref.location === 'uri'
        ? labels[where]
        : ref.location === 'header'
          ? header(req, where)
          : ref.location === 'querystring'
            ? (url.searchParams.get(where) ?? undefined)
            : undefined
    if (text !== undefined) members[name] = typed(model.shapes[ref.shape]?.type, text)
  }
  return members
}

// `/{Bucket}/{Key+}`: a label takes one path segment, a greedy label (+) the rest.
function uriLabels(template: string, pathname: string): Record<string, string> {
  const names: string[] = []
  const pattern = template.split('?')[0]?.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy) => {
    names.push(name)
    return greedy ? '(.*)' : '([^/]*)'
  })
  const match = new RegExp(`^${pattern}$`).exec(pathname)
  if (!match) return {}
  return Object.fromEntries(names.map((name, i) => [name, decodeLabel(match[i + 1] ?? '')]))
}

// A malformed escape stays as sent, as S3 would look the key up.
function decodeLabel(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(', ') : value
}

// Header and query timestamps are HTTP dates; the validator, like AWS JSON, takes epoch seconds.
function typed(type: string | undefined, text: string): unknown {
  switch (type) {
    case 'timestamp': {
      const ms = Date.parse(text)
      return Number.isNaN(ms) ? text : ms / 1000
    }
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(text) ? Number(text) : text
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text
    default:
      return text
  }
}

/** An S3 error: its Code, Message, status and the elements S3 adds (Key, BucketName, ...). */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly details: Readonly<Record<string, string | number>> = {}
  ) {
    super(code, message, status)
  }
}

// Element text: quotes stay as they are, as in S3's own messages.
const escapeXml = (text: string): string =>
  text.replace(/[&<>]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string)

/** The reply S3 sends for an error: its XML document, with the request id in x-amz-request-id. */
export function s3ErrorReply(error: S3Error, requestId: string): Reply {
  const elements = {
    Code: error.type,
    Message: error.message,
    ...error.details,
    RequestId: requestId
  }
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${Object.entries(elements)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('')}</Error>`
  return {
    status: error.status,
    headers: {
      'Content-Type': 'application/xml',
      'Content-Length': Buffer.byteLength(body),
      'x-amz-request-id': requestId
    },
    body,
    errorType: error.type
  }
}
