// End to end: pipeline-execution-arn (follow an execution started elsewhere: by another job, or by
// a schedule), and a wait whose last look cannot read the steps of an execution that has ended.
// Every run assumes a role, as a job that waits long would (long-waits-support.ts).
import type { ChildProcess } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import type { Emulator, StepSpec, StsEmulator } from '../../emulator/index.js'
import { commandsOf, type RunResult } from '../../test-support/runner.js'
import { ROLE, startRelay, useRoleAction } from './long-waits-support.js'
import { PIPELINE, until } from './support.js'

const FAST = { wait: 'true', 'max-poll-interval': '1s' }
const STEP_FAILURE = 'Step failure: One or multiple steps failed.'
const TERMINAL = /"PipelineExecutionStatus":"(Succeeded|Failed|Stopped)"/

let sts: StsEmulator
let emulator: Emulator
const { run, runPost } = useRoleAction(started => ({ sts, emulator } = started), {
  timeoutMs: 30_000
})

function pipeline(steps: StepSpec[]): void {
  emulator.addPipeline({ name: PIPELINE, steps })
}

/** Runs far longer than any test. */
const LONG: StepSpec[] = [
  { name: 'Preprocess', type: 'Processing', durationMs: 600_000 },
  { name: 'Train', type: 'Training', durationMs: 600_000 }
]

const stopRequests = () => emulator.requestsFor('StopPipelineExecution')
const startRequests = () => emulator.requestsFor('StartPipelineExecution')

/** Follows `arn`, as a step given only the ARN (and the role) would. */
function attach(arn: string, inputs: Record<string, string> = {}, options = {}) {
  return run({ 'pipeline-name': '', 'pipeline-execution-arn': arn, ...inputs }, options)
}

function expectNoMaybeRunning(result: RunResult): void {
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/may still be running/i)
}

