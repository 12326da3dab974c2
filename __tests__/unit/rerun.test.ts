import { describe, expect, it } from '@jest/globals'
import { planFor, retryToken } from '../../src/rerun.js'

describe('planFor', () => {
  it('follows a new execution', () => {
    expect(planFor({ existedBefore: false, status: 'Executing', retryFailed: true })).toEqual({
      action: 'follow',
      origin: 'started'
    })
  })

  // The status of an execution that existed before this step x retry-failed -> what to do.
  it.each([
    ['Failed', true, 'retry', 'retried'],
    ['Stopped', true, 'retry', 'retried'],
    ['Failed', false, 'report', 'existing'],
    ['Stopped', false, 'report', 'existing'],
    ['Succeeded', true, 'report', 'existing'],
    ['Succeeded', false, 'report', 'existing'],
    ['Executing', true, 'follow', 'existing'],
    ['Executing', false, 'follow', 'existing'],
    ['Stopping', true, 'follow', 'existing'],
    [undefined, true, 'follow', 'existing']
  ])('%s with retry-failed %s: %s, origin %s', (status, retryFailed, action, origin) => {
    expect(planFor({ existedBefore: true, status, retryFailed })).toEqual({ action, origin })
  })
})

describe('retryToken', () => {
  const SHA = 'a'.repeat(40)

  it('is the same for every call of one run attempt', () => {
    expect(retryToken(SHA, 7, 2)).toBe(retryToken(SHA, 7, 2))
    expect(retryToken(SHA, 7, 2)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('differs between attempts, runs and start tokens', () => {
    const tokens = new Set([
      retryToken(SHA, 7, 2),
      retryToken(SHA, 7, 3),
      retryToken(SHA, 8, 2),
      retryToken('b'.repeat(40), 7, 2)
    ])
    expect(tokens.size).toBe(4)
  })
})
