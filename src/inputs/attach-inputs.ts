// pipeline-execution-arn: follow an execution this step did not start (one started by another job,
// or by a schedule). The ARN names the pipeline and the region; inputs that only shape a start
// have no meaning then, and giving one is an error rather than something silently ignored. Pure.
import { PipelineExecutionArn, matchesPattern } from '../constraints.js'
import { parseExecutionArn } from '../execution.js'
import { InputError } from './input-error.js'

export interface AttachTarget {
  executionArn: string
  /** As the ARN holds it (lower case), or as pipeline-name gives it. */
  pipelineName: string
  region: string
}

/** The inputs that only shape a start; those with a default in action.yml are left out. */
const START_ONLY_INPUTS = [
  'display-name',
  'description',
  'parameters',
  'client-request-token',
  'max-parallel-execution-steps',
  'selected-steps',
  'source-pipeline-execution-arn',
  'pipeline-version-id',
  'mlflow-experiment-name',
  'pipeline-definition-file',
  'pipeline-role-arn',
  'pipeline-tags'
]

/** Undefined when the step starts an execution (pipeline-execution-arn is empty). */
export function parseAttachTarget(read: (name: string) => string): AttachTarget | undefined {
  const executionArn = read('pipeline-execution-arn')
  if (executionArn === '') return undefined
  const parsed = matchesPattern(PipelineExecutionArn, executionArn)
    ? parseExecutionArn(executionArn)
    : undefined
  if (!parsed)
    throw new InputError(
      'pipeline-execution-arn',
      'must be a pipeline execution ARN (arn:aws:sagemaker:REGION:ACCOUNT:pipeline/NAME/execution/ID), such as the pipeline-execution-arn output of the step that started it.',
      executionArn
    )

  const given = START_ONLY_INPUTS.filter(name => read(name) !== '')
  if (given.length > 0)
    throw new InputError(
      'pipeline-execution-arn',
      `follows an execution that already exists, so ${given.join(', ')} ${given.length === 1 ? 'has' : 'have'} nothing to shape: remove ${given.length === 1 ? 'it' : 'them'}, or remove pipeline-execution-arn to start an execution.`
    )
  if (read('dry-run') === 'true')
    throw new InputError(
      'dry-run',
      'cannot be used with pipeline-execution-arn: following an execution starts nothing.'
    )

  const region = read('aws-region')
  if (region !== '' && region !== parsed.region)
    throw new InputError(
      'aws-region',
      `is ${region}, but pipeline-execution-arn is an execution in ${parsed.region}. Remove aws-region: the ARN's region is used.`
    )
  const pipelineName = read('pipeline-name')
  if (pipelineName !== '' && pipelinePart(pipelineName) !== parsed.pipelineName)
    throw new InputError(
      'pipeline-name',
      `names another pipeline than pipeline-execution-arn (an execution of "${parsed.pipelineName}"). Remove pipeline-name: the ARN names the pipeline.`,
      pipelineName
    )
  return {
    executionArn,
    pipelineName: pipelineName === '' ? parsed.pipelineName : pipelineName,
    region: parsed.region
  }
}

/** A pipeline's name as its ARNs hold it: lower case, from a name or a pipeline ARN. */
function pipelinePart(nameOrArn: string): string {
  return (nameOrArn.split('/').at(-1) ?? nameOrArn).toLowerCase()
}
