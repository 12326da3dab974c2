import { describe, expect, it } from '@jest/globals'
import { executionConsoleLinks, pipelineConsoleUrl } from '../../src/report/console.js'

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
