import { describe, expect, it } from '@jest/globals'
import { updateSchedule } from '../../src/pr/update-schedule.js'

const SECOND = 1000
const HOUR = 3600 * SECOND

/** Sends whenever due, for a change every `every` ms over [from, to); returns the times sent. */
function sendOnChanges(
  schedule: ReturnType<typeof updateSchedule>,
  from: number,
  to: number,
  every = SECOND
) {
  const sent: number[] = []
  for (let now = from; now < to; now += every)
    if (schedule.due(now)) {
      schedule.sent(now)
      sent.push(now)
    }
  return sent
}

describe('updateSchedule', () => {
  it('allows the first update at once', () => {
    expect(updateSchedule().due(0)).toBe(true)
  })

  it('waits 10 seconds between updates', () => {
    const schedule = updateSchedule()
    schedule.sent(5 * SECOND)
    expect(schedule.due(14_999)).toBe(false)
    expect(schedule.due(15 * SECOND)).toBe(true)
  })

  it('sends at most 60 an hour, none closer than 10 s, for a change every second', () => {
    const sent = sendOnChanges(updateSchedule(), 0, HOUR)
    expect(sent).toHaveLength(60)
    const gaps = sent.slice(1).map((time, i) => time - sent[i]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10 * SECOND)
  })

  it('counts a sliding hour, not a clock hour', () => {
    const schedule = updateSchedule()
    // 60 updates from 0:30 to 0:40, one every 10 s: the allowance of the hour is spent.
    const first = sendOnChanges(schedule, HOUR / 2, HOUR / 2 + 10 * 60 * SECOND)
    expect(first).toHaveLength(60)
    // A clock hour would start afresh at 1:00; the first of the 60 leaves the window at 1:30.
    expect(schedule.due(HOUR)).toBe(false)
    expect(schedule.due(HOUR + HOUR / 2 - 1)).toBe(false)
    expect(schedule.due(HOUR + HOUR / 2)).toBe(true)
    // In no hour-long span do the updates pass 60.
    const sent = [...first, ...sendOnChanges(schedule, HOUR / 2 + 10 * 60 * SECOND, 4 * HOUR)]
    for (const [i, start] of sent.entries())
      expect(sent.slice(i).filter(time => time < start + HOUR).length).toBeLessThanOrEqual(60)
  })

  it('takes other bounds', () => {
    const schedule = updateSchedule({ minIntervalMs: SECOND, perHour: 3 })
    expect(sendOnChanges(schedule, 0, HOUR, SECOND)).toEqual([0, SECOND, 2 * SECOND])
  })
})
