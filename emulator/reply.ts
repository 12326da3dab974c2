// What the server makes of one request, whatever its protocol (AWS JSON 1.1 or S3's REST-XML):
// the call as it reads it, and the reply it sends.
import type { AwsError } from './aws-error.js'
import type { FaultAction, RecordedRequest, ServiceName } from './types.js'

export interface Reply {
  status: number
  headers: Record<string, string | number>
  body: string | Buffer
  /** The error's type (JSON) or Code (S3), for the record and the log. */
  errorType?: string
}

export interface Call {
  operation: string
  service?: ServiceName
  /** What the request record keeps as its body. */
  body: unknown
  /** An error before the operation (the credentials), in the protocol's words. */
  fail: (error: AwsError, recorded: RecordedRequest) => Reply
  /** What a fault answers instead of the operation, if anything. */
  faulted: (fault: FaultAction, recorded: RecordedRequest) => Reply | undefined
  process: (recorded: RecordedRequest, now: number) => Reply
}
