import { describe, expect, it } from '@jest/globals'
import { rerunPlanFor, retryToken } from '../../src/rerun.js'

describe('rerunPlanFor', () => {
  it('follows a new execution', () => {
    expect(rerunPlanFor({ existedBefore: false, status: 'Executing', retryFailed: true })).toEqual({
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
    expect(rerunPlanFor({ existedBefore: true, status, retryFailed })).toEqual({ action, origin })
  })
})

describe('retryToken', () => {
  const SHA = 'a'.repeat(40)

  // Expected values computed outside the code under test:
  //   printf 'retry\n<startToken>\n<runId>\n<runAttempt>' | sha256sum
  it('is the hex SHA-256 of "retry", the start token, the run id and the run attempt', () => {
    expect(retryToken(SHA, 7, 2)).toBe(
      '9b52d92c91d77b1ded4d3224a9358c2ffc2359a835db9e57252592af5efc1759'
    )
  })

  it('differs between attempts, runs and start tokens', () => {
    expect(retryToken(SHA, 7, 3)).toBe(
      '324b4cfa6257d1ef05a4640523d540c1a6e512f1f6d6604766d90388889b3d5e'
    )
    expect(retryToken(SHA, 8, 2)).toBe(
      '54597154d33d228a4d145eeaf2c0bfc83859f0ee1d54a03d2642bc3f6822b0bf'
    )
    expect(retryToken('b'.repeat(40), 7, 2)).toBe(
      'cecd9e967e1756fc937d9d2388fd946e89a7c1f94c52aa5a7afb387a62355c24'
    )
  })
})
