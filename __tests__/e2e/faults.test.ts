// End to end: every call the action makes, made to fail in each way a network and a busy service
// fail (throttling, 5xx, a dropped connection, a slow answer). Nothing may be lost (the ARN of the
// execution that exists) and nothing doubled (one execution per token, one stop per token), and a
// failure must say what happened, once, within a bounded time.
//
// Not covered here: an answer slower than the client's 60 s request timeout. Proving the retry
// after that timeout takes more than a minute per attempt, too slow for this suite; the bound on a
// silent endpoint comes from the client's requestTimeout (src/sagemaker.ts), and the stop on a
// timeout or a cancel has its own 5 s bound, tested below.
import { describe, expect, it } from '@jest/globals'
import type { Emulator, Fault, StepSpec } from '../../emulator/index.js'
import { SHA, commandsOf, type RunResult } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

const FAST = { wait: 'true', 'max-poll-interval': '1s' }
const STATUSES = ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded']

/** Runs far longer than any test. */
const LONG: StepSpec[] = [
  { name: 'Preprocess', type: 'Processing', durationMs: 600_000 },
  { name: 'Train', type: 'Training', durationMs: 600_000 }
]
/** Ends about 1 s after the start: one or two looks. */
const QUICK: StepSpec[] = [
  { name: 'Preprocess', type: 'Processing', durationMs: 500 },
  { name: 'Train', type: 'Training', durationMs: 500 }
]

let emulator: Emulator
const { run, runPost } = useAction(started => (emulator = started), { timeoutMs: 40_000 })

function bodies(operation: string) {
  return emulator.requestsFor(operation).map(r => r.body as Record<string, unknown>)
}

/**
 * What holds after any run, whatever was injected: at most one execution per token, the same
 * token on every Start attempt (and on every Stop attempt), outputs that name what the endpoint
 * holds, one error exactly when the step fails, a bounded run time, no unhandled rejection.
 */
function expectNothingLostNothingDoubled(result: RunResult, boundMs: number): void {
  const executions = emulator.executions()
  const tokens = executions.map(e => e.startToken)
  expect(new Set(tokens).size).toBe(tokens.length)
  expect(executions.length).toBeLessThanOrEqual(1)
  expect(bodies('StartPipelineExecution').map(b => b.ClientRequestToken)).toEqual(
    bodies('StartPipelineExecution').map(() => SHA)
  )
  const stopTokens = new Set(bodies('StopPipelineExecution').map(b => b.ClientRequestToken))
  expect(stopTokens.size).toBeLessThanOrEqual(1)
  for (const execution of executions) expect(execution.stopTokens.length).toBeLessThanOrEqual(1)

  const arn = result.outputs['pipeline-execution-arn']
  if (arn !== undefined) expect(arn).toBe(executions[0]?.arn)
  const status = result.outputs['pipeline-execution-status']
  if (status !== undefined) expect(STATUSES).toContain(status)

  expect(result.signal).toBeNull()
  expect(commandsOf(result, 'error')).toHaveLength(result.code === 0 ? 0 : 1)
  expect(result.durationMs).toBeLessThan(boundMs)
  expect(result.stderr).not.toMatch(/unhandled/i)
  expect(result.stdout).not.toMatch(/UnhandledPromiseRejection/)
}

type Mode = 'start' | 'wait' | 'timeout'

interface Case {
  operation: string
  /** Where the faulty call is: after the start, during a wait, or on the timeout's stop. */
  mode: Mode
  label: string
  fault: Fault
}

// A fault on the first call of the operation counted from the injection; the wait's first
// DescribePipelineExecution is the second one (the first is the look right after the start).
const faults = (fromCall = 1): Array<[string, Fault]> => [
  ['a burst of throttling', { kind: 'throttle', times: 2, fromCall }],
  ['500s', { kind: 'server-error', status: 500, times: 2, fromCall }],
  ['a 503', { kind: 'server-error', status: 503, fromCall }],
  ['a connection dropped before', { kind: 'drop', when: 'before', fromCall }],
  ['a connection dropped after', { kind: 'drop', when: 'after', fromCall }],
  ['a 2 s answer', { kind: 'latency', ms: 2000, fromCall }]
]

