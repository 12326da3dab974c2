import { ACCOUNT_ID, resourceArn, shortHash } from './arns.js'
import type { PlannedStep, StepState } from './timeline.js'

/** Job names the way Pipelines names them: pipelines-<execution id>-<suffix>, one per attempt. */
export const jobName = (executionId: string, step: PlannedStep): string =>
  `pipelines-${executionId}-${shortHash(executionId, step.name, String(step.attempt))}`

/**
 * The Metadata a step of this type reports in ListPipelineExecutionSteps, once it has started; a
 * RegisterModel step's only once it registered `modelPackageArn`.
 */
export function stepMetadata(
  state: StepState,
  executionId: string,
  region: string,
  modelPackageArn?: string
): Record<string, unknown> | undefined {
  const { step, status } = state
  const hash = shortHash(executionId, step.name, String(step.attempt))
  const job = (resource: string): { Arn: string } => ({
    Arn: resourceArn(region, `${resource}/${jobName(executionId, step)}`)
  })
  const bedrock = (resource: string): { Arn: string } => ({
    Arn: `arn:aws:bedrock:${region}:${ACCOUNT_ID}:${resource}/${hash}`
  })
  switch (step.type) {
    case 'Training':
      return { TrainingJob: job('training-job') }
    case 'Processing':
      return { ProcessingJob: job('processing-job') }
    case 'Transform':
      return { TransformJob: job('transform-job') }
    case 'Tuning':
      return { TuningJob: job('hyper-parameter-tuning-job') }
    case 'Model':
      return { Model: job('model') }
    case 'RegisterModel':
      return modelPackageArn === undefined ? undefined : { RegisterModel: { Arn: modelPackageArn } }
    case 'Condition':
      return status === 'Succeeded' ? { Condition: { Outcome: step.outcome ?? 'True' } } : undefined
    case 'Lambda':
      return { Lambda: { Arn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${step.name}` } }
    case 'Callback':
      return {
        Callback: {
          CallbackToken: hash,
          SqsQueueUrl: `https://sqs.${region}.amazonaws.com/${ACCOUNT_ID}/${step.name}`
        }
      }
    case 'AutoML':
      return { AutoMLJob: job('automl-job') }
    case 'EMR':
      return { EMR: { ClusterId: `j-${hash}`, StepId: `s-${hash}`, StepName: step.name } }
    case 'QualityCheck':
      return { QualityCheck: { CheckJobArn: job('processing-job').Arn } }
    case 'ClarifyCheck':
      return { ClarifyCheck: { CheckJobArn: job('processing-job').Arn } }
    case 'Endpoint':
      return { Endpoint: job('endpoint') }
    case 'EndpointConfig':
      return { EndpointConfig: job('endpoint-config') }
    case 'InferenceComponent':
      return { InferenceComponent: job('inference-component') }
    case 'BedrockCustomModel':
      return { BedrockCustomModel: bedrock('custom-model') }
    case 'BedrockCustomModelDeployment':
      return { BedrockCustomModelDeployment: bedrock('custom-model-deployment') }
    case 'BedrockProvisionedModelThroughput':
      return { BedrockProvisionedModelThroughput: bedrock('provisioned-model') }
    case 'BedrockModelImport':
      return { BedrockModelImport: bedrock('model-import-job') }
    // The entities a Lineage step makes are named in its Arguments, which the emulator does not keep.
    case 'Lineage':
      return { Lineage: {} }
    case 'Fail':
      return status === 'Failed' ? { Fail: { ErrorMessage: state.failureReason } } : undefined
    default:
      return undefined
  }
}
