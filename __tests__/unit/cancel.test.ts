import { describe, expect, it, jest } from '@jest/globals'
import { onCancel } from '../../src/wait/cancel.js'
import { stopToken } from '../../src/wait/stop.js'

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/abc'

describe('stopToken', () => {
  // Expected values computed outside the code under test:
  //   printf 'stop\n<ARN>\n<runId>\n<runAttempt>' | sha256sum
  it('is the hex SHA-256 of "stop", the execution ARN, the run id and the run attempt', () => {
    expect(stopToken(ARN, 1, 1)).toBe(
      '6dd6572523eddcae3b98534eb14cca16b2b460732b51a7ce1cd9dc84e188eebf'
    )
  })

  it('differs between attempts, runs and executions', () => {
    expect(stopToken(ARN, 1, 2)).toBe(
      '6491e527b9178be1dc1148b4277162ea3821bcf16ff4d15d21bc9d6aaa155c76'
    )
    expect(stopToken(ARN, 2, 1)).toBe(
      '328a4eef521371dd7b04426d6ef4c11619237ddc210e227bf7ccec45718680a1'
    )
    expect(stopToken(`${ARN}x`, 1, 1)).toBe(
      '2d44268891b4f6493048f88355763a42701a1e1776633d38ed6ac5cd83326955'
    )
  })
})

describe('onCancel', () => {
  it('calls the handler once, at the first signal, until removed', () => {
    const handler = jest.fn()
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
    const remove = onCancel(handler)
    process.emit('SIGINT', 'SIGINT')
    process.emit('SIGTERM', 'SIGTERM')
    expect(handler).toHaveBeenCalledTimes(1)
    expect(handler).toHaveBeenCalledWith('SIGINT')
    remove()
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before)
  })
})
