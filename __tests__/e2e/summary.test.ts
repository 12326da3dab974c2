// The job summary and the console link, end to end through dist/index.js: a started execution
// links to the console, and a step that fails still writes a summary of what failed.
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { commandsOf } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

let emulator: Emulator
const { run } = useAction(started => (emulator = started))

beforeEach(() => {
  emulator.addPipeline({
    name: PIPELINE,
    parameters: [
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
      { Name: 'DataPath', DefaultValue: 's3://b/d' }
    ],
    steps: [{ name: 'Train', type: 'Training', durationMs: 60_000 }]
  })
})

const HOME = 'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1'

describe('the console link', () => {
  it('is an output, in the log and in the summary', async () => {
    const result = await run()

    expect(result.code).toBe(0)
    const arn = result.outputs['pipeline-execution-arn'] ?? ''
    const id = arn.split('/').pop() ?? ''
    const url = `${HOME}#/pipelines/${PIPELINE}/executions/${id}`
    expect(id).not.toBe('')
    expect(result.outputs['pipeline-execution-url']).toBe(url)
    expect(result.stdout).toContain(`In the SageMaker console: ${url}\n`)
    expect(result.summary).toContain(`<a href="${url}">`)
  })
})

describe('a failed step', () => {
  it('writes a summary with the errors, escaped, and the request that would have been sent', async () => {
    const result = await run({ parameters: 'Epoch: 3\nDataPath: s3://b/<x>' })

    expect(result.code).toBe(1)
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(0)
    const [error] = commandsOf(result, 'error')
    expect(error).toContain('"Epoch" is not a parameter of the pipeline. Did you mean "Epochs"?')
    expect(result.summary).toContain('<h2>SageMaker pipeline churn-training: the step failed</h2>')
    expect(result.summary).toContain(
      '&quot;Epoch&quot; is not a parameter of the pipeline. Did you mean &quot;Epochs&quot;?'
    )
    expect(result.summary).toContain('<h3>Request</h3>')
    expect(result.summary).toContain('s3://b/&lt;x&gt;')
    expect(result.summary).not.toContain('<x>')
    expect(result.outputs).toEqual({})
  })

  it('writes a summary for a start SageMaker refuses', async () => {
    emulator.inject('StartPipelineExecution', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'not authorized to perform: sagemaker:StartPipelineExecution'
    })

    const result = await run()

    expect(result.code).toBe(1)
    expect(result.summary).toContain('Allow sagemaker:StartPipelineExecution on')
    expect(result.summary).toContain(`<a href="${HOME}#/pipelines/${PIPELINE}">`)
    expect(result.summary).toContain('&quot;PipelineName&quot;: &quot;churn-training&quot;')
  })

  it('writes a summary for a bad input, with no request, none having been built', async () => {
    const result = await run({ 'max-parallel-execution-steps': '0' })

    expect(result.code).toBe(1)
    expect(result.summary).toContain('<h2>SageMaker pipeline: the step failed</h2>')
    expect(result.summary).toContain('Input max-parallel-execution-steps &quot;0&quot;')
    expect(result.summary).not.toContain('<h3>Request</h3>')
  })
})
