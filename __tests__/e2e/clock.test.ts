// End to end: whether the execution a start gave back existed before the step is judged by
// SageMaker's clock (the Date header of its answers), because a self-hosted runner's clock may be
// minutes off. Here the endpoint's clock runs minutes ahead of the runner's, then minutes behind
// it, and the step must still tell an execution it started from one this commit had started
// before.
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator, ExecutionSeed } from '../../emulator/index.js'
import { SHA, commandsOf } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

const MINUTE = 60_000

describe.each([
  ['five minutes ahead of', 5 * MINUTE],
  ['five minutes behind', -5 * MINUTE]
])("SageMaker's clock %s the runner's", (_label, skewMs) => {
  const sagemakerNow = () => Date.now() + skewMs
  let emulator: Emulator
  const { run } = useAction(started => (emulator = started), { emulator: { now: sagemakerNow } })

  beforeEach(() => {
    emulator.addPipeline({
      name: PIPELINE,
      steps: [
        { name: 'Prep', type: 'Processing', durationMs: 300 },
        { name: 'Train', type: 'Training', durationMs: 600_000 }
      ]
    })
  })

  /** An execution this commit started 30 s before the step, by SageMaker's clock. */
  function seedHalfAMinuteAgo(status: ExecutionSeed['status']): string {
    return emulator.seedExecution({
      pipelineName: PIPELINE,
      status,
      token: SHA,
      creationTime: sagemakerNow() - 30_000,
      ...(status === 'Failed' && { failedStep: 'Train', failureReason: 'AlgorithmError: OOM' })
    })
  }

  it('a fresh start is reported as started', async () => {
    const result = await run()

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    const [execution] = emulator.executions(PIPELINE)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': execution?.arn,
      'pipeline-execution-origin': 'started',
      'pipeline-execution-status': 'Executing'
    })
    expect(commandsOf(result, 'notice')).toEqual([])
  })

  it('an execution this commit started 30 s before the step, still running, is existing', async () => {
    const arn = seedHalfAMinuteAgo('Executing')

    const result = await run()

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': arn,
      'pipeline-execution-origin': 'existing',
      'pipeline-execution-status': 'Executing'
    })
    expect(commandsOf(result, 'notice')).toEqual([
      expect.stringContaining('This commit had already started this execution')
    ])
    expect(emulator.requestsFor('RetryPipelineExecution')).toHaveLength(0)
  })

  it('an execution this commit started 30 s before the step, failed, is resumed', async () => {
    const arn = seedHalfAMinuteAgo('Failed')

    const result = await run()

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': arn,
      'pipeline-execution-origin': 'retried'
    })
    expect(emulator.requestsFor('RetryPipelineExecution')).toHaveLength(1)
    expect(emulator.executions(PIPELINE)[0]?.status).toBe('Executing')
  })
})
