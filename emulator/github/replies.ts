// GitHub's answers as the fake sends them: a status, extra headers and a JSON body, with the error
// bodies worded as api.github.com words them.
import type { GitHubViolation } from './types.js'

export interface Reply {
  status: number
  headers?: Record<string, string>
  body: unknown
}

/** Where GitHub's errors point when no operation is known. */
const REST_DOCS = 'https://docs.github.com/rest'
const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'

const error = (
  status: number,
  message: string,
  documentationUrl: string,
  headers?: Record<string, string>
): Reply => ({
  status,
  headers,
  body: { message, documentation_url: documentationUrl, status: String(status) }
})

export const notFound = (documentationUrl = REST_DOCS): Reply =>
  error(404, 'Not Found', documentationUrl)

export const badCredentials = (): Reply => error(401, 'Bad credentials', REST_DOCS)

export const requiresAuthentication = (documentationUrl = REST_DOCS): Reply =>
  error(401, 'Requires authentication', documentationUrl)

/** What a token without the permission gets (a fork pull request's read-only GITHUB_TOKEN). */
export const notAccessible = (documentationUrl: string, app: boolean, accepted?: string): Reply =>
  error(
    403,
    `Resource not accessible by ${app ? 'integration' : 'personal access token'}`,
    documentationUrl,
    accepted ? { 'x-accepted-github-permissions': accepted } : undefined
  )

export const problemsParsingJson = (documentationUrl: string): Reply =>
  error(400, 'Problems parsing JSON', documentationUrl)

/** A request the OpenAPI description rejects, worded as GitHub's own schema check words it. */
export const invalidRequest = (documentationUrl: string, violations: GitHubViolation[]): Reply =>
  error(422, `Invalid request.\n\n${violations.map(problemText).join('\n')}`, documentationUrl)

function problemText(v: GitHubViolation): string {
  if (v.location !== 'body') return `For the ${v.location} parameter '${v.pointer}', ${v.message}.`
  const member = v.pointer.split('/').pop()
  if (v.message === 'is required' && member) return `"${member}" wasn't supplied.`
  return `For '${v.pointer === '' ? 'the body' : `properties${v.pointer}`}', ${v.message}.`
}

/** A rule of GitHub's beyond the schema, such as a body's length. */
export const validationFailed = (
  documentationUrl: string,
  errors: Array<{ resource: string; code: string; field: string; message: string }>
): Reply => ({
  status: 422,
  body: { message: 'Validation Failed', errors, documentation_url: documentationUrl, status: '422' }
})

/** 422 with a message of its own, as for a sha GitHub does not know. */
export const unprocessable = (message: string, documentationUrl: string): Reply =>
  error(422, message, documentationUrl)

export const secondaryRateLimit = (retryAfter: number): Reply =>
  error(
    403,
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
    SECONDARY_DOCS,
    { 'retry-after': String(retryAfter) }
  )

/** Rate limit headers are the caller's: x-ratelimit-remaining 0 and the reset. */
export const primaryRateLimit = (
  status: 403 | 429,
  who: { app: boolean; id: number },
  headers?: Record<string, string>
): Reply =>
  error(
    status,
    `API rate limit exceeded for ${who.app ? 'installation' : 'user'} ID ${who.id}. If you reach out to GitHub Support for help, please include the request ID.`,
    PRIMARY_DOCS,
    headers
  )

const SERVER_ERRORS: Record<500 | 502 | 503, string> = {
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable'
}

export const serverError = (status: 500 | 502 | 503): Reply => ({
  status,
  body: { message: SERVER_ERRORS[status] }
})