describe('following an execution started elsewhere', () => {
  it('without wait, reports an Executing execution and starts nothing', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Executing' })

    const result = await attach(arn)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': arn,
      'pipeline-execution-status': 'Executing',
      'pipeline-execution-origin': 'attached'
    })
    expect(result.outputs['pipeline-execution-url']).toMatch(
      /^https:\/\/[a-z0-9.-]+\.console\.aws\.amazon\.com\/.*churn-training/
    )
    expect(startRequests()).toEqual([])
    expect(stopRequests()).toEqual([])
    expect(emulator.executions()).toHaveLength(1)
    expect(emulator.executions()[0]?.status).toBe('Executing')
    // The region came from the ARN, with the role's keys.
    expect(emulator.requests.every(r => r.region === 'us-east-1')).toBe(true)
    expect(sts.requests).toHaveLength(1)
  })

  it('with wait, ends at once for a Succeeded execution', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Succeeded' })

    const result = await attach(arn, FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': arn,
      'pipeline-execution-status': 'Succeeded',
      'pipeline-execution-origin': 'attached'
    })
    expect(result.durationMs).toBeLessThan(10_000)
    // One look, no wait loop.
    expect(emulator.requestsFor('DescribePipelineExecution')).toHaveLength(1)
    expect(startRequests()).toEqual([])
    expect(stopRequests()).toEqual([])
  })

  it('with wait, fails for a Failed execution, with its failure reason', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({
      pipelineName: PIPELINE,
      status: 'Failed',
      failedStep: 'Train',
      failureReason: 'AlgorithmError: out of memory'
    })

    const result = await attach(arn, FAST)

    expect(result.code).toBe(1)
    expect(result.outputs['pipeline-execution-status']).toBe('Failed')
    expect(result.outputs['pipeline-execution-origin']).toBe('attached')
    // The execution's own reason, as DescribePipelineExecution gives it; the step's is in the error.
    expect(result.outputs['failure-reason']).toBe(STEP_FAILURE)
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('The execution failed')
    expect(errors[0]).toContain('Train (Training): AlgorithmError: out of memory')
    expect(startRequests()).toEqual([])
    expect(stopRequests()).toEqual([])
  })

  it('without wait, reports a Failed execution with a warning, not a failure', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({
      pipelineName: PIPELINE,
      status: 'Failed',
      failedStep: 'Train',
      failureReason: 'AlgorithmError: out of memory'
    })

    const result = await attach(arn)

    expect(result.code).toBe(0)
    expect(commandsOf(result, 'error')).toEqual([])
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('Train (Training): AlgorithmError: out of memory')
    ])
    expect(result.outputs['pipeline-execution-status']).toBe('Failed')
    expect(result.outputs['pipeline-execution-origin']).toBe('attached')
    // The execution's own reason, as DescribePipelineExecution gives it; the step's is in the error.
    expect(result.outputs['failure-reason']).toBe(STEP_FAILURE)
    expect(startRequests()).toEqual([])
  })

  it('refuses start inputs with one error naming them, before any request', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Executing' })

    const result = await attach(arn, {
      ...FAST,
      parameters: 'Epochs: 3',
      'display-name': 'nightly'
    })

    expect(result.code).toBe(1)
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('pipeline-execution-arn')
    expect(errors[0]).toContain('parameters')
    expect(errors[0]).toContain('display-name')
    expect(emulator.requests).toEqual([])
    expect(sts.requests).toEqual([])
    expect(sts.idTokenRequests).toEqual([])
  })

  it('starts in one job and waits in another, with the first ARN and the role', async () => {
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 1000 },
      { name: 'Train', type: 'Training', durationMs: 1500 }
    ])

    const started = await run()
    expect(started.code).toBe(0)
    expect(started.outputs['pipeline-execution-origin']).toBe('started')
    const arn = started.outputs['pipeline-execution-arn'] ?? ''
    expect(arn).toMatch(/^arn:aws:sagemaker:us-east-1:\d{12}:pipeline\/churn-training\/execution\//)

    const waited = await attach(arn, FAST)

    expect(commandsOf(waited, 'error')).toEqual([])
    expect(waited.code).toBe(0)
    expect(waited.outputs).toMatchObject({
      'pipeline-execution-arn': arn,
      'pipeline-execution-status': 'Succeeded',
      'pipeline-execution-origin': 'attached'
    })
    expect(emulator.executions()).toHaveLength(1)
    expect(startRequests()).toHaveLength(1)
    expect(stopRequests()).toEqual([])
    // Each job assumed the role once.
    expect(sts.requests.map(r => r.parameters.RoleArn)).toEqual([ROLE, ROLE])
  })

  it('does not say the pipeline defaults apply to an execution started with parameters', async () => {
    emulator.addPipeline({
      name: PIPELINE,
      steps: LONG,
      parameters: [{ Name: 'Epochs', Type: 'Integer', DefaultValue: 5 }]
    })
    const started = await run({ parameters: 'Epochs: 10' })
    expect(started.code).toBe(0)

    const result = await attach(started.outputs['pipeline-execution-arn'] ?? '')

    expect(result.code).toBe(0)
    expect(result.summary).not.toContain("No parameters were sent: the pipeline's defaults apply.")
    expect(result.summary).toContain('Following an execution started elsewhere')
  })

  it('a watcher with stop-on-cancel, killed while it waits, leaves the post step the stop', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Executing' })
    const inputs = { ...FAST, 'stop-on-cancel': 'true' }
    let child: ChildProcess | undefined
    const running = attach(arn, inputs, { onSpawn: (spawned: ChildProcess) => (child = spawned) })
    await until(() =>
      emulator
        .requestsFor('ListPipelineExecutionSteps')
        .some(r => r.response && r.receivedAt.getTime() < Date.now() - 200)
    )
    // No chance to clean up: the runner's last resort after a cancellation.
    child?.kill('SIGKILL')
    const result = await running

    expect(result.signal).toBe('SIGKILL')
    expect(stopRequests()).toEqual([])
    expect(result.state).toMatchObject({
      'execution-arn': arn,
      'stop-token': expect.stringMatching(/^[0-9a-f]{64}$/)
    })

    const post = await runPost(result.state, {
      'pipeline-name': '',
      'pipeline-execution-arn': arn,
      ...inputs
    })

    expect(post.code).toBe(0)
    expect(commandsOf(post, 'warning')).toEqual([])
    expect(stopRequests().map(r => r.body)).toEqual([
      { PipelineExecutionArn: arn, ClientRequestToken: result.state['stop-token'] }
    ])
    expect(emulator.executions()[0]?.status).toBe('Stopping')
  })

  it('a watcher with stop-on-cancel: false sends no stop when cancelled', async () => {
    pipeline(LONG)
    // As started by a schedule: the job only watches it.
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Executing' })
    let child: ChildProcess | undefined
    const running = attach(
      arn,
      { ...FAST, 'stop-on-cancel': 'false' },
      { onSpawn: (spawned: ChildProcess) => (child = spawned) }
    )
    // Once a look was complete, the action is asleep until the next one.
    await until(() =>
      emulator
        .requestsFor('ListPipelineExecutionSteps')
        .some(r => r.response && r.receivedAt.getTime() < Date.now() - 200)
    )
    child?.kill('SIGINT')
    const result = await running

    expect(result.signal).toBeNull()
    expect(result.code).not.toBe(0)
    expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('cancelled')])
    expect(result.outputs['pipeline-execution-status']).toBe('Executing')
    expect(stopRequests()).toEqual([])
    expect(emulator.executions()[0]?.status).toBe('Executing')
    // Nothing left for the post step, which stops nothing.
    expect(result.state['execution-arn'] ?? '').toBe('')
    const post = await runPost(result.state, {
      'pipeline-name': '',
      'pipeline-execution-arn': arn,
      'stop-on-cancel': 'false'
    })
    expect(post.code).toBe(0)
    expect(stopRequests()).toEqual([])
  })
})

