// The wait loop, driven by fakes: a scripted execution, a clock that moves only when the loop
// sleeps, and recorded log lines. No timers, no network.
import { describe, expect, it } from '@jest/globals'
import { OUTAGE_WINDOW_MS } from '../../src/schedule.js'
import type { StepRecord } from '../../src/steps.js'
import type { ExecutionState } from '../../src/execution.js'
import { waitForExecution, type WaitDeps } from '../../src/wait/wait-loop.js'

const T0 = Date.parse('2026-11-25T12:00:00Z')
const at = (s: number) => new Date(T0 + s * 1000).toISOString()

interface Look {
  state: ExecutionState | Error
  steps?: StepRecord[] | Error
}

/**
 * The most calls to `describe` and `sleep` a test's wait may make; the longest script here makes
 * fewer than a hundred. A loop that never ends must fail its test, not hang the run. The fakes
 * answer at once, so each call also gives the event loop a turn, or jest's timeout could not fire.
 */
const MAX_CALLS = 10_000

function loopGuard() {
  let calls = 0
  return async () => {
    if (++calls > MAX_CALLS)
      throw new Error(`the wait loop did not end: ${MAX_CALLS} calls to describe and sleep`)
    await new Promise<void>(resolve => setImmediate(resolve))
  }
}

/** Answers each look from the script in turn (the last one repeats). */
function fake(script: Look[], overrides: Partial<WaitDeps> = {}) {
  let now = T0
  let look = -1
  const log: string[] = []
  const warnings: string[] = []
  const sleeps: number[] = []
  const guard = loopGuard()
  const current = () => script[Math.min(look, script.length - 1)]!
  const deps: WaitDeps = {
    describe: async () => {
      await guard()
      look++
      const { state } = current()
      if (state instanceof Error) throw state
      return state
    },
    listSteps: async () => {
      const { steps = [] } = current()
      if (steps instanceof Error) throw steps
      return steps
    },
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    },
    now: () => now,
    random: () => 0.5,
    info: line => log.push(line),
    warning: line => warnings.push(line),
    isTransient: error => (error as Error).name === 'ThrottlingException',
    isAccessDenied: error => (error as Error).name === 'AccessDeniedException',
    explain: (error, operation) => `${operation}: ${(error as Error).message}`,
    ...overrides
  }
  // Guarded even when a test brings its own sleep.
  const sleep = deps.sleep
  deps.sleep = async (ms, signal) => {
    await guard()
    return sleep(ms, signal)
  }
  return { deps, log, warnings, sleeps, looks: () => look + 1 }
}

function error(name: string, message = name) {
  return Object.assign(new Error(message), { name })
}

const never = new AbortController().signal
const options = { maxPollIntervalMs: 45_000, signal: never }

const train = (status: string, extra: Partial<StepRecord> = {}): StepRecord => ({
  name: 'Train',
  type: 'Training',
  status,
  startTime: at(0),
  attemptCount: 1,
  ...extra
})

