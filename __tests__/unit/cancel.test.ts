import { describe, expect, it, jest } from '@jest/globals'
import { onCancel, stopToken } from '../../src/cancel.js'

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/abc'

describe('stopToken', () => {
  it('is the same for the main and post step of one attempt, and valid for SageMaker', () => {
    expect(stopToken(ARN, 1, 1)).toBe(stopToken(ARN, 1, 1))
    expect(stopToken(ARN, 1, 1)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('differs between attempts and executions', () => {
    expect(stopToken(ARN, 1, 2)).not.toBe(stopToken(ARN, 1, 1))
    expect(stopToken(`${ARN}x`, 1, 1)).not.toBe(stopToken(ARN, 1, 1))
  })
})

describe('onCancel', () => {
  it('calls the handler once, at the first signal, until removed', () => {
    const handler = jest.fn()
    const before = process.listenerCount('SIGINT')
    const remove = onCancel(handler)
    process.emit('SIGINT', 'SIGINT')
    process.emit('SIGTERM', 'SIGTERM')
    expect(handler).toHaveBeenCalledTimes(1)
    expect(handler).toHaveBeenCalledWith('SIGINT')
    remove()
    expect(process.listenerCount('SIGINT')).toBe(before)
  })
})
