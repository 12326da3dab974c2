// pipeline-execution-arn: the execution to follow, and the inputs that cannot go with it. Pure.
import { describe, expect, it } from '@jest/globals'
import { parseAttachTarget } from '../../src/inputs/attach-inputs.js'
import { parseInputs } from '../../src/inputs/inputs.js'
import { errorOf } from './input-error-of.js'

const ARN = 'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/churn-training/execution/k2x9v7q1'
const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('parseAttachTarget', () => {
  it('is undefined without pipeline-execution-arn', () => {
    expect(parseAttachTarget(reader({ 'pipeline-name': 'churn' }))).toBeUndefined()
  })

  it('takes the pipeline and the region from the ARN', () => {
    expect(parseAttachTarget(reader({ 'pipeline-execution-arn': ARN }))).toEqual({
      executionArn: ARN,
      pipelineName: 'churn-training',
      region: 'eu-west-1'
    })
    // The same pipeline in another case, and the same region: accepted.
    expect(
      parseAttachTarget(
        reader({
          'pipeline-execution-arn': ARN,
          'pipeline-name': 'Churn-Training',
          'aws-region': 'eu-west-1'
        })
      )?.pipelineName
    ).toBe('Churn-Training')
  })

  it.each([
    [
      { 'pipeline-execution-arn': 'churn/execution/1' },
      /^Input pipeline-execution-arn ".*": must be a pipeline execution ARN/
    ],
    [
      { 'pipeline-execution-arn': ARN, parameters: 'Epochs: 3', 'display-name': 'x' },
      'Input pipeline-execution-arn: follows an execution that already exists, so display-name, parameters have nothing to shape'
    ],
    [
      { 'pipeline-execution-arn': ARN, 'pipeline-definition-file': 'p.json' },
      'so pipeline-definition-file has nothing to shape: remove it'
    ],
    [
      { 'pipeline-execution-arn': ARN, 'dry-run': 'true' },
      'Input dry-run: cannot be used with pipeline-execution-arn'
    ],
    [
      { 'pipeline-execution-arn': ARN, 'aws-region': 'us-east-1' },
      'Input aws-region: is us-east-1, but pipeline-execution-arn is an execution in eu-west-1'
    ],
    [
      { 'pipeline-execution-arn': ARN, 'pipeline-name': 'other' },
      /^Input pipeline-name "other": names another pipeline/
    ]
  ])('refuses %j', (values, message) => {
    expect(errorOf(() => parseAttachTarget(reader(values))).message).toMatch(message)
  })
})

describe('parseInputs with pipeline-execution-arn', () => {
  it('needs no pipeline-name, and the region is the ARN’s whatever AWS_REGION says', () => {
    const { settings } = parseInputs(reader({ 'pipeline-execution-arn': ARN, wait: 'true' }), {
      AWS_REGION: 'us-east-1'
    })
    expect(settings).toMatchObject({
      pipelineName: 'churn-training',
      region: 'eu-west-1',
      attach: { executionArn: ARN },
      wait: { enabled: true, stopOnCancel: true }
    })
  })

  it('still requires pipeline-name to start, and says what to give instead', () => {
    expect(errorOf(() => parseInputs(reader({}), { AWS_REGION: 'us-east-1' })).message).toBe(
      'Input pipeline-name: is required: the name or ARN of the pipeline (or, to follow an execution started elsewhere, give pipeline-execution-arn instead).'
    )
  })
})
