import { describe, expect, it } from '@jest/globals'
import { CredentialsError } from '../../src/credentials/credential-errors.js'
import { explainError, type CallContext } from '../../src/explain.js'

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
    ['ExpiredTokenException', 'Set role-to-assume'],
    ['ExpiredToken', 'longer role-duration-seconds'],
    ['UnrecognizedClientException', 'did not accept the credentials'],
    ['CredentialsProviderError', 'configure-aws-credentials'],
    ['ThrottlingException', 'kept throttling the request after 6 attempts']
  ])('explains %s', (name, expected) => {
    const message = explainError(sdkError(name, 'it said so', { attempts: 6 }), call)
    expect(message).toContain(expected)
    expect(message).toMatch(/^StartPipelineExecution/)
  })

  it("passes role-to-assume's own explanations on as they are", () => {
    const refused = new CredentialsError('STS refused the role: check the trust policy.')
    expect(explainError(refused, call)).toBe('STS refused the role: check the trust policy.')
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
