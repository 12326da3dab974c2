import { describe, expect, it } from '@jest/globals'
import {
  executionConsoleLinks,
  jobConsoleUrl,
  pipelineConsoleUrl,
  s3ConsoleUrl
} from '../../src/report/console.js'

describe('executionConsoleLinks', () => {
  it('links to the commercial console (aws)', () => {
    expect(
      executionConsoleLinks(
        'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/churn-training/execution/0a1b2c3d4e5f',
        'churn-training'
      )
    ).toEqual({
      pipeline:
        'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/pipelines/churn-training',
      execution:
        'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/pipelines/churn-training/executions/0a1b2c3d4e5f'
    })
  })

  it('links to the China console (aws-cn)', () => {
    expect(
      executionConsoleLinks(
        'arn:aws-cn:sagemaker:cn-north-1:123456789012:pipeline/churn-training/execution/0a1b2c3d4e5f'
      )
    ).toEqual({
      pipeline:
        'https://cn-north-1.console.amazonaws.cn/sagemaker/home?region=cn-north-1#/pipelines/churn-training',
      execution:
        'https://cn-north-1.console.amazonaws.cn/sagemaker/home?region=cn-north-1#/pipelines/churn-training/executions/0a1b2c3d4e5f'
    })
  })

  it('links to the GovCloud console (aws-us-gov)', () => {
    expect(
      executionConsoleLinks(
        'arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:pipeline/churn-training/execution/0a1b2c3d4e5f'
      )
    ).toEqual({
      pipeline:
        'https://us-gov-west-1.console.amazonaws-us-gov.com/sagemaker/home?region=us-gov-west-1#/pipelines/churn-training',
      execution:
        'https://us-gov-west-1.console.amazonaws-us-gov.com/sagemaker/home?region=us-gov-west-1#/pipelines/churn-training/executions/0a1b2c3d4e5f'
    })
  })

  it("keeps the case of the pipeline's name as given, which the ARN lower-cases", () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churntraining/execution/abc'
    expect(executionConsoleLinks(arn, 'ChurnTraining')?.execution).toBe(
      'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/ChurnTraining/executions/abc'
    )
    expect(
      executionConsoleLinks(arn, 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/ChurnTraining')
        ?.pipeline
    ).toBe(
      'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/ChurnTraining'
    )
    // Another pipeline's name is not trusted over the ARN's.
    expect(executionConsoleLinks(arn, 'other')?.pipeline).toMatch(/#\/pipelines\/churntraining$/)
  })

  it('gives no link for what is not an execution ARN, or for an isolated partition', () => {
    expect(executionConsoleLinks('abc')).toBeUndefined()
    expect(
      executionConsoleLinks('arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training')
    ).toBeUndefined()
    expect(
      executionConsoleLinks(
        'arn:aws-iso:sagemaker:us-iso-east-1:123456789012:pipeline/p/execution/abc'
      )
    ).toBeUndefined()
  })
})

describe('pipelineConsoleUrl', () => {
  it("links to the pipeline by name, or by the name in the pipeline's ARN", () => {
    expect(pipelineConsoleUrl('us-gov-east-1', 'churn-training')).toBe(
      'https://us-gov-east-1.console.amazonaws-us-gov.com/sagemaker/home?region=us-gov-east-1#/pipelines/churn-training'
    )
    expect(
      pipelineConsoleUrl(
        'cn-northwest-1',
        'arn:aws-cn:sagemaker:cn-northwest-1:123456789012:pipeline/churn-training'
      )
    ).toBe(
      'https://cn-northwest-1.console.amazonaws.cn/sagemaker/home?region=cn-northwest-1#/pipelines/churn-training'
    )
  })

  it('encodes what would end the fragment, and refuses a region that is not one', () => {
    expect(pipelineConsoleUrl('us-east-1', 'a b#c')).toMatch(/#\/pipelines\/a%20b%23c$/)
    expect(pipelineConsoleUrl('evil.example/x', 'p')).toBeUndefined()
  })
})

describe('jobConsoleUrl', () => {
  const home = 'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1'

  it.each([
    ['training-job/pipelines-abc-Train-x1', '#/jobs/pipelines-abc-Train-x1'],
    ['processing-job/pipelines-abc-Prep-x1', '#/processing-jobs/pipelines-abc-Prep-x1'],
    ['model/pipelines-abc-CreateModel-x1', '#/models/pipelines-abc-CreateModel-x1'],
    ['endpoint/churn-staging', '#/endpoints/churn-staging'],
    ['endpoint-config/churn-staging-config', '#/endpointConfig/churn-staging-config']
  ])('links %s to its page', (resource, page) => {
    expect(jobConsoleUrl(`arn:aws:sagemaker:eu-west-1:123456789012:${resource}`)).toBe(
      `${home}${page}`
    )
  })

  it('gives no link for an ARN of a kind the console map does not have', () => {
    expect(
      jobConsoleUrl('arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-models/8')
    ).toBeUndefined()
    expect(jobConsoleUrl('arn:aws:lambda:eu-west-1:123456789012:function:notify')).toBeUndefined()
  })
})

describe('s3ConsoleUrl', () => {
  it("links an object to its page in the aws partition's global S3 console, the key encoded", () => {
    expect(
      s3ConsoleUrl('eu-west-1', 's3://churn-artifacts/pipelines/abc/evaluation report.json')
    ).toBe(
      'https://s3.console.aws.amazon.com/s3/object/churn-artifacts?region=eu-west-1&prefix=pipelines%2Fabc%2Fevaluation%20report.json'
    )
  })

  it("links to the China and GovCloud partitions' consoles", () => {
    expect(s3ConsoleUrl('cn-north-1', 's3://churn-artifacts/eval.json')).toBe(
      'https://console.amazonaws.cn/s3/object/churn-artifacts?region=cn-north-1&prefix=eval.json'
    )
    expect(s3ConsoleUrl('us-gov-west-1', 's3://churn-artifacts/eval.json')).toBe(
      'https://console.amazonaws-us-gov.com/s3/object/churn-artifacts?region=us-gov-west-1&prefix=eval.json'
    )
  })

  it('opens a folder, or the bucket, on the bucket page', () => {
    expect(s3ConsoleUrl('us-east-1', 's3://churn-artifacts/clarify/bias/')).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets/churn-artifacts?region=us-east-1&prefix=clarify%2Fbias%2F'
    )
    expect(s3ConsoleUrl('us-east-1', 's3://churn-artifacts')).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets/churn-artifacts?region=us-east-1'
    )
  })

  it('encodes what would end the query or start a fragment', () => {
    expect(s3ConsoleUrl('us-east-1', 's3://b-1/a&b#c?d')).toMatch(/&prefix=a%26b%23c%3Fd$/)
    expect(s3ConsoleUrl('us-east-1', 's3://b-1/x"><script>')).toMatch(
      /&prefix=x%22%3E%3Cscript%3E$/
    )
  })

  it('gives no link for an isolated region, a URI that is not s3://, or a bucket that is not one', () => {
    expect(s3ConsoleUrl('us-iso-east-1', 's3://churn-artifacts/eval.json')).toBeUndefined()
    expect(s3ConsoleUrl('us-east-1', 'https://example.com/eval.json')).toBeUndefined()
    expect(s3ConsoleUrl('us-east-1', 's3://Evil<b>/k')).toBeUndefined()
    expect(s3ConsoleUrl('evil.example/x', 's3://churn-artifacts/k')).toBeUndefined()
  })
})
