// Deploying the definition file, against a mocked SageMaker: which version the action labels and
// runs when another workflow changes the pipeline at the same moment.
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreatePipelineCommand,
  ListPipelineVersionsCommand,
  ResourceNotFound,
  SageMakerClient,
  UpdatePipelineVersionCommand,
  type PipelineVersionSummary
} from '@aws-sdk/client-sagemaker'
import { mockClient } from 'aws-sdk-client-mock'
import { connect, type SageMaker } from '../../src/client.js'
import { deployDefinition, type DeployTarget } from '../../src/definition/deploy.js'

const PIPELINE_ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn'
const COMMIT = '4f2c9d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392'
const DEFINITION = { Version: '2020-12-01', Steps: [] }

const target: DeployTarget = {
  pipelineName: 'churn',
  file: {
    path: 'pipeline.json',
    text: JSON.stringify(DEFINITION),
    value: DEFINITION,
    declared: { parameters: [], steps: [] }
  },
  roleArn: 'arn:aws:iam::123456789012:role/sagemaker-pipeline-execution',
  tags: [],
  commit: COMMIT,
  runLine: 'Started by GitHub Actions'
}

const mock = mockClient(SageMakerClient)

/** ListPipelineVersions over `versions` (oldest first), as the API sorts and cuts a page. */
function serveVersions(versions: PipelineVersionSummary[]): void {
  mock.on(ListPipelineVersionsCommand).callsFake(input => {
    const sorted = input.SortOrder === 'Ascending' ? versions : [...versions].reverse()
    return { PipelineVersionSummaries: sorted.slice(0, input.MaxResults ?? 100) }
  })
}

describe('deployDefinition', () => {
  let sagemaker: SageMaker
  // No credentials, endpoint or proxy: the mock answers each call before the SDK would look for
  // any of them.
  beforeAll(async () => {
    sagemaker = await connect('us-east-1', {})
  })
  beforeEach(() => {
    mock.reset()
  })

  it('labels the version it created, not a newer one another workflow made meanwhile', async () => {
    // Missing at the first look; by the time the create is followed by a list, another workflow
    // has updated the new pipeline: version 1 is this file's, version 2 theirs.
    mock
      .on(ListPipelineVersionsCommand)
      .rejectsOnce(
        new ResourceNotFound({ message: 'Pipeline churn does not exist', $metadata: {} })
      )
    mock.on(CreatePipelineCommand).callsFake(() => {
      serveVersions([
        { PipelineArn: PIPELINE_ARN, PipelineVersionId: 1 },
        { PipelineArn: PIPELINE_ARN, PipelineVersionId: 2, PipelineVersionDisplayName: 'theirs' }
      ])
      return { PipelineArn: PIPELINE_ARN }
    })
    mock.on(UpdatePipelineVersionCommand).resolves({})
    const warnings: string[] = []

    const deployment = await deployDefinition(sagemaker, target, {
      sleep: async () => undefined,
      warn: message => warnings.push(message)
    })

    expect(deployment).toMatchObject({ status: 'created', versionId: 1, pipelineArn: PIPELINE_ARN })
    expect(mock.commandCalls(UpdatePipelineVersionCommand).map(call => call.args[0].input)).toEqual(
      [
        {
          PipelineArn: PIPELINE_ARN,
          PipelineVersionId: 1,
          PipelineVersionDisplayName: COMMIT,
          PipelineVersionDescription: 'Started by GitHub Actions'
        }
      ]
    )
    expect(warnings).toEqual([])
  })
})
