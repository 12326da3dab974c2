// When the pull-request comment may be updated again. GitHub's secondary rate limits allow 80
// content-creating requests a minute and 500 an hour across the token's use; the comment takes
// far fewer (at most one every 10 seconds, 60 in any hour) so the rest of the workflow keeps its
// share. Pure: the caller passes the time, updates only on a change, and always once at the end.

const HOUR_MS = 3_600_000

export interface UpdateSchedule {
  /** Whether an update may be sent at `now`, given those sent. */
  due(now: number): boolean
  /** Records an update sent at `now`. */
  sent(now: number): void
}

export function updateSchedule({ minIntervalMs = 10_000, perHour = 60 } = {}): UpdateSchedule {
  // The times of the updates sent, oldest first. Those an hour old are dropped when one is sent,
  // not when asked: the hour slides with `now`, and asking changes nothing.
  const times: number[] = []
  const inTheHourBefore = (now: number) => times.filter(time => time > now - HOUR_MS).length
  return {
    due(now) {
      const last = times.at(-1)
      return inTheHourBefore(now) < perHour && (last === undefined || now - last >= minIntervalMs)
    },
    sent(now) {
      times.splice(0, times.length - inTheHourBefore(now))
      times.push(now)
    }
  }
}
