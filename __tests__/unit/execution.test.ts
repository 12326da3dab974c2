import { describe, expect, it } from '@jest/globals'
import { existedBefore, parseExecutionArn } from '../../src/execution.js'

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

describe('parseExecutionArn', () => {
  it('reads the region, the pipeline and the execution id, in every partition', () => {
    expect(
      parseExecutionArn('arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn/execution/abc123')
    ).toEqual({ region: 'us-east-1', pipelineName: 'churn', executionId: 'abc123' })
    expect(
      parseExecutionArn('arn:aws-cn:sagemaker:cn-north-1:123456789012:pipeline/p/execution/e')
    ).toEqual({ region: 'cn-north-1', pipelineName: 'p', executionId: 'e' })
    expect(
      parseExecutionArn(
        'arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:pipeline/p/execution/e'
      )
    ).toEqual({ region: 'us-gov-west-1', pipelineName: 'p', executionId: 'e' })
  })

  it('reads nothing from what is not an execution ARN', () => {
    expect(parseExecutionArn('arn:aws:sagemaker:us-east-1:123456789012:pipeline/p')).toBeUndefined()
    expect(parseExecutionArn('churn-training')).toBeUndefined()
    expect(parseExecutionArn('')).toBeUndefined()
  })
})
