// The local S3's one operation, GetObject, over the object store: whole or by a byte range, with
// S3's errors for missing buckets and keys and S3's answers to faults and bad credentials. The
// request is validated against emulator/data/s3-get-object-model.json first.
import type { IncomingMessage } from 'node:http'
import type { AwsError } from './aws-error.js'
import { denial } from './denial.js'
import type { ServiceModel } from './model.js'
import type { ObjectStore, StoredObject } from './objects.js'
import { httpDate } from './protocol.js'
import type { Call, Reply } from './reply.js'
import { requestMembers, S3Error, s3ErrorReply } from './s3-protocol.js'
import type { FaultAction, RecordedRequest } from './types.js'
import { validateInput, validationMessage } from './validate.js'
import type { Violation } from './validate.js'

const GET_OBJECT = 'GetObject'

interface GetObjectMembers {
  Bucket: string
  Key: string
  Range?: string
}

/** How the server reads and answers an S3 request. */
export function s3Call(
  req: IncomingMessage,
  model: ServiceModel,
  objects: ObjectStore,
  onViolations: (violations: Violation[]) => void
): Call {
  // The emulator serves no other S3 operation: a GET of a bucket (`/health`) would list it in S3.
  const ofObject = /^\/[^/?]+\/[^?]+/.test(req.url ?? '')
  const operation = req.method === 'GET' && ofObject ? GET_OBJECT : ''
  const members = requestMembers(model, GET_OBJECT, req)
  return {
    operation,
    service: 's3',
    body: members,
    fail: (error, recorded) => s3ErrorReply(credentialError(error), recorded.id),
    faulted: (fault, recorded) => {
      const error = faultError(fault, recorded)
      return error && s3ErrorReply(error, recorded.id)
    },
    process: recorded => {
      if (operation === '' && req.method === 'GET') {
        const error = new S3Error(
          'NotImplemented',
          'The emulator serves no S3 operation but GetObject (GET /{Bucket}/{Key+}).',
          501
        )
        return s3ErrorReply(error, recorded.id)
      }
      if (operation === '') {
        const error = new S3Error(
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
          405,
          { Method: req.method ?? '', ResourceType: 'OBJECT' }
        )
        return s3ErrorReply(error, recorded.id)
      }
      const violations = validateInput(model, GET_OBJECT, members)
      if (violations.length > 0) {
        onViolations(violations)
        const error = new S3Error('InvalidArgument', validationMessage(violations), 400)
        return s3ErrorReply(error, recorded.id)
      }
      return getObject(objects, members as unknown as GetObjectMembers, recorded.id)
    }
  }
}

function getObject(objects: ObjectStore, members: GetObjectMembers, requestId: string): Reply {
  const bucket = objects.get(members.Bucket)
  if (!bucket) {
    return s3ErrorReply(
      new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, {
        BucketName: members.Bucket
      }),
      requestId
    )
  }
  const object = bucket.get(members.Key)
  if (!object) {
    return s3ErrorReply(
      new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: members.Key }),
      requestId
    )
  }
  const size = object.body.length
  const range = members.Range === undefined ? undefined : byteRange(members.Range, size)
  if (range === 'unsatisfiable') {
    return s3ErrorReply(
      new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
        RangeRequested: members.Range as string,
        ActualObjectSize: size
      }),
      requestId
    )
  }
  const body = range ? object.body.subarray(range.first, range.last + 1) : object.body
  return {
    status: range ? 206 : 200,
    headers: {
      ...objectHeaders(object, body.length),
      ...(range && { 'Content-Range': `bytes ${range.first}-${range.last}/${size}` }),
      'x-amz-request-id': requestId
    },
    body
  }
}

// No checksum headers: the SDK asks for them (x-amz-checksum-mode), and skips checking without.
const objectHeaders = (object: StoredObject, length: number): Record<string, string | number> => ({
  'Content-Type': object.contentType,
  'Content-Length': length,
  ETag: object.etag,
  'Last-Modified': httpDate(object.lastModified),
  'Accept-Ranges': 'bytes'
})

/**
 * The bytes a Range header asks for, as S3 reads it: `bytes=a-b` (b clipped to the end),
 * `bytes=a-` or `bytes=-n` (the last n). S3 ignores a header it cannot read (undefined: the whole
 * object), and refuses a range that starts past the end.
 */
function byteRange(
  header: string,
  size: number
): { first: number; last: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  const [, from = '', to = ''] = match
  if (from === '') {
    const suffix = Number(to)
    return suffix === 0 || size === 0
      ? 'unsatisfiable'
      : { first: Math.max(0, size - suffix), last: size - 1 }
  }
  const first = Number(from)
  const last = to === '' ? size - 1 : Number(to)
  if (to !== '' && last < first) return undefined
  if (first >= size) return 'unsatisfiable'
  return { first, last: Math.min(last, size - 1) }
}

// S3's own errors for the keys STS-style checks reject.
function credentialError(error: AwsError): S3Error {
  switch (error.type) {
    case 'ExpiredTokenException':
      return new S3Error('ExpiredToken', 'The provided token has expired.', 400)
    case 'UnrecognizedClientException':
      return new S3Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403
      )
    default:
      return new S3Error('AccessDenied', 'Access Denied', 403)
  }
}

function faultError(fault: FaultAction, recorded: RecordedRequest): S3Error | undefined {
  switch (fault.kind) {
    case 'throttle':
      return new S3Error('SlowDown', 'Please reduce your request rate.', 503)
    case 'deny':
      return new S3Error('AccessDenied', denial('s3', recorded), 403)
    case 'server-error':
      return fault.status === 503
        ? new S3Error('ServiceUnavailable', 'Service is unable to handle request.', 503)
        : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500)
    case 'error':
      return new S3Error(fault.type, fault.message ?? fault.type, fault.status ?? 400)
    case 'drop':
    case 'latency':
      return undefined
  }
}
