// End to end: the committed dist/index.js, run as the runner runs it, against the local
// SageMaker endpoint over real HTTP with the real SDK.
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { SHA, commandsOf } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

const HEAD_SHA = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807'

let emulator: Emulator
const { run } = useAction(started => (emulator = started))

beforeEach(() => {
  emulator.addPipeline({
    name: PIPELINE,
    parameters: [
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
      { Name: 'LearningRate', Type: 'Float', DefaultValue: 0.1 },
      { Name: 'Shuffle', Type: 'Boolean', DefaultValue: false }
    ],
    steps: [
      { name: 'Preprocess', type: 'Processing', durationMs: 60_000 },
      { name: 'Train', type: 'Training', durationMs: 60_000 }
    ]
  })
})

function startBodies() {
  return emulator.requestsFor('StartPipelineExecution').map(r => r.body as Record<string, unknown>)
}

describe('starting an execution', () => {
  it('uses the commit SHA on a push, and sets the outputs and the summary', async () => {
    const result = await run({ parameters: 'Epochs: 10\nLearningRate: 0.050\nShuffle: true' })

    expect(result.code).toBe(0)
    expect(startBodies()).toEqual([
      {
        PipelineName: PIPELINE,
        PipelineExecutionDisplayName: SHA,
        PipelineExecutionDescription:
          'Started by GitHub Actions: acme/churn, workflow "Train", run #42, https://github.com/acme/churn/actions/runs/1234567890',
        ClientRequestToken: SHA,
        PipelineParameters: [
          { Name: 'Epochs', Value: '10' },
          { Name: 'LearningRate', Value: '0.050' },
          { Name: 'Shuffle', Value: 'true' }
        ]
      }
    ])
    const [execution] = emulator.executions(PIPELINE)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(result.outputs).toEqual({
      'pipeline-execution-arn': execution?.arn,
      'pipeline-execution-url': `https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/churn-training/executions/${execution?.arn.split('/').at(-1)}`,
      'pipeline-execution-display-name': SHA,
      'pipeline-execution-origin': 'started',
      'pipeline-execution-status': 'Executing'
    })
    expect(result.summary).toContain(`<code>${execution?.arn}</code>`)
    expect(result.summary).toContain(
      '<tr><td><code>LearningRate</code></td><td><code>0.050</code></td><td>Float</td><td>sent</td></tr>'
    )
    expect(result.stdout).toContain(`Pipeline execution: ${execution?.arn}`)
    expect(commandsOf(result, 'error')).toEqual([])
    // Signed, with the action named in the user agent.
    const [start] = emulator.requestsFor('StartPipelineExecution')
    expect(start?.signed).toBe(true)
    expect(start?.headers['user-agent']).toMatch(/sagemaker-pipeline-action\/1\.0\.0/)
  })

  it.each(['pull_request', 'pull_request_target'])(
    'uses the head commit of the pull request on %s',
    async eventName => {
      const result = await run(
        {},
        { eventName, event: { pull_request: { number: 5, head: { sha: HEAD_SHA } } } }
      )

      expect(result.code).toBe(0)
      expect(startBodies()[0]).toMatchObject({
        ClientRequestToken: HEAD_SHA,
        PipelineExecutionDisplayName: HEAD_SHA
      })
      expect(result.outputs['pipeline-execution-display-name']).toBe(HEAD_SHA)
    }
  )

  it('maps every input to its request field', async () => {
    const source = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Succeeded' })
    const result = await run({
      'display-name': 'feature/my_branch',
      description: 'Nightly retrain',
      parameters: '{"Epochs": 3}',
      'client-request-token': 'short-token',
      'max-parallel-execution-steps': '2',
      'selected-steps': 'Preprocess, Train',
      'source-pipeline-execution-arn': source,
      'pipeline-version-id': '3',
      'mlflow-experiment-name': 'churn-experiments',
      'aws-region': 'eu-west-1'
    })

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(startBodies()).toEqual([
      {
        PipelineName: PIPELINE,
        PipelineExecutionDisplayName: 'feature-my-branch',
        PipelineExecutionDescription: 'Nightly retrain',
        ClientRequestToken: createHash('sha256').update('short-token').digest('hex'),
        PipelineParameters: [{ Name: 'Epochs', Value: '3' }],
        ParallelismConfiguration: { MaxParallelExecutionSteps: 2 },
        SelectiveExecutionConfig: {
          SelectedSteps: [{ StepName: 'Preprocess' }, { StepName: 'Train' }],
          SourcePipelineExecutionArn: source
        },
        PipelineVersionId: 3,
        MlflowExperimentName: 'churn-experiments'
      }
    ])
    expect(emulator.requestsFor('StartPipelineExecution')[0]?.region).toBe('eu-west-1')
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('changed to "feature-my-branch"')
    ])
    expect(result.stdout).toContain('SHA-256 digest')
  })
})