const cases: Case[] = [
  // validate-parameters (on by default) reads the definition before the start.
  ...faults().map(([label, fault]) => ({
    operation: 'DescribePipeline',
    mode: 'start' as const,
    label: `${label}, before the start`,
    fault
  })),
  ...faults().map(([label, fault]) => ({
    operation: 'StartPipelineExecution',
    mode: 'start' as const,
    label,
    fault
  })),
  ...faults().map(([label, fault]) => ({
    operation: 'DescribePipelineExecution',
    mode: 'start' as const,
    label: `${label}, right after the start`,
    fault
  })),
  ...faults(2).map(([label, fault]) => ({
    operation: 'DescribePipelineExecution',
    mode: 'wait' as const,
    label: `${label}, during the wait`,
    fault
  })),
  ...faults().map(([label, fault]) => ({
    operation: 'ListPipelineExecutionSteps',
    mode: 'wait' as const,
    label: `${label}, during the wait`,
    fault
  })),
  ...faults().map(([label, fault]) => ({
    operation: 'StopPipelineExecution',
    mode: 'timeout' as const,
    label: `${label}, on the wait-timeout`,
    fault
  }))
]

describe('a fault the SDK rides out changes nothing', () => {
  it.each(cases.map(c => [c.operation, c.label, c] as const))(
    '%s: %s',
    async (_operation, _label, { operation, mode, fault }) => {
      emulator.addPipeline({ name: PIPELINE, steps: mode === 'wait' ? QUICK : LONG })
      emulator.inject(operation, fault)

      const result = await run(
        mode === 'start' ? {} : mode === 'wait' ? FAST : { ...FAST, 'wait-timeout': '2s' }
      )

      expectNothingLostNothingDoubled(result, 15_000)
      // The fault was met, and it was ridden out.
      expect(emulator.requestsFor(operation).some(r => r.fault === fault.kind)).toBe(true)
      const executions = emulator.executions()
      const [execution] = executions
      expect(executions).toHaveLength(1)
      expect(result.outputs['pipeline-execution-arn']).toBe(execution?.arn)
      expect(result.outputs['pipeline-execution-origin']).toBe('started')
      expect(commandsOf(result, 'warning')).toEqual([])
      if (mode === 'start') {
        expect(result.code).toBe(0)
        expect(result.outputs['pipeline-execution-status']).toBe('Executing')
        expect(execution?.status).toBe('Executing')
      } else if (mode === 'wait') {
        expect(result.code).toBe(0)
        expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
        expect(execution?.status).toBe('Succeeded')
        const steps = JSON.parse(result.outputs.steps ?? '[]') as Array<{ status: string }>
        expect(steps.map(s => s.status)).toEqual(['Succeeded', 'Succeeded'])
      } else {
        expect(result.code).toBe(1)
        expect(commandsOf(result, 'error')).toEqual([
          expect.stringContaining('wait-timeout of 2s passed. SageMaker was asked to stop')
        ])
        expect(result.outputs['pipeline-execution-status']).toBe('Stopping')
        expect(execution?.status).toMatch(/^(Stopping|Stopped)$/)
        expect(execution?.stopTokens).toHaveLength(1)
        // The stop went through: nothing left for the post step.
        expect(result.state['execution-arn']).toBe('')
      }
      if (operation === 'StartPipelineExecution' && fault.kind === 'drop' && fault.when === 'after')
        expect(execution?.replays.map(r => r.differs)).toEqual([false])
    },
    30_000
  )
})

