// What kind of failure an SDK error is, by the SDK's error names and codes (never by its text).

interface SdkError {
  name?: string
  message?: string
  code?: string
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string }
}

/** The fields the SDK puts on its errors; none when `error` is not an object. */
export function asSdkError(error: unknown): SdkError {
  return (typeof error === 'object' && error !== null ? error : {}) as SdkError
}

/** The network code (ECONNRESET) or the error's name, for a short log line. */
export function errorName(error: unknown): string {
  const e = asSdkError(error)
  return e.code ?? e.name ?? 'error'
}

export function isExpiredCredentials(error: unknown): boolean {
  const { name } = asSdkError(error)
  return name === 'ExpiredTokenException' || name === 'ExpiredToken'
}

export function isAccessDenied(error: unknown): boolean {
  const { name } = asSdkError(error)
  return name === 'AccessDeniedException' || name === 'AccessDenied'
}

/** SageMaker's answer to a stop or retry that the execution's state does not allow. */
export function isConflict(error: unknown): boolean {
  return asSdkError(error).name === 'ConflictException'
}

export function isThrottling(error: unknown): boolean {
  const e = asSdkError(error)
  return THROTTLING_ERRORS.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429
}

/** No answer: a timeout or a network failure. */
export function isUnreachable(error: unknown): boolean {
  const e = asSdkError(error)
  return e.name === 'TimeoutError' || (e.code !== undefined && NETWORK_ERRORS.has(e.code))
}

/** Throttling, server faults and network trouble: worth another try later. */
export function isTransientError(error: unknown): boolean {
  return (
    isThrottling(error) ||
    (asSdkError(error).$metadata?.httpStatusCode ?? 0) >= 500 ||
    isUnreachable(error)
  )
}

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown'
])

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH'
])
