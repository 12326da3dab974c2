// The primary rate limit, counted per token over an hour as GitHub counts it, and the
// x-ratelimit-* headers every answer carries (Octokit's throttling reads them).

const WINDOW_MS = 60 * 60 * 1000
/** GITHUB_TOKEN's limit per repository and hour; a user's token has 5000. */
const APP_LIMIT = 1000
const USER_LIMIT = 5000

interface Window {
  startedAt: number
  used: number
}

export class RateLimits {
  #windows = new Map<string, Window>()

  /** Counts a request of `token` at `now`; the headers say what is left after it. */
  count(
    token: string,
    app: boolean,
    now: number
  ): { headers: Record<string, string>; exceeded: boolean } {
    const limit = app ? APP_LIMIT : USER_LIMIT
    let window = this.#windows.get(token)
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, used: 0 }
      this.#windows.set(token, window)
    }
    const exceeded = window.used >= limit
    if (!exceeded) window.used += 1
    return { headers: headers(limit, window.used, window.startedAt + WINDOW_MS), exceeded }
  }

  clear(): void {
    this.#windows.clear()
  }
}

/** The headers of an answer whose limit is spent until `resetAt` (an injected primary limit). */
export function spentHeaders(app: boolean, resetAt: number): Record<string, string> {
  const limit = app ? APP_LIMIT : USER_LIMIT
  return headers(limit, limit, resetAt)
}

/** Unauthenticated answers count against the caller's address, which the fake does not track. */
export const anonymousHeaders = (now: number): Record<string, string> =>
  headers(60, 0, now + WINDOW_MS)

function headers(limit: number, used: number, resetAt: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(limit - used),
    'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
    'x-ratelimit-used': String(used),
    'x-ratelimit-resource': 'core'
  }
}