describe('a fault that outlasts the retries fails clearly, and loses nothing', () => {
  it('DescribePipeline before the start: 5xx on every attempt: a warning, and the start goes on', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    emulator.inject('DescribePipeline', { kind: 'server-error', times: Infinity })

    const result = await run({})

    expectNothingLostNothingDoubled(result, 15_000)
    expect(result.code).toBe(0)
    expect(emulator.requestsFor('DescribePipeline')).toHaveLength(6)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('The parameters were not checked')
    ])
    expect(emulator.executions()).toHaveLength(1)
    expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions()[0]?.arn)
  })

  it('StartPipelineExecution: 5xx on every attempt: one error, no execution', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    emulator.inject('StartPipelineExecution', { kind: 'server-error', times: Infinity })

    const result = await run({})

    expectNothingLostNothingDoubled(result, 15_000)
    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringMatching(/internal error in us-east-1 .* after 6 attempts/)
    ])
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(6)
    expect(emulator.executions()).toHaveLength(0)
    expect(result.outputs).toEqual({})
  })

  it('StartPipelineExecution: every connection dropped before: one error, no execution', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    emulator.inject('StartPipelineExecution', { kind: 'drop', when: 'before', times: Infinity })

    const result = await run({})

    expectNothingLostNothingDoubled(result, 15_000)
    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining(`could not reach SageMaker at us-east-1 (${emulator.endpoint})`)
    ])
    expect(emulator.executions()).toHaveLength(0)
    expect(result.outputs).toEqual({})
  })

  it('StartPipelineExecution: every answer lost after the start: one execution, one error', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    emulator.inject('StartPipelineExecution', { kind: 'drop', when: 'after', times: Infinity })

    const result = await run({})

    expectNothingLostNothingDoubled(result, 15_000)
    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('could not reach SageMaker')
    ])
    // Six attempts, one execution: every retry named it with the same token.
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(6)
    expect(emulator.executions()).toHaveLength(1)
    expect(emulator.executions()[0]?.replays).toHaveLength(5)
    // The action never learnt the ARN, so it names none; a re-run gets it back by the token.
    expect(result.outputs).toEqual({})
  })

  it('DescribePipelineExecution after the start: 5xx on every attempt: a warning, the ARN kept', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    emulator.inject('DescribePipelineExecution', { kind: 'server-error', times: Infinity })

    const result = await run({})

    expectNothingLostNothingDoubled(result, 15_000)
    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('The execution started, but its status could not be read')
    ])
    expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions()[0]?.arn)
    expect(result.outputs['pipeline-execution-origin']).toBe('started')
  })

  it('DescribePipelineExecution during the wait: access denied: one error, the ARN kept', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    emulator.inject('DescribePipelineExecution', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'User is not authorized to perform: sagemaker:DescribePipelineExecution',
      fromCall: 2,
      times: Infinity
    })

    const result = await run(FAST)

    expectNothingLostNothingDoubled(result, 15_000)
    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('Allow sagemaker:DescribePipelineExecution on')
    ])
    expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions()[0]?.arn)
    expect(result.outputs['pipeline-execution-status']).toBe('Executing')
    // The execution goes on; the action did not stop what it cannot see.
    expect(emulator.requestsFor('StopPipelineExecution')).toHaveLength(0)
  })

  it('StopPipelineExecution on the timeout: 5xx on every attempt: the post step stops it with the same token', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    // Exactly the six attempts of the main step's stop.
    emulator.inject('StopPipelineExecution', { kind: 'server-error', times: 6 })

    const result = await run({ ...FAST, 'wait-timeout': '2s' })

    expectNothingLostNothingDoubled(result, 15_000)
    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('The stop request failed: the execution may still be running.')
    ])
    expect(commandsOf(result, 'warning')).toEqual([expect.stringContaining('Could not stop')])
    const [execution] = emulator.executions()
    expect(execution?.status).toBe('Executing')
    expect(result.outputs['pipeline-execution-status']).toBe('Executing')
    expect(result.state['execution-arn']).toBe(execution?.arn)

    const post = await runPost(result.state)

    expect(post.code).toBe(0)
    expect(emulator.executions()[0]?.status).toMatch(/^(Stopping|Stopped)$/)
    expect(emulator.executions()[0]?.stopTokens).toEqual([result.state['stop-token']])
    expect(new Set(bodies('StopPipelineExecution').map(b => b.ClientRequestToken)).size).toBe(1)
  })

  it('StopPipelineExecution on the timeout: an answer slower than the 5 s stop bound: bounded, and the post step finishes the job', async () => {
    emulator.addPipeline({ name: PIPELINE, steps: LONG })
    emulator.inject('StopPipelineExecution', { kind: 'latency', ms: 8000 })

    const result = await run({ ...FAST, 'wait-timeout': '2s' })

    // 2 s of wait, then at most 5 s for the stop.
    expectNothingLostNothingDoubled(result, 12_000)
    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringContaining('The stop request failed')
    ])
    expect(commandsOf(result, 'warning')).toEqual([expect.stringContaining('Could not stop')])
    const [execution] = emulator.executions()
    // The stop took effect at the endpoint; the action could not know, and says it may not have.
    expect(execution?.status).toMatch(/^(Stopping|Stopped)$/)
    expect(result.state['execution-arn']).toBe(execution?.arn)

    const post = await runPost(result.state)

    expect(post.code).toBe(0)
    // The post step's stop, with the same token, is the same stop.
    expect(emulator.executions()[0]?.stopTokens).toEqual([result.state['stop-token']])
    expect(new Set(bodies('StopPipelineExecution').map(b => b.ClientRequestToken)).size).toBe(1)
  }, 30_000)
})
