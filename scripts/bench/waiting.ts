// The cost of waiting, from the poll schedule the action follows (src/schedule.ts): how many API
// calls a wait makes, and how long after an execution ends the action notices. Looks happen as in
// waitForExecution: one as soon as the wait begins, then each nextPollDelay(time watched) after
// the last; calls are taken to be instant.
import { DEFAULT_MAX_POLL_INTERVAL_MS, nextPollDelay } from '../../src/schedule.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** An execution that runs this long; its end is looked for among ends in (from, until]. */
export interface Scenario {
  label: string
  from: number
  until: number
}

export const SCENARIOS: readonly Scenario[] = [
  { label: '10 min', from: 0, until: 10 * MINUTE },
  { label: '1 h', from: 10 * MINUTE, until: HOUR },
  { label: '6 h', from: HOUR, until: 6 * HOUR }
]

export interface ScenarioCost {
  scenario: Scenario
  /** Looks made by the time an execution that ran `until` is noticed: mean over the runs. */
  looks: number
  /** The same, with every delay at its shortest (most looks). */
  mostLooks: number
  /** Calls in the busiest hour of the wait: mean over the runs, the most seen, and the bound. */
  busiestHourCalls: number
  worstSeenBusiestHourCalls: number
  mostBusiestHourCalls: number
  /** Over ends spread evenly across (from, until]: from the end to the look that sees it. */
  meanDelayMs: number
  worstSeenDelayMs: number
  /** Every delay at its longest, and the end just after a look. */
  worstCaseDelayMs: number
}

/** Mulberry32: a small seeded PRNG, so every bench run simulates the same waits. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The times of the looks, from the start of the wait, until one at or after `until`. */
export function lookTimes(until: number, maxIntervalMs: number, random: () => number): number[] {
  const times = [0]
  for (let t = 0; t < until; times.push(t)) t += nextPollDelay(t, maxIntervalMs, random)
  return times
}

/** The first look at or after `t` (times ascending, the last at or after t). */
function firstLookAfter(times: readonly number[], t: number): number {
  let lo = 0
  let hi = times.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((times[mid] ?? Infinity) >= t) hi = mid
    else lo = mid + 1
  }
  return times[lo] ?? Infinity
}

function looksUntilNoticed(times: readonly number[], end: number): number {
  return times.filter(t => t < end).length + 1
}

function busiestHour(times: readonly number[], end: number, callsPerLook: number): number {
  const seen = times.filter(t => t <= firstLookAfter(times, end))
  let most = 0
  for (let hour = 0; hour * HOUR < end; hour++)
    most = Math.max(most, seen.filter(t => t >= hour * HOUR && t < (hour + 1) * HOUR).length)
  return most * callsPerLook
}

export function waitingCost(
  scenario: Scenario,
  {
    runs = 2000,
    endsPerRun = 50,
    seed = 1,
    callsPerLook = 2,
    maxIntervalMs = DEFAULT_MAX_POLL_INTERVAL_MS
  } = {}
): ScenarioCost {
  const random = seededRandom(seed)
  const { from, until } = scenario
  let looks = 0
  let busiest = 0
  let worstSeenBusiest = 0
  let delaySum = 0
  let worstSeen = 0
  for (let run = 0; run < runs; run++) {
    const times = lookTimes(until, maxIntervalMs, random)
    looks += looksUntilNoticed(times, until)
    const calls = busiestHour(times, until, callsPerLook)
    busiest += calls
    worstSeenBusiest = Math.max(worstSeenBusiest, calls)
    for (let i = 0; i < endsPerRun; i++) {
      const end = from + (until - from) * (1 - random())
      const delay = firstLookAfter(times, end) - end
      delaySum += delay
      worstSeen = Math.max(worstSeen, delay)
    }
  }
  const shortest = lookTimes(until, maxIntervalMs, () => 0)
  const longest = lookTimes(until, maxIntervalMs, () => 1)
  return {
    scenario,
    looks: looks / runs,
    mostLooks: looksUntilNoticed(shortest, until),
    busiestHourCalls: busiest / runs,
    worstSeenBusiestHourCalls: worstSeenBusiest,
    mostBusiestHourCalls: busiestHour(shortest, until, callsPerLook),
    meanDelayMs: delaySum / (runs * endsPerRun),
    worstSeenDelayMs: worstSeen,
    worstCaseDelayMs: worstCaseDelay(longest, from, until)
  }
}

/** The longest gap between looks that an end in (from, until] can fall into. */
function worstCaseDelay(times: readonly number[], from: number, until: number): number {
  let worst = 0
  for (let i = 1; i < times.length; i++) {
    const [before, after] = [times[i - 1] ?? 0, times[i] ?? 0]
    if (after > from && before < until) worst = Math.max(worst, after - Math.max(before, from))
  }
  return worst
}