describe('one token, one execution', () => {
  it('gives back the same execution when the same commit runs again, and says so', async () => {
    const existing = emulator.seedExecution({
      pipelineName: PIPELINE,
      status: 'Succeeded',
      token: SHA,
      creationTime: Date.now() - 3_600_000
    })

    const result = await run({})

    expect(result.code).toBe(0)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(result.outputs['pipeline-execution-arn']).toBe(existing)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    expect(result.outputs['pipeline-execution-origin']).toBe('existing')
    const [notice] = commandsOf(result, 'notice')
    expect(notice).toContain('This commit had already started this execution')
    expect(notice).toContain(existing)
    expect(notice).toContain('client-request-token: ${{ github.sha }}-${{ github.run_attempt }}')
    expect(result.summary).toContain('had already started')
  })

  it('starts one execution when a run is repeated', async () => {
    const first = await run({})
    const second = await run({})

    expect([first.code, second.code]).toEqual([0, 0])
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(second.outputs['pipeline-execution-arn']).toBe(first.outputs['pipeline-execution-arn'])
  })

  it('retries through throttling with the same token and starts one execution', async () => {
    emulator.inject('StartPipelineExecution', { kind: 'throttle', times: 2 })

    const result = await run({})

    expect(result.code).toBe(0)
    const tokens = startBodies().map(body => body.ClientRequestToken)
    expect(tokens).toEqual([SHA, SHA, SHA])
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions(PIPELINE)[0]?.arn)
  })

  it('recovers the ARN when the connection drops after SageMaker started the execution', async () => {
    emulator.inject('StartPipelineExecution', { kind: 'drop', when: 'after' })

    const result = await run({})

    expect(result.code).toBe(0)
    expect(startBodies().map(body => body.ClientRequestToken)).toEqual([SHA, SHA])
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions(PIPELINE)[0]?.arn)
  })

  it('retries a server error', async () => {
    emulator.inject('StartPipelineExecution', { kind: 'server-error', status: 503 })

    const result = await run({})

    expect(result.code).toBe(0)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
  })
})

describe('failures a user can act on', () => {
  it('names the pipeline and region when the pipeline does not exist', async () => {
    const result = await run({ 'pipeline-name': 'no-such-pipeline' })

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('pipeline "no-such-pipeline" was not found in us-east-1')
    ])
    expect(result.outputs).toEqual({})
    expect(emulator.executions()).toHaveLength(0)
  })

  it('explains the concurrent-execution limit', async () => {
    emulator.inject('StartPipelineExecution', {
      kind: 'error',
      type: 'ResourceLimitExceeded',
      message: 'You have reached the limit of running executions.'
    })

    const result = await run({})

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('Service Quotas')])
  })

  it('names the IAM action when access is denied', async () => {
    emulator.inject('StartPipelineExecution', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'User is not authorized to perform: sagemaker:StartPipelineExecution'
    })

    const result = await run({})

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining(
        'Allow sagemaker:StartPipelineExecution on arn:aws:sagemaker:us-east-1'
      )
    ])
  })

  it('gives up on sustained throttling with a clear message', async () => {
    emulator.inject('StartPipelineExecution', { kind: 'throttle', times: Infinity })

    const result = await run({}, { timeoutMs: 60_000 })

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('kept throttling the request after 6 attempts')
    ])
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(6)
    expect(emulator.executions()).toHaveLength(0)
  }, 70_000)

  it('names the endpoint it could not reach', async () => {
    const result = await run({}, { endpoint: 'http://127.0.0.1:9', timeoutMs: 60_000 })

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('could not reach SageMaker at us-east-1 (http://127.0.0.1:9)')
    ])
  }, 70_000)

  it('asks for credentials when there are none', async () => {
    const result = await run(
      {},
      { env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } }
    )

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('configure-aws-credentials')
    ])
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('bad input: one error naming the input, and no request', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string | undefined>?]> = [
    ['pipeline-name', { 'pipeline-name': '' }],
    ['pipeline-name', { 'pipeline-name': 'churn_training' }],
    ['pipeline-name', { 'pipeline-name': 'x'.repeat(2049) }],
    ['parameters', { parameters: 'Epochs: [1, 2]' }],
    ['parameters', { parameters: 'Config:\n  nested: true' }],
    ['parameters', { parameters: 'Epochs: 1\nEpochs: 2' }],
    ['parameters', { parameters: 'Epochs: {' }],
    ['parameters', { parameters: 'bad name: 1' }],
    ['parameters', { parameters: `Long: ${'v'.repeat(1025)}` }],
    ['description', { description: 'two\nlines' }],
    ['description', { description: 'd'.repeat(3073) }],
    ['max-parallel-execution-steps', { 'max-parallel-execution-steps': '0' }],
    ['max-parallel-execution-steps', { 'max-parallel-execution-steps': 'four' }],
    ['pipeline-version-id', { 'pipeline-version-id': '-1' }],
    [
      'selected-steps',
      { 'selected-steps': Array.from({ length: 51 }, (_, i) => `S${i}`).join(',') }
    ],
    [
      'source-pipeline-execution-arn',
      {
        'source-pipeline-execution-arn':
          'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e'
      }
    ],
    [
      'source-pipeline-execution-arn',
      { 'selected-steps': 'Train', 'source-pipeline-execution-arn': 'not-an-arn' }
    ],
    ['mlflow-experiment-name', { 'mlflow-experiment-name': 'm'.repeat(257) }],
    ['aws-region', {}, { AWS_REGION: undefined }],
    ['aws-region', { 'aws-region': 'Europe' }]
  ]

  it.each(cases)('%s %j', async (input, inputs, env = {}) => {
    const result = await run(inputs, { env })

    expect(result.code).toBe(1)
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(new RegExp(`^Input ${input}[ :]`))
    expect(emulator.requests).toHaveLength(0)
    expect(result.outputs).toEqual({})
  })
})
