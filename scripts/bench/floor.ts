// The floor for our stack: the StartPipelineExecution the action sends, with the same SDK and
// nothing else. `npm run bench` bundles it with ncc as the action is bundled and runs it with the
// same Node; the request (JSON) comes in BENCH_REQUEST, the endpoint and credentials as for the action.
import {
  SageMakerClient,
  StartPipelineExecutionCommand,
  type StartPipelineExecutionCommandInput
} from '@aws-sdk/client-sagemaker'

const request = JSON.parse(process.env.BENCH_REQUEST ?? '{}') as StartPipelineExecutionCommandInput
const client = new SageMakerClient({ region: process.env.AWS_REGION })
const { PipelineExecutionArn } = await client.send(new StartPipelineExecutionCommand(request))
console.log(PipelineExecutionArn)
