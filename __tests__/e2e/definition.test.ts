// Parameters and selected steps checked against the pipeline's own definition, and the dry run,
// end to end through dist/index.js.
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { commandsOf } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

let emulator: Emulator
let pipelineArn: string
const { run } = useAction(started => (emulator = started))

beforeEach(() => {
  pipelineArn = emulator.addPipeline({
    name: PIPELINE,
    parameters: [
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
      { Name: 'LearningRate', Type: 'Float', DefaultValue: 0.1 },
      { Name: 'Shuffle', Type: 'Boolean', DefaultValue: true },
      {
        Name: 'InstanceType',
        DefaultValue: 'ml.m5.xlarge',
        EnumValues: ['ml.m5.xlarge', 'ml.g5.xlarge']
      },
      { Name: 'DataPath' }
    ],
    steps: [
      { name: 'Preprocess', type: 'Processing', durationMs: 60_000 },
      { name: 'Train', type: 'Training', durationMs: 60_000 }
    ]
  })
})

const starts = () => emulator.requestsFor('StartPipelineExecution')

describe('checks against the definition', () => {
  it.each([
    [
      'DataPath: s3://b/d\nEpoch: 3',
      ['"Epoch" is not a parameter of the pipeline. Did you mean "Epochs"?']
    ],
    [
      'DataPath: s3://b/d\nEpoch:',
      ['"Epoch" has no value and is not a parameter of the pipeline either. Did you mean "Epochs"?']
    ],
    ['DataPath: s3://b/d\nEpochs: ten', ['"Epochs" as Integer']],
    ['DataPath: s3://b/d\nLearningRate: fast', ['"LearningRate" as Float']],
    ['DataPath: s3://b/d\nShuffle: yes', ['"Shuffle" as Boolean']],
    ['DataPath: s3://b/d\nInstanceType: ml.g5.xlarg', ['Did you mean "ml.g5.xlarge"?']],
    ['Epochs: 3', ['must give "DataPath"']],
    [
      'Epoch: 3\nShuffle: maybe',
      ['"Epoch" is not a parameter', '"Shuffle" as Boolean', 'must give "DataPath"']
    ]
  ])('rejects %j before any start, one error each', async (parameters, expected) => {
    const result = await run({ parameters })

    expect(result.code).toBe(1)
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(expected.length)
    expected.forEach((text, i) => expect(errors[i]).toContain(text))
    errors.forEach(error => expect(error).toMatch(/^Input parameters: /))
    expect(starts()).toHaveLength(0)
  })

  it('rejects a selected step the pipeline does not have', async () => {
    const result = await run({ parameters: 'DataPath: s3://b/d', 'selected-steps': 'Trian' })

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringMatching(
        /^Input selected-steps: "Trian" is not a step of the pipeline\. Did you mean "Train"\?/
      )
    ])
    expect(starts()).toHaveLength(0)
  })

  it('starts a valid request, and lists every declared parameter in the summary', async () => {
    const result = await run({ parameters: 'DataPath: s3://b/d\nEpochs: 3\nShuffle: False' })

    expect(result.code).toBe(0)
    expect(starts()).toHaveLength(1)
    expect(result.summary).toContain(
      '<tr><td><code>Epochs</code></td><td><code>3</code></td><td>Integer</td><td>sent</td></tr>'
    )
    expect(result.summary).toContain(
      '<tr><td><code>LearningRate</code></td><td><code>0.1</code></td><td>Float</td><td>default</td></tr>'
    )
  })

  it('works the same with the pipeline given by ARN', async () => {
    const bad = await run({ 'pipeline-name': pipelineArn, parameters: 'Epoch: 3' })
    const good = await run({ 'pipeline-name': pipelineArn, parameters: 'DataPath: s3://b/d' })

    expect(bad.code).toBe(1)
    expect(commandsOf(bad, 'error')[0]).toContain('Did you mean "Epochs"?')
    expect(good.code).toBe(0)
    expect(starts()).toHaveLength(1)
    expect(
      (emulator.requestsFor('DescribePipeline')[0]?.body as { PipelineName: string }).PipelineName
    ).toBe(pipelineArn)
  })

  it('starts without the check, with one warning, when DescribePipeline is denied', async () => {
    emulator.inject('DescribePipeline', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'not authorized to perform sagemaker:DescribePipeline'
    })

    const result = await run({ parameters: 'Epoch: 3' })

    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining("were not checked against the pipeline's definition")
    ])
    expect(starts()).toHaveLength(1)
  })

  // Parameters the definition does not declare, so a definition taken for one without any would
  // reject them.
  it.each([
    ['is not JSON', '{not json', 'is not valid JSON'],
    ['is not a JSON object', '["Epochs"]', 'is not a JSON object'],
    ['has Parameters that are not a list', '{"Parameters": {"Name": "Epochs"}}', 'not a list']
  ])(
    'starts without the check, with one warning, when the definition %s',
    async (_label, definition, reason) => {
      emulator.addPipeline({
        name: PIPELINE,
        definition,
        steps: [{ name: 'Train', type: 'Training', durationMs: 60_000 }]
      })

      const result = await run({ parameters: 'Epoch: 3' })

      expect(commandsOf(result, 'error')).toEqual([])
      expect(result.code).toBe(0)
      const warnings = commandsOf(result, 'warning')
      expect(warnings).toEqual([
        expect.stringContaining("The parameters were not checked against the pipeline's definition")
      ])
      expect(warnings[0]).toContain(reason)
      expect(emulator.requestsFor('DescribePipeline')).toHaveLength(1)
      expect(starts().map(start => start.body)).toEqual([
        expect.objectContaining({ PipelineParameters: [{ Name: 'Epoch', Value: '3' }] })
      ])
      const [execution] = emulator.executions(PIPELINE)
      expect(emulator.executions(PIPELINE)).toHaveLength(1)
      expect(result.outputs).toMatchObject({
        'pipeline-execution-arn': execution?.arn,
        'pipeline-execution-origin': 'started',
        'pipeline-execution-status': 'Executing'
      })
    }
  )

  it('is skipped with validate-parameters: false', async () => {
    const result = await run({ parameters: 'Epoch: 3', 'validate-parameters': 'false' })

    expect(result.code).toBe(0)
    expect(emulator.requestsFor('DescribePipeline')).toHaveLength(0)
    expect(starts()).toHaveLength(1)
  })
})

describe('dry-run', () => {
  it('checks and logs the request, starts nothing, and says DryRun', async () => {
    const result = await run({ parameters: 'DataPath: s3://b/d', 'dry-run': 'true' })

    expect(result.code).toBe(0)
    expect(starts()).toHaveLength(0)
    expect(emulator.executions()).toHaveLength(0)
    expect(result.outputs['pipeline-execution-status']).toBe('DryRun')
    expect(result.outputs['pipeline-execution-arn']).toBeUndefined()
    expect(result.stdout).toContain('Dry run: the request that would start SageMaker pipeline')
    expect(result.stdout).toContain('"ClientRequestToken": ')
    expect(result.summary).toContain('Dry run: the request was checked but not sent')
  })

  it('still fails on a bad parameter', async () => {
    const result = await run({ parameters: 'Epoch: 3', 'dry-run': 'true' })

    expect(result.code).toBe(1)
    expect(starts()).toHaveLength(0)
  })
})