describe('a look whose steps cannot be read after the execution ended', () => {
  // The fault is armed by the answer that told the action the execution had ended, before the
  // action reads it: its next call, the steps of that look, is the first to fail.
  it('ends Succeeded, and sends no stop though the wait-timeout passes during the retries', async () => {
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 700 },
      { name: 'Train', type: 'Training', durationMs: 800 }
    ])
    let armed = false
    // Each failing attempt takes 800 ms: the SDK's six attempts outlast the 4 s wait-timeout.
    const relay = await startRelay(emulator.endpoint, {
      delayMs: operation => (armed && operation === 'ListPipelineExecutionSteps' ? 800 : 0),
      onAnswer: (operation, status, body) => {
        if (armed || operation !== 'DescribePipelineExecution' || !TERMINAL.test(body)) return
        armed = true
        emulator.inject('ListPipelineExecutionSteps', { kind: 'server-error', times: Infinity })
      }
    })
    try {
      const result = await run(
        { ...FAST, 'wait-timeout': '4s', 'stop-on-timeout': 'true' },
        { env: { AWS_ENDPOINT_URL_SAGEMAKER: relay.endpoint } }
      )

      expect(armed).toBe(true)
      expect(commandsOf(result, 'error')).toEqual([])
      expect(result.code).toBe(0)
      expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
      expect(stopRequests()).toEqual([])
      expect(emulator.executions()[0]?.status).toBe('Succeeded')
      const warnings = commandsOf(result, 'warning')
      expect(warnings).toContainEqual(
        expect.stringContaining('ended Succeeded, but its steps could not be read')
      )
      expect(result.stdout).not.toContain('wait-timeout')
      expectNoMaybeRunning(result)

      // The timeout did pass while the steps were retried: the wait began at its first look (the
      // second describe; the first follows the start), and the last attempt came 4 s after.
      const lists = emulator.requestsFor('ListPipelineExecutionSteps')
      const failed = lists.filter(r => r.fault === 'server-error')
      expect(failed.length).toBeGreaterThanOrEqual(2)
      const waitBegan = emulator.requestsFor('DescribePipelineExecution')[1]?.receivedAt.getTime()
      expect(lists.at(-1)?.receivedAt.getTime()).toBeGreaterThan((waitBegan ?? Infinity) + 4000)
    } finally {
      await relay.close()
    }
  })

  it('ends Failed, exit 1, when the steps fail with an error not worth retrying', async () => {
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 700 },
      { name: 'Train', type: 'Training', durationMs: 800, fails: 'AlgorithmError: diverged' }
    ])
    let armed = false
    const relay = await startRelay(emulator.endpoint, {
      onAnswer: (operation, status, body) => {
        if (armed || operation !== 'DescribePipelineExecution' || !TERMINAL.test(body)) return
        armed = true
        emulator.inject('ListPipelineExecutionSteps', {
          kind: 'error',
          type: 'ValidationException',
          message: 'Injected: the steps cannot be listed',
          times: Infinity
        })
      }
    })
    try {
      const result = await run(FAST, { env: { AWS_ENDPOINT_URL_SAGEMAKER: relay.endpoint } })

      expect(armed).toBe(true)
      expect(result.code).toBe(1)
      expect(result.outputs['pipeline-execution-status']).toBe('Failed')
      expect(result.outputs['failure-reason']).toBe(STEP_FAILURE)
      const errors = commandsOf(result, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(`The execution failed: ${STEP_FAILURE}`)
      expect(commandsOf(result, 'warning')).toContainEqual(
        expect.stringContaining('ended Failed, but its steps could not be read')
      )
      expect(emulator.requestsFor('ListPipelineExecutionSteps').at(-1)?.response).toEqual({
        status: 400,
        errorType: 'ValidationException'
      })
      expect(stopRequests()).toEqual([])
      expectNoMaybeRunning(result)
    } finally {
      await relay.close()
    }
  })
})
