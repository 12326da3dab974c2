// When to look at a running execution again. Pure, so tests and the benchmark read the same
// schedule the action follows.
//
// A user waits for the result, and each look costs two API calls (describe + list steps) against
// a shared account-wide rate limit. So the first minutes are watched closely (short pipelines,
// early failures), then the interval grows to a ceiling: a mean delay of a few seconds early on,
// and about half the ceiling later, for about 2 x 3600 / ceiling calls an hour.

/** The first look comes this soon after the start. */
export const FIRST_POLL_MS = 2000
/** The interval during the first ten minutes. */
export const EARLY_CEILING_MS = 20_000
const EARLY_PHASE_MS = 10 * 60_000
/** The default ceiling after that; the `max-poll-interval` input changes it. */
export const DEFAULT_MAX_POLL_INTERVAL_MS = 45_000
/** The interval grows by this fraction of the time watched so far. */
const GROWTH = 0.2
/** Each delay is spread by up to this fraction either way, so parallel jobs do not poll in step. */
const JITTER = 0.2

/**
 * The delay before the next look, given how long the execution has been watched: a fifth of that
 * time, from FIRST_POLL_MS up to the ceiling of the phase.
 */
export function nextPollDelay(
  elapsedMs: number,
  maxIntervalMs: number = DEFAULT_MAX_POLL_INTERVAL_MS,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(elapsedMs < EARLY_PHASE_MS ? EARLY_CEILING_MS : Infinity, maxIntervalMs)
  const base = Math.min(Math.max(FIRST_POLL_MS, elapsedMs * GROWTH), ceiling)
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()))
}

/** How long an API outage may last before the wait gives up; the execution is not touched. */
export const OUTAGE_WINDOW_MS = 10 * 60_000

/** After a failed look, wait longer each time (to a minute), with the same jitter. */
export function retryDelay(
  consecutiveFailures: number,
  random: () => number = Math.random
): number {
  const base = Math.min(FIRST_POLL_MS * 2 ** consecutiveFailures, 60_000)
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()))
}

/** With nothing new to say for this long, the log says the execution is still running. */
export const HEARTBEAT_MS = 5 * 60_000
