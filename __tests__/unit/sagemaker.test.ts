import { describe, expect, it } from '@jest/globals'
import { connect, existedBefore, explainError, type CallContext } from '../../src/sagemaker.js'

const call: CallContext = {
  operation: 'StartPipelineExecution',
  pipelineName: 'churn-training',
  region: 'us-east-1',
  endpoint: 'https://api.sagemaker.us-east-1.amazonaws.com'
}

function sdkError(name: string, message: string, metadata: object = {}, extra: object = {}) {
  return Object.assign(new Error(message), { name, $metadata: metadata, ...extra })
}

describe('explainError', () => {
  it.each([
    ['ResourceNotFound', 'was not found in us-east-1'],
    ['ResourceLimitExceeded', 'Service Quotas'],
    ['ConflictException', 'conflict'],
    ['ValidationException', 'SageMaker rejected the request: it said so'],
    ['AccessDeniedException', 'Allow sagemaker:StartPipelineExecution on arn:aws:sagemaker'],
    ['ExpiredTokenException', 'role-duration-seconds'],
    ['UnrecognizedClientException', 'did not accept the credentials'],
    ['CredentialsProviderError', 'configure-aws-credentials'],
    ['ThrottlingException', 'kept throttling the request after 6 attempts']
  ])('explains %s', (name, expected) => {
    const message = explainError(sdkError(name, 'it said so', { attempts: 6 }), call)
    expect(message).toContain(expected)
    expect(message).toMatch(/^StartPipelineExecution/)
  })

  it('names the IAM resource of the call', () => {
    const denied = sdkError('AccessDeniedException', 'no')
    expect(explainError(denied, call)).toContain(
      'Allow sagemaker:StartPipelineExecution on arn:aws:sagemaker:us-east-1:ACCOUNT:pipeline/churn-training for'
    )
    expect(explainError(denied, { ...call, operation: 'DescribePipelineExecution' })).toContain(
      'Allow sagemaker:DescribePipelineExecution on arn:aws:sagemaker:us-east-1:ACCOUNT:pipeline/churn-training/execution/* for'
    )
    const arn = 'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/churn-training'
    expect(explainError(denied, { ...call, pipelineName: arn })).toContain(`on ${arn} for`)
  })

  it('explains a proxy that wants credentials', () => {
    const error = sdkError('UnknownError', 'Unknown', { httpStatusCode: 407 })
    expect(explainError(error, call)).toContain('HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT')
  })

  it('names the endpoint when the network fails', () => {
    const error = sdkError(
      'Error',
      'connect ECONNREFUSED 127.0.0.1:9',
      { attempts: 6 },
      {
        code: 'ECONNREFUSED'
      }
    )
    expect(explainError(error, { ...call, endpoint: 'http://127.0.0.1:9' })).toContain(
      'could not reach SageMaker at us-east-1 (http://127.0.0.1:9): ECONNREFUSED'
    )
  })

  it('reports server errors with their status', () => {
    const error = sdkError('InternalFailure', 'boom', { httpStatusCode: 503, attempts: 6 })
    expect(explainError(error, call)).toContain('internal error')
    expect(explainError(error, call)).toContain('HTTP 503')
  })

  it('passes anything else through with its name', () => {
    expect(explainError(new TypeError('odd'), call)).toContain('TypeError: odd')
    expect(explainError('text', call)).toContain('text')
  })
})

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

describe('connect', () => {
  it('honours the SDK endpoint variables and names the default otherwise', async () => {
    expect((await connect('eu-west-1', {})).endpoint).toBe(
      'https://api.sagemaker.eu-west-1.amazonaws.com'
    )
    expect((await connect('eu-west-1', { AWS_ENDPOINT_URL: 'http://a' })).endpoint).toBe('http://a')
    expect(
      (
        await connect('eu-west-1', {
          AWS_ENDPOINT_URL: 'http://a',
          AWS_ENDPOINT_URL_SAGEMAKER: 'http://b'
        })
      ).endpoint
    ).toBe('http://b')
  })

  it('goes through the proxy the environment names, and says which without its password', async () => {
    const sagemaker = await connect('eu-west-1', { HTTPS_PROXY: 'http://user:secret@proxy:3128' })
    expect(sagemaker.proxy).toBe('http://proxy:3128')
    expect((await connect('eu-west-1', {})).proxy).toBeUndefined()
  })

  it('names the action in the user agent and retries', async () => {
    const { client } = await connect('eu-west-1', {})
    expect(client.config.customUserAgent).toEqual([['sagemaker-pipeline-action', '1.0.0']])
    expect(await client.config.maxAttempts()).toBe(6)
  })
})
