import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_MAX_POLL_INTERVAL_MS,
  EARLY_CEILING_MS,
  FIRST_POLL_MS,
  OUTAGE_WINDOW_MS,
  nextPollDelay,
  retryDelay
} from '../../src/schedule.js'

const middle = () => 0.5
const MINUTE = 60_000

/** Simulates a wait for an execution that ends at `endMs`: the calls made and the delay to notice. */
function simulate(endMs: number, random: () => number = middle) {
  let t = 0
  let polls = 1
  while (t < endMs) {
    t += nextPollDelay(t, DEFAULT_MAX_POLL_INTERVAL_MS, random)
    polls++
  }
  return { calls: polls * 2, noticedAfterMs: t - endMs }
}

/** A repeatable stand-in for Math.random (a linear congruential generator). */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('nextPollDelay', () => {
  it('looks again soon at first', () => {
    expect(nextPollDelay(0, DEFAULT_MAX_POLL_INTERVAL_MS, middle)).toBe(FIRST_POLL_MS)
  })

  it('grows with the elapsed time to the early ceiling, then to the maximum', () => {
    expect(nextPollDelay(30_000, DEFAULT_MAX_POLL_INTERVAL_MS, middle)).toBe(6000)
    expect(nextPollDelay(5 * MINUTE, DEFAULT_MAX_POLL_INTERVAL_MS, middle)).toBe(EARLY_CEILING_MS)
    expect(nextPollDelay(11 * MINUTE, DEFAULT_MAX_POLL_INTERVAL_MS, middle)).toBe(
      DEFAULT_MAX_POLL_INTERVAL_MS
    )
    expect(nextPollDelay(6 * 3600_000, DEFAULT_MAX_POLL_INTERVAL_MS, middle)).toBe(
      DEFAULT_MAX_POLL_INTERVAL_MS
    )
  })

  it('caps the delay at max-poll-interval, before the spread', () => {
    expect(nextPollDelay(0, 1000, middle)).toBe(1000)
    expect(nextPollDelay(3600_000, 20_000, middle)).toBe(20_000)
  })

  it('spreads each delay by at most a fifth either way', () => {
    expect(nextPollDelay(3600_000, 40_000, () => 0)).toBe(32_000)
    expect(nextPollDelay(3600_000, 40_000, () => 0.999999)).toBe(48_000)
    expect(nextPollDelay(3600_000, 40_000, middle)).toBe(40_000)
  })

  it('keeps within the polling budget: at most 250 calls an hour, two per look', () => {
    for (const random of [middle, seeded(1), seeded(2), seeded(3)]) {
      expect(simulate(3600_000, random).calls).toBeLessThanOrEqual(250)
      expect(simulate(6 * 3600_000, random).calls / 6).toBeLessThanOrEqual(250)
    }
  })

  it('notices the end quickly: on average within 10 s early and 30 s later', () => {
    const meanDelay = (from: number, to: number) => {
      const ends = Array.from({ length: 400 }, (_, i) => from + ((to - from) * (i + 0.5)) / 400)
      return ends.reduce((sum, end) => sum + simulate(end).noticedAfterMs, 0) / ends.length
    }
    expect(meanDelay(0, 10 * MINUTE)).toBeLessThanOrEqual(10_000)
    expect(meanDelay(10 * MINUTE, 6 * 3600_000)).toBeLessThanOrEqual(30_000)
  })
})

describe('retryDelay', () => {
  it('doubles from the first poll interval to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(n => retryDelay(n, middle))).toEqual([
      4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000
    ])
  })

  it('gives up on an outage only after several tries', () => {
    let waited = 0
    let tries = 0
    while (waited < OUTAGE_WINDOW_MS) waited += retryDelay(++tries, () => 0.999999)
    expect(tries).toBeGreaterThanOrEqual(10)
  })
})