describe('waitForExecution', () => {
  it('logs each step change once and ends with the final state', async () => {
    const { deps, log } = fake([
      { state: { status: 'Executing' }, steps: [train('Starting')] },
      { state: { status: 'Executing' }, steps: [train('Executing')] },
      { state: { status: 'Executing' }, steps: [train('Executing')] },
      {
        state: { status: 'Succeeded' },
        steps: [
          { name: 'Register', type: 'RegisterModel', status: 'Succeeded', startTime: at(300) },
          train('Succeeded', { endTime: at(252) })
        ]
      }
    ])

    const outcome = await waitForExecution(deps, options)

    expect(outcome).toMatchObject({ kind: 'ended', status: 'Succeeded' })
    expect(outcome.steps.map(s => s.name)).toEqual(['Train', 'Register'])
    expect(log.map(line => line.slice(9))).toEqual([
      'Train (Training): Starting',
      'Train (Training): Starting -> Executing',
      'Train (Training): Executing -> Succeeded in 4m12s',
      'Register (RegisterModel): Succeeded'
    ])
    expect(log[0]).toMatch(/^12:00:00 /)
  })

  it('reports a failure with its reason, on one line', async () => {
    const { deps, log } = fake([
      {
        state: { status: 'Failed', failureReason: 'Step failure' },
        steps: [train('Failed', { failureReason: 'OOM\n::error::injected' })]
      }
    ])

    const outcome = await waitForExecution(deps, options)

    expect(outcome).toMatchObject({
      kind: 'ended',
      status: 'Failed',
      failureReason: 'Step failure'
    })
    expect(log).toHaveLength(1)
    expect(log[0]).toContain('Train (Training): Failed: OOM ::error::injected')
  })

  it('says it is still running when nothing changes for a while', async () => {
    const running = { state: { status: 'Executing' }, steps: [train('Executing')] }
    const script = Array.from({ length: 40 }, () => running)
    script.push({
      state: { status: 'Succeeded' },
      steps: [train('Succeeded', { endTime: at(900) })]
    })
    const { deps, log } = fake(script)

    await waitForExecution(deps, options)

    // With no jitter (random 0.5) the looks come 2 s apart, then a fifth of the time watched, at
    // most 20 s: 0, 2, 4, ... 286.994, 306.994, ... 546.994 s. The first look at least 5 min after
    // the last news is at 306.994 s; the next beat would be due after the end.
    expect(log).toEqual([
      '12:00:00 Train (Training): Executing',
      '12:05:06 Still Executing after 5m7s; running: Train (Training) for 5m7s',
      '12:09:06 Train (Training): Executing -> Succeeded in 15m0s'
    ])
  })

  it.each(['Succeeded', 'Failed', 'Stopped'])(
    'waits through Stopping and ends at the first look that finds the execution %s',
    async status => {
      const { deps, sleeps } = fake([
        { state: { status: 'Executing' } },
        { state: { status: 'Stopping' } },
        { state: { status } }
      ])

      const outcome = await waitForExecution(deps, options)

      expect(outcome).toMatchObject({ kind: 'ended', status, waitedMs: 4000 })
      expect(sleeps).toEqual([2000, 2000])
    }
  )

  it('stops waiting at the timeout, without sleeping past it', async () => {
    const { deps, sleeps } = fake([{ state: { status: 'Executing' }, steps: [train('Executing')] }])

    const outcome = await waitForExecution(deps, { ...options, timeoutMs: 60_000 })

    expect(outcome).toMatchObject({ kind: 'timed-out', status: 'Executing', waitedMs: 60_000 })
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(60_000)
  })

  it('ends at once when cancelled', async () => {
    const cancel = new AbortController()
    const { deps, looks } = fake([{ state: { status: 'Executing' } }], {
      sleep: async () => cancel.abort()
    })

    const outcome = await waitForExecution(deps, { ...options, signal: cancel.signal })

    expect(outcome).toMatchObject({ kind: 'cancelled', status: 'Executing' })
    expect(looks()).toBe(1)
  })

  it('rides out throttling with warnings', async () => {
    const throttled = { state: error('ThrottlingException') }
    const { deps, warnings } = fake([
      { state: { status: 'Executing' } },
      throttled,
      throttled,
      { state: { status: 'Succeeded' } }
    ])

    const outcome = await waitForExecution(deps, options)

    expect(outcome.status).toBe('Succeeded')
    expect(warnings).toEqual([
      expect.stringContaining(
        'Could not check the execution (ThrottlingException); trying again in 4s'
      ),
      expect.stringContaining('trying again in 8s')
    ])
  })

  it('gives up after a sustained outage, saying the execution goes on', async () => {
    const { deps, sleeps } = fake([
      { state: { status: 'Executing' } },
      { state: error('ThrottlingException', 'Rate exceeded') }
    ])

    await expect(waitForExecution(deps, options)).rejects.toThrow(
      /^Gave up waiting after 1\dm\d+s without an answer from SageMaker; the execution goes on\. Last error: DescribePipelineExecution: Rate exceeded/
    )
    expect(sleeps.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(OUTAGE_WINDOW_MS)
  })

  it('fails at once on an error that retrying cannot fix', async () => {
    const { deps, sleeps, looks } = fake([
      { state: { status: 'Executing' } },
      {
        state: error(
          'ExpiredTokenException',
          'The security token included in the request is expired'
        )
      }
    ])

    await expect(waitForExecution(deps, options)).rejects.toThrow(
      'DescribePipelineExecution: The security token included in the request is expired'
    )
    expect(looks()).toBe(2)
    expect(sleeps).toEqual([2000])
  })

  it('waits on the status alone when listing steps is denied, with one warning', async () => {
    const denied = error('AccessDeniedException', 'not authorized')
    const { deps, warnings, log } = fake([
      { state: { status: 'Executing' }, steps: denied },
      { state: { status: 'Executing' }, steps: denied },
      { state: { status: 'Succeeded' }, steps: denied }
    ])

    const outcome = await waitForExecution(deps, options)

    expect(outcome.status).toBe('Succeeded')
    expect(warnings).toEqual([
      "ListPipelineExecutionSteps: not authorized Waiting on the execution's status alone, without step progress."
    ])
    expect(log).toEqual([])
  })

  it.each([
    ['a transient error', error('ThrottlingException', 'slow down')],
    ['an error retrying cannot fix', error('ValidationException', 'bad')]
  ])(
    'ends with the status of the look when its steps fail with %s after the execution ended',
    async (_what, failure) => {
      const running = { name: 'Train', status: 'Executing', startTime: at(0) } as StepRecord
      const { deps, warnings, looks, sleeps } = fake([
        { state: { status: 'Executing' }, steps: [running] },
        { state: { status: 'Failed', failureReason: 'Train failed' }, steps: failure }
      ])

      // A timeout that would pass during retries: the wait must not reach it.
      const outcome = await waitForExecution(deps, { ...options, timeoutMs: 5_000 })

      expect(outcome).toMatchObject({
        kind: 'ended',
        status: 'Failed',
        failureReason: 'Train failed'
      })
      expect(outcome.steps).toEqual([running])
      expect(looks()).toBe(2)
      expect(sleeps).toHaveLength(1)
      expect(warnings).toEqual([
        `The execution ended Failed, but its steps could not be read, so the step list may be out of date. ListPipelineExecutionSteps: ${failure.message}`
      ])
    }
  )

  it('ends cancelled, with no warning, when a cancel aborts the steps of the look that found the end', async () => {
    const cancel = new AbortController()
    const { deps, warnings, looks } = fake(
      [
        { state: { status: 'Executing' }, steps: [train('Executing')] },
        { state: { status: 'Succeeded' } }
      ],
      {
        // The cancel arrives while the second look's steps are in flight, and aborts the call.
        listSteps: async (_known, signal) => {
          if (looks() === 1) return [train('Executing')]
          cancel.abort()
          throw signal.reason
        }
      }
    )

    const outcome = await waitForExecution(deps, { ...options, signal: cancel.signal })

    expect(outcome).toMatchObject({ kind: 'cancelled', status: 'Succeeded' })
    expect(warnings).toEqual([])
    expect(looks()).toBe(2)
  })
})
