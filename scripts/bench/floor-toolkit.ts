// The floor for the design's stack (K): the least the action must do, through the toolkit it is
// built on: its inputs through @actions/core, the commit from @actions/github's context, one
// StartPipelineExecution with the same SDK, and the ARN as a step output. `npm run bench`
// bundles it with ncc as the action is bundled and runs it as the runner runs the action.
import * as core from '@actions/core'
import { context } from '@actions/github'
import { SageMakerClient, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker'

// `Name: value` lines, split by hand: the YAML parser and the checks are part of what the action
// adds to this floor.
const parameters = core
  .getInput('parameters')
  .split('\n')
  .filter(line => line.includes(':'))
  .map(line => {
    const at = line.indexOf(':')
    return { Name: line.slice(0, at).trim(), Value: line.slice(at + 1).trim() }
  })
const client = new SageMakerClient({ region: process.env.AWS_REGION })
const { PipelineExecutionArn } = await client.send(
  new StartPipelineExecutionCommand({
    PipelineName: core.getInput('pipeline-name', { required: true }),
    PipelineExecutionDisplayName: context.sha,
    ClientRequestToken: core.getInput('client-request-token') || context.sha,
    PipelineParameters: parameters
  })
)
core.setOutput('pipeline-execution-arn', PipelineExecutionArn)
