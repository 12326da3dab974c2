// End to end: what `parameters` says about the text it was given, and what reaches SageMaker, with
// the committed dist/index.js against the local SageMaker endpoint.
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
      { Name: 'DataPath', Type: 'String', DefaultValue: 's3://bucket/data' },
      { Name: 'Tag', Type: 'String', DefaultValue: 'latest' },
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 }
    ],
    steps: [{ name: 'Train', type: 'Training', durationMs: 60_000 }]
  })
})

describe('parameters as written', () => {
  it('warns of a comment dropped from a value, and leaves out a parameter with no value', async () => {
    const result = await run({ parameters: 'DataPath: s3://bucket/run #7\nTag:\nEpochs: 10' })

    expect(result.code).toBe(0)
    expect(commandsOf(result, 'error')).toEqual([])
    expect(
      emulator.requestsFor('StartPipelineExecution').map(r => r.body as Record<string, unknown>)
    ).toEqual([
      expect.objectContaining({
        PipelineParameters: [
          { Name: 'DataPath', Value: 's3://bucket/run' },
          { Name: 'Epochs', Value: '10' }
        ]
      })
    ])
    expect(commandsOf(result, 'warning')).toEqual([
      'parameters: YAML reads "#7" after the value of "DataPath" as a comment and drops it, so "s3://bucket/run" is sent. To send the whole text, quote it: DataPath: "s3://bucket/run #7" (a comment meant as one goes on a line of its own).'
    ])
    expect(result.stdout).toContain(
      'parameters: "Tag" has no value, so it is left out of the request and the pipeline\'s default applies. To send an empty string, write Tag: "".'
    )
    expect(result.summary).toContain(
      '<tr><td><code>Tag</code></td><td><code>latest</code></td><td>String</td><td>default</td></tr>'
    )
  })
})
