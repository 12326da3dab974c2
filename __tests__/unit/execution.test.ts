import { describe, expect, it } from '@jest/globals'
import { existedBefore } from '../../src/execution.js'

describe('existedBefore', () => {
  const start = Date.parse('2026-11-25T12:00:00Z')

  it('is false for an execution created during the step', () => {
    expect(existedBefore(new Date(start + 200), start, 0)).toBe(false)
    expect(existedBefore(new Date(start - 500), start, 0)).toBe(false)
  })

  it('is true for an execution created earlier', () => {
    expect(existedBefore(new Date(start - 60_000), start, 0)).toBe(true)
  })

  it("judges by SageMaker's clock when the runner's is off", () => {
    // The runner runs five minutes fast: SageMaker's clock is 5 minutes behind.
    const offset = -5 * 60_000
    expect(existedBefore(new Date(start + offset + 100), start, offset)).toBe(false)
    expect(existedBefore(new Date(start + offset - 60_000), start, offset)).toBe(true)
    // Without the offset the fresh execution would look four minutes old.
    expect(existedBefore(new Date(start + offset + 100), start, undefined)).toBe(true)
  })
})
