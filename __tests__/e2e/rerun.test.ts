// Re-runs of a workflow for the same commit, end to end: the same token gives back the first
// run's execution, and the step resumes, follows or reports it by its state.
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator, ExecutionSeed } from '../../emulator/index.js'
import { SHA, commandsOf } from '../../test-support/runner.js'
import { PIPELINE, until, useAction } from './support.js'

const HOUR_AGO = () => Date.now() - 3_600_000
// The RetryPipelineExecution token of each run attempt (src/rerun.ts): the lowercase hex SHA-256 of
// `retry\n<start token>\n<run id>\n<run attempt>`, with the commit SHA as the start token and the
// harness's run id, computed once by hand:
//   printf 'retry\n%s\n%s\n%s' 4f2c9d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392 1234567890 1 | sha256sum
const RETRY_TOKEN_ATTEMPT_1 = '29c6daacf274a43caf3d3d2d1ed428016f638b622d625d4f48b37a6b8c17c709'
//   printf 'retry\n%s\n%s\n%s' 4f2c9d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392 1234567890 2 | sha256sum
const RETRY_TOKEN_ATTEMPT_2 = '9ed5cf68fde59edd91583d7337a4076046f6db9f095dd8c3454c3cab9295d74b'

let emulator: Emulator
const { run } = useAction(started => (emulator = started), {
  inputs: { 'max-poll-interval': '1s' }
})

beforeEach(() => {
  emulator.addPipeline({
    name: PIPELINE,
    steps: [
      { name: 'Prep', type: 'Processing', durationMs: 300 },
      { name: 'Train', type: 'Training', durationMs: 600 },
      { name: 'Evaluate', type: 'Processing', durationMs: 300 }
    ]
  })
})

function seed(status: ExecutionSeed['status'], more: Partial<ExecutionSeed> = {}) {
  return emulator.seedExecution({
    pipelineName: PIPELINE,
    status,
    token: SHA,
    creationTime: HOUR_AGO(),
    ...(status === 'Failed' && { failedStep: 'Train', failureReason: 'AlgorithmError: OOM' }),
    ...more
  })
}

function retryBodies() {
  return emulator.requestsFor('RetryPipelineExecution').map(r => r.body)
}

describe('a re-run for the same commit', () => {
  it('resumes a failed execution, and with wait follows it to success', async () => {
    const arn = seed('Failed')

    const result = await run({ wait: 'true' })

    expect(result.code).toBe(0)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    const retries = emulator.requestsFor('RetryPipelineExecution')
    expect(retries).toHaveLength(1)
    expect((retries[0]?.body as { PipelineExecutionArn: string }).PipelineExecutionArn).toBe(arn)
    expect((retries[0]?.body as { ClientRequestToken: string }).ClientRequestToken).toBe(
      RETRY_TOKEN_ATTEMPT_1
    )
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': arn,
      'pipeline-execution-origin': 'retried',
      'pipeline-execution-status': 'Succeeded'
    })
    expect(result.stdout).toContain('Running again: Train')
    const train = (
      JSON.parse(result.outputs.steps ?? '[]') as Array<{ name: string; attemptCount: number }>
    ).find(step => step.name === 'Train')
    expect(train?.attemptCount).toBe(2)
    expect(result.summary).toContain('resumed it from its failed steps')
  })

  it('resumes at most once per run attempt, and again on the next attempt', async () => {
    // Train fails on every attempt, so each run finds the execution Failed again.
    const arn = seed('Failed', { failedAttempts: Infinity })
    const execution = () => emulator.executions(PIPELINE)[0]
    const trainAttempts: Array<number | undefined> = []
    const noteTrainAttempts = () =>
      trainAttempts.push(execution()?.steps.find(step => step.name === 'Train')?.attemptCount)

    const first = await run()
    await until(() => execution()?.status === 'Failed')
    noteTrainAttempts()
    const second = await run()
    noteTrainAttempts()
    const next = await run({}, { env: { GITHUB_RUN_ATTEMPT: '2' } })
    noteTrainAttempts()

    expect([first.code, second.code, next.code]).toEqual([0, 0, 0])
    // The second run of attempt 1 asks again with the attempt's token: SageMaker takes it for the
    // request it already carried out, and Train does not run a third time.
    expect(retryBodies()).toEqual([
      { PipelineExecutionArn: arn, ClientRequestToken: RETRY_TOKEN_ATTEMPT_1 },
      { PipelineExecutionArn: arn, ClientRequestToken: RETRY_TOKEN_ATTEMPT_1 },
      { PipelineExecutionArn: arn, ClientRequestToken: RETRY_TOKEN_ATTEMPT_2 }
    ])
    expect(execution()?.retryTokens).toEqual([RETRY_TOKEN_ATTEMPT_1, RETRY_TOKEN_ATTEMPT_2])
    expect(trainAttempts).toEqual([2, 2, 3])
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
  })

  it('reports a failed execution without resuming it when retry-failed is false', async () => {
    seed('Failed')

    const result = await run({ 'retry-failed': 'false' })

    expect(result.code).toBe(0)
    expect(emulator.requestsFor('RetryPipelineExecution')).toHaveLength(0)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-origin': 'existing',
      'pipeline-execution-status': 'Failed',
      'failure-reason': expect.stringContaining('failed')
    })
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('Train (Training): AlgorithmError: OOM')
    ])
  })

  it('fails with the reason when retry-failed is false and wait is on', async () => {
    seed('Failed')

    const result = await run({ 'retry-failed': 'false', wait: 'true' })

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('AlgorithmError: OOM')])
  })

  it('ends green at once on a succeeded execution', async () => {
    seed('Succeeded')

    const result = await run({ wait: 'true' })

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-origin': 'existing',
      'pipeline-execution-status': 'Succeeded'
    })
    expect(emulator.requestsFor('DescribePipelineExecution').length).toBeLessThanOrEqual(2)
  })

  it('explains a stopped execution that SageMaker will not resume', async () => {
    seed('Stopped')

    const result = await run()

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringMatching(
        /^SageMaker would not resume the Stopped execution .* client-request-token: \$\{\{ github\.sha \}\}-\$\{\{ github\.run_attempt \}\}$/
      )
    ])
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
  })

  it('follows an execution that still runs', async () => {
    const arn = seed('Executing')

    const result = await run()

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': arn,
      'pipeline-execution-origin': 'existing',
      'pipeline-execution-status': 'Executing'
    })
    expect(emulator.requestsFor('RetryPipelineExecution')).toHaveLength(0)
  })
})

describe('credentials that expire during a wait', () => {
  it('fail at once with the fix, and keep the outputs', async () => {
    emulator.addPipeline({
      name: PIPELINE,
      steps: [{ name: 'Train', type: 'Training', durationMs: 60_000 }]
    })
    emulator.inject('DescribePipelineExecution', {
      kind: 'error',
      type: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      fromCall: 3,
      times: Infinity
    })

    const result = await run({ wait: 'true', 'wait-timeout': '2h' })

    expect(result.code).toBe(1)
    const [error] = commandsOf(result, 'error')
    expect(error).toMatch(
      /^The AWS credentials expired after \d+m?s of waiting\. The execution goes on in SageMaker: arn:/
    )
    expect(error).toContain('set role-to-assume')
    expect(error).toContain('role-duration-seconds at least as long as wait-timeout (2h0m0s)')
    expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions(PIPELINE)[0]?.arn)
    // No retries of a call that cannot succeed: the third describe fails and the wait ends.
    expect(emulator.requestsFor('DescribePipelineExecution')).toHaveLength(3)
  })

  it('warn at the start of the wait when they will expire before wait-timeout', async () => {
    const expiry = new Date(Date.now() + 30 * 60_000).toISOString()
    emulator.addPipeline({
      name: PIPELINE,
      steps: [{ name: 'Train', type: 'Training', durationMs: 300 }]
    })

    const result = await run(
      { wait: 'true', 'wait-timeout': '2h' },
      { env: { AWS_SESSION_TOKEN: 'session', AWS_CREDENTIAL_EXPIRATION: expiry } }
    )

    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining(`The AWS credentials expire at ${expiry}`)
    ])
  })
})
