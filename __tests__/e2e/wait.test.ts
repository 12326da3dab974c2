// End to end: `wait` and what goes with it (cancellation, timeout, the post step), with the
// committed dist/index.js run as the runner runs it against the local SageMaker endpoint.
import type { ChildProcess } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import { SageMakerClient, StopPipelineExecutionCommand } from '@aws-sdk/client-sagemaker'
import type { Emulator, StepSpec } from '../../emulator/index.js'
import { commandsOf, type RunResult } from '../../test-support/runner.js'
import type { StepRecord } from '../../src/steps.js'
import { PIPELINE, until, useAction, type RunSettings } from './support.js'

// What the endpoint's DescribePipelineExecution says when a step failed.
const STEP_FAILURE = 'Step failure: One or multiple steps failed.'
// Polls about every second, so each test takes a few seconds.
const FAST = { wait: 'true', 'max-poll-interval': '1s' }
const CLOCK_LINE = /^\d\d:\d\d:\d\d (\S+)(?: \(([A-Za-z]+)\))?: (.*)$/

let emulator: Emulator
const { run, runPost } = useAction(started => (emulator = started))

function pipeline(steps: StepSpec[]): void {
  emulator.addPipeline({ name: PIPELINE, steps })
}

/** Two steps of 1.5 s: the execution succeeds about 3 s after the start. */
const SHORT: StepSpec[] = [
  { name: 'Preprocess', type: 'Processing', durationMs: 1500 },
  { name: 'Train', type: 'Training', durationMs: 1500 }
]

/** Runs far longer than any test. */
const LONG: StepSpec[] = [
  { name: 'Preprocess', type: 'Processing', durationMs: 600_000 },
  { name: 'Train', type: 'Training', durationMs: 600_000 }
]

/** Lines the action logged for step changes: `HH:MM:SS Name (Type): ...`. */
function stepLines(result: RunResult): string[] {
  return result.stdout.split('\n').filter(line => CLOCK_LINE.test(line) && !/ Still /.test(line))
}

/** The `steps` output is a JSON list of the action's step records. */
type StepOutput = StepRecord

function stepsOutput(result: RunResult): StepOutput[] {
  return JSON.parse(result.outputs.steps ?? 'null') as StepOutput[]
}

function stopRequests() {
  return emulator.requestsFor('StopPipelineExecution')
}

function stopBodies() {
  return stopRequests().map(r => r.body as Record<string, unknown>)
}

/** Runs the action with wait; once `ready` holds (checked while it runs), sends it `signal`. */
async function runAndSignal(
  inputs: Record<string, string>,
  signal: NodeJS.Signals,
  ready: () => boolean,
  options: RunSettings = {}
): Promise<{ result: RunResult; sentAt: number; closedAt: number }> {
  let child: ChildProcess | undefined
  let closedAt = 0
  const running = run(
    { ...FAST, ...inputs },
    {
      timeoutMs: 30_000,
      ...options,
      onSpawn: spawned => {
        child = spawned
        spawned.on('exit', () => (closedAt = Date.now()))
      }
    }
  )
  await until(ready)
  const sentAt = Date.now()
  child?.kill(signal)
  const result = await running
  return { result, sentAt, closedAt }
}

/**
 * True once the wait had a complete look (a ListPipelineExecutionSteps answered) at least 200 ms
 * ago: the action is then asleep until its next look, a second later.
 */
const hadALook = () =>
  emulator
    .requestsFor('ListPipelineExecutionSteps')
    .some(r => r.response && r.receivedAt.getTime() < Date.now() - 200)

describe('waiting for the execution to end', () => {
  it('succeeds when the execution succeeds, logging each step change once', async () => {
    pipeline(SHORT)

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    const [execution] = emulator.executions(PIPELINE)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(execution?.status).toBe('Succeeded')
    expect(result.outputs['pipeline-execution-arn']).toBe(execution?.arn)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    expect(result.outputs['failure-reason'] ?? '').toBe('')

    const steps = stepsOutput(result)
    expect(steps).toEqual([
      expect.objectContaining({
        name: 'Preprocess',
        type: 'Processing',
        status: 'Succeeded',
        attemptCount: 1,
        jobArn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:\d{12}:processing-job\//)
      }),
      expect.objectContaining({
        name: 'Train',
        type: 'Training',
        status: 'Succeeded',
        attemptCount: 1,
        jobArn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:\d{12}:training-job\//)
      })
    ])
    for (const step of steps) {
      expect(Date.parse(step.endTime ?? '') - Date.parse(step.startTime ?? '')).toBe(1500)
    }

    // Each change once, as it happens: the last one of each step says how long it took.
    const lines = stepLines(result)
    expect(new Set(lines).size).toBe(lines.length)
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\d\d:\d\d:\d\d Train \(Training\): (Starting|Executing) -> Succeeded in 2s$/
      )
    )
    for (const name of ['Preprocess', 'Train']) {
      const transitions = lines
        .map(line => CLOCK_LINE.exec(line))
        .filter(match => match?.[1] === name)
        .map(match => match?.[3] ?? '')
      expect(transitions.length).toBeGreaterThanOrEqual(1)
      expect(transitions.at(-1)).toMatch(/Succeeded in 2s$/)
      // Each transition starts from the status the one before it ended in.
      for (let i = 1; i < transitions.length; i++) {
        const previous = /(\w+)(?: in \S+)?$/.exec(transitions[i - 1] ?? '')?.[1]
        expect(transitions[i]).toMatch(new RegExp(`^${previous} -> `))
      }
    }

    expect(result.summary).toContain('<b>Succeeded</b>')
    expect(result.summary).toContain('<h3>Steps</h3>')
    expect(result.summary).toContain('<td>Train (Training)</td><td>Succeeded</td>')
  })

  it('writes the start outputs and the post step state before it begins to wait', async () => {
    pipeline(LONG)
    let child: ChildProcess | undefined
    const running = run(FAST, { onSpawn: spawned => (child = spawned) })
    await until(hadALook)
    // No chance to clean up: the runner's last resort after a cancellation.
    child?.kill('SIGKILL')
    const result = await running

    expect(result.signal).toBe('SIGKILL')
    const [execution] = emulator.executions(PIPELINE)
    expect(result.outputs['pipeline-execution-arn']).toBe(execution?.arn)
    expect(result.outputs['pipeline-execution-status']).toBe('Executing')
    expect(result.state).toMatchObject({
      isPost: 'true',
      'execution-arn': execution?.arn,
      'stop-token': expect.stringMatching(/^[0-9a-f]{64}$/)
    })
    expect(stopRequests()).toHaveLength(0)

    // The post step stops what the killed main step left running, with the main step's token.
    const post = await runPost(result.state)

    expect(post.code).toBe(0)
    expect(stopBodies()).toEqual([
      { PipelineExecutionArn: execution?.arn, ClientRequestToken: result.state['stop-token'] }
    ])
    expect(emulator.executions(PIPELINE)[0]?.status).toBe('Stopping')
    expect(commandsOf(post, 'warning')).toEqual([])
  })

  it('fails with the failure reason of the execution and of each failed step', async () => {
    const reason = 'OOM <script>alert(1)</script>\n::error::x'
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 1000 },
      { name: 'Train', type: 'Training', durationMs: 1500, fails: reason }
    ])

    const result = await run(FAST)

    expect(result.code).toBe(1)
    // One error command, the final one: the reason's line break starts no command of its own.
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(STEP_FAILURE)
    expect(errors[0]).toContain('Train')
    expect(errors[0]).toContain('OOM <script>alert(1)</script>')
    expect(errors[0]).not.toContain('Preprocess')
    expect(result.stdout.split('\n').filter(line => line.startsWith('::error::'))).toHaveLength(1)
    expect(result.stdout).not.toMatch(/^::error::x/m)
    // The step change is logged on one line.
    expect(stepLines(result)).toContainEqual(
      expect.stringMatching(
        /Train \(Training\): \w+ -> Failed in 2s: OOM <script>alert\(1\)<\/script> ::error::x$/
      )
    )

    expect(result.outputs['pipeline-execution-status']).toBe('Failed')
    expect(result.outputs['failure-reason']).toBe(STEP_FAILURE)
    const steps = stepsOutput(result)
    expect(steps.map(s => [s.name, s.status])).toEqual([
      ['Preprocess', 'Succeeded'],
      ['Train', 'Failed']
    ])
    expect(steps[1]?.failureReason).toBe(reason)

    // The job summary shows it, escaped.
    expect(result.summary).toContain('<b>Failed</b>')
    expect(result.summary).toContain('<h3>Steps</h3>')
    expect(result.summary).toContain('OOM &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(result.summary).not.toContain('<script>')
  })

  it('fails when someone else stops the execution, and says it was stopped', async () => {
    pipeline(LONG)
    const sagemaker = new SageMakerClient({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'AKIDE2ETEST', secretAccessKey: 'e2e-secret' }
    })
    try {
      const running = run(FAST)
      await until(hadALook)
      const [execution] = emulator.executions(PIPELINE)
      await sagemaker.send(
        new StopPipelineExecutionCommand({
          PipelineExecutionArn: execution?.arn,
          ClientRequestToken: 'stopped-from-the-console-0000000001'
        })
      )
      const result = await running

      expect(result.code).toBe(1)
      expect(commandsOf(result, 'error')).toEqual([expect.stringMatching(/stopped/i)])
      expect(result.outputs['pipeline-execution-status']).toBe('Stopped')
      // The action did not send a stop of its own.
      expect(stopRequests()).toHaveLength(1)
      expect(stepsOutput(result)).toEqual([
        expect.objectContaining({ name: 'Preprocess', status: 'Stopped' })
      ])
      expect(result.summary).toContain('<b>Stopped</b>')
    } finally {
      sagemaker.destroy()
    }
  })
})

describe('cancellation', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'on %s, stops the execution at once and exits by itself',
    async signal => {
      pipeline(LONG)

      const { result, sentAt, closedAt } = await runAndSignal({}, signal, hadALook)

      const [execution] = emulator.executions(PIPELINE)
      const [stop] = stopRequests()
      expect(stopRequests()).toHaveLength(1)
      expect(stop?.receivedAt.getTime()).toBeLessThan(sentAt + 7500)
      expect(stop?.body).toEqual({
        PipelineExecutionArn: execution?.arn,
        ClientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/)
      })
      expect(execution?.stopTokens).toEqual([
        (stop?.body as { ClientRequestToken: string }).ClientRequestToken
      ])
      expect(execution?.status).toMatch(/^(Stopping|Stopped)$/)

      // By itself, not killed: well before the runner's SIGKILL 10 s after the first signal.
      expect(result.signal).toBeNull()
      expect(result.code).not.toBe(0)
      expect(closedAt - sentAt).toBeLessThan(5000)

      expect(result.outputs['pipeline-execution-arn']).toBe(execution?.arn)
      expect(result.outputs['pipeline-execution-status']).toBe('Stopping')
      expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('cancelled')])
      // The stop is done: the post step has nothing left to do, and does nothing.
      expect(result.state['execution-arn']).toBe('')
      expect(result.state['stop-token']).toBe(
        (stop?.body as { ClientRequestToken: string }).ClientRequestToken
      )
      const post = await runPost(result.state)
      expect(post.code).toBe(0)
      expect(stopRequests()).toHaveLength(1)
    },
    40_000
  )

  it('with stop-on-cancel: false, leaves the execution running and still exits', async () => {
    pipeline(LONG)

    const { result, sentAt, closedAt } = await runAndSignal(
      { 'stop-on-cancel': 'false' },
      'SIGINT',
      hadALook
    )

    expect(stopRequests()).toHaveLength(0)
    expect(emulator.executions(PIPELINE)[0]?.status).toBe('Executing')
    expect(result.signal).toBeNull()
    expect(result.code).not.toBe(0)
    expect(closedAt - sentAt).toBeLessThan(5000)
    expect(result.outputs['pipeline-execution-status']).toBe('Executing')
    expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('cancelled')])
    // Nothing for the post step to stop either.
    expect(result.state['execution-arn'] ?? '').toBe('')
    const post = await runPost(result.state)
    expect(post.code).toBe(0)
    expect(stopRequests()).toHaveLength(0)
  })

  // The cancel aborts the request in flight; that must count as the cancel, not as a failure.
  it('on SIGINT while a look at the execution is in flight, still stops it', async () => {
    pipeline(LONG)
    // Every look after the first takes 3 s to answer, so the signal lands during one.
    emulator.inject('ListPipelineExecutionSteps', {
      kind: 'latency',
      ms: 3000,
      fromCall: 2,
      times: Infinity
    })
    const slowLookInFlight = () => {
      const lists = emulator.requestsFor('ListPipelineExecutionSteps')
      return lists.length >= 2 && lists[1]?.response === undefined
    }

    const { result, sentAt, closedAt } = await runAndSignal({}, 'SIGINT', slowLookInFlight)

    const [execution] = emulator.executions(PIPELINE)
    expect(stopRequests()).toHaveLength(1)
    expect(stopRequests()[0]?.receivedAt.getTime()).toBeLessThan(sentAt + 7500)
    expect(execution?.status).toMatch(/^(Stopping|Stopped)$/)
    expect(result.signal).toBeNull()
    expect(result.code).not.toBe(0)
    expect(closedAt - sentAt).toBeLessThan(5000)
    expect(result.outputs['pipeline-execution-status']).toBe('Stopping')
    expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('cancelled')])
  })

  // Between the start and the wait, a cancel must not kill the step before it can stop the
  // execution (or leave the post step able to).
  it('on SIGINT right after the start, before the wait began, the execution still gets stopped', async () => {
    pipeline(LONG)
    // The look right after the start is slow, so the signal lands during it.
    emulator.inject('DescribePipelineExecution', { kind: 'latency', ms: 2000 })
    const firstLookInFlight = () => emulator.requestsFor('DescribePipelineExecution').length >= 1

    const { result } = await runAndSignal({}, 'SIGINT', firstLookInFlight)
    // Whatever the main step left to do, the post step (post-if: cancelled()) does.
    const post = await runPost(result.state)

    const [execution] = emulator.executions(PIPELINE)
    expect(result.outputs['pipeline-execution-arn']).toBe(execution?.arn)
    expect(post.code).toBe(0)
    expect(stopRequests().length).toBeGreaterThanOrEqual(1)
    expect(execution?.status).toMatch(/^(Stopping|Stopped)$/)
  })
})

describe('the post step', () => {
  const TOKEN = 'x'.repeat(64)

  it('stops the execution the main step left running, with the saved token', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Executing' })

    // The execution's own region counts, not the job's.
    const result = await runPost(
      { 'execution-arn': arn, 'stop-token': TOKEN },
      { env: { AWS_REGION: 'eu-west-1' } }
    )

    expect(result.code).toBe(0)
    expect(stopBodies()).toEqual([{ PipelineExecutionArn: arn, ClientRequestToken: TOKEN }])
    expect(stopRequests()[0]?.region).toBe('us-east-1')
    expect(emulator.executions(PIPELINE)[0]).toMatchObject({
      status: 'Stopping',
      stopTokens: [TOKEN]
    })
    expect(emulator.requests).toHaveLength(1)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(commandsOf(result, 'error')).toEqual([])
  })

  it('does nothing when the main step left nothing running', async () => {
    pipeline(LONG)

    const result = await runPost({})
    const cleared = await runPost({ 'execution-arn': '', 'stop-token': TOKEN })

    expect([result.code, cleared.code]).toEqual([0, 0])
    expect(emulator.requests).toHaveLength(0)
    expect(result.stdout).toContain('nothing to stop')
  })

  // Whatever fails before the stop request, building the client included, must not crash the
  // step: the user must learn that the execution may still run, and how to stop it.
  it('warns how to stop the execution by hand when the client cannot be built', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Executing' })

    const result = await runPost(
      { 'execution-arn': arn, 'stop-token': TOKEN },
      {
        // A malformed proxy for an https endpoint, on loopback so that nothing leaves the machine.
        env: {
          AWS_ENDPOINT_URL_SAGEMAKER: 'https://127.0.0.1:9',
          HTTPS_PROXY: 'http://user:pw@[bad'
        }
      }
    )

    expect(result.code).toBe(0)
    expect(commandsOf(result, 'error')).toEqual([])
    const warnings = commandsOf(result, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(arn)
    expect(warnings[0]).toContain('aws sagemaker stop-pipeline-execution')
    // Not Node's dump of the minified bundle around the throw.
    expect(result.stderr.length).toBeLessThan(2000)
    expect(result.stdout + result.stderr).not.toContain('user:pw')
  })

  it('says there is nothing to stop when the execution already ended', async () => {
    pipeline(LONG)
    const arn = emulator.seedExecution({ pipelineName: PIPELINE, status: 'Succeeded' })

    const result = await runPost({ 'execution-arn': arn, 'stop-token': TOKEN })

    expect(result.code).toBe(0)
    expect(stopRequests()).toHaveLength(1)
    expect(stopRequests()[0]?.response?.errorType).toBe('ConflictException')
    expect(result.stdout).toContain('nothing to stop')
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(commandsOf(result, 'error')).toEqual([])
    expect(emulator.executions(PIPELINE)[0]?.status).toBe('Succeeded')
  })
})

describe('wait-timeout', () => {
  it('stops the execution when the timeout passes, and fails naming the limit', async () => {
    pipeline(LONG)

    const result = await run({ ...FAST, 'wait-timeout': '3s' })

    expect(result.code).toBe(1)
    expect(result.durationMs).toBeGreaterThanOrEqual(3000)
    expect(result.durationMs).toBeLessThan(15_000)
    const [execution] = emulator.executions(PIPELINE)
    expect(stopBodies()).toEqual([
      {
        PipelineExecutionArn: execution?.arn,
        ClientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/)
      }
    ])
    expect(execution?.status).toMatch(/^(Stopping|Stopped)$/)
    expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('wait-timeout of 3s')])
    expect(result.outputs['pipeline-execution-status']).toBe('Stopping')
    expect(result.state['execution-arn']).toBe('')
    expect(result.summary).toContain('wait-timeout of 3s')
  })

  it('with stop-on-timeout: false, leaves the execution running', async () => {
    pipeline(LONG)

    const result = await run({ ...FAST, 'wait-timeout': '3s', 'stop-on-timeout': 'false' })

    expect(result.code).toBe(1)
    expect(result.durationMs).toBeGreaterThanOrEqual(3000)
    expect(stopRequests()).toHaveLength(0)
    expect(emulator.executions(PIPELINE)[0]?.status).toBe('Executing')
    expect(commandsOf(result, 'error')).toEqual([expect.stringContaining('wait-timeout of 3s')])
    expect(result.outputs['pipeline-execution-status']).toBe('Executing')
  })

  it('takes a bare number as minutes', async () => {
    pipeline(SHORT)

    const result = await run({ ...FAST, 'wait-timeout': '1' })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('at most 1m0s')
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
  })
})

describe('API trouble during the wait', () => {
  it('rides out bursts of throttling', async () => {
    pipeline(SHORT)
    emulator.inject('DescribePipelineExecution', { kind: 'throttle', times: 3, fromCall: 3 })
    emulator.inject('ListPipelineExecutionSteps', { kind: 'throttle', times: 3, fromCall: 2 })

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(1)
    expect(emulator.requestsFor('DescribePipelineExecution').filter(r => r.fault)).toHaveLength(3)
    expect(emulator.requestsFor('ListPipelineExecutionSteps').filter(r => r.fault)).toHaveLength(3)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    expect(stepsOutput(result).map(s => s.status)).toEqual(['Succeeded', 'Succeeded'])
  })

  it('goes on after an outage longer than the SDK retries, with a warning', async () => {
    pipeline(SHORT)
    // Seven failures in a row: more than the six attempts of one call.
    emulator.inject('DescribePipelineExecution', {
      kind: 'server-error',
      status: 503,
      times: 7,
      fromCall: 3
    })

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('Could not check the execution')
    ])
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
  })

  it('waits on the status alone when ListPipelineExecutionSteps is denied', async () => {
    pipeline(SHORT)
    emulator.inject('ListPipelineExecutionSteps', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'User is not authorized to perform: sagemaker:ListPipelineExecutionSteps',
      times: Infinity
    })

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    const warnings = commandsOf(result, 'warning')
    expect(warnings).toEqual([expect.stringContaining('sagemaker:ListPipelineExecutionSteps')])
    expect(warnings[0]).toContain('status alone')
    // Asked once, not on every look.
    expect(emulator.requestsFor('ListPipelineExecutionSteps')).toHaveLength(1)
    expect(emulator.requestsFor('DescribePipelineExecution').length).toBeGreaterThan(2)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    expect(stepsOutput(result)).toEqual([])
  })
})

describe('many steps', () => {
  /** ListPipelineExecutionSteps requests grouped by look: each look starts without NextToken. */
  function looks(): number[] {
    const pages: number[] = []
    for (const request of emulator.requestsFor('ListPipelineExecutionSteps')) {
      const body = request.body as { NextToken?: string }
      if (body.NextToken === undefined) pages.push(1)
      else pages[pages.length - 1] = (pages.at(-1) ?? 0) + 1
    }
    return pages
  }

  const names = (count: number) =>
    Array.from({ length: count }, (_, i) => `Step${String(i + 1).padStart(3, '0')}`)

  it('reports all of 150 steps, reading every page', async () => {
    pipeline(names(150).map(name => ({ name, type: 'Processing', durationMs: 20 })))

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    const steps = stepsOutput(result)
    expect(steps).toHaveLength(150)
    expect(steps.map(s => s.name)).toEqual(names(150))
    expect(steps.every(s => s.status === 'Succeeded')).toBe(true)
    // Pages were read: the steps do not fit one.
    expect(looks().some(pages => pages > 1)).toBe(true)
    // Each step's change logged once, however many pages it came on.
    const logged = stepLines(result).map(line => CLOCK_LINE.exec(line)?.[1])
    for (const name of names(150)) {
      expect(logged.filter(n => n === name).length).toBeGreaterThanOrEqual(1)
    }
    expect(new Set(stepLines(result)).size).toBe(stepLines(result).length)
    expect(result.summary).toContain('<td>Step150 (Processing)</td>')
  }, 40_000)

  it('reads only the pages that can hold news once older steps were seen finished', async () => {
    // 249 quick steps (three pages of 100 with the last), then one that runs 3 s.
    const quick = names(249).map(name => ({ name, type: 'Processing', durationMs: 10 }))
    pipeline([...quick, { name: 'Deploy', type: 'Lambda', durationMs: 3000 }])

    const result = await run(FAST)

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    const steps = stepsOutput(result)
    expect(steps).toHaveLength(250)
    expect(steps.map(s => s.name)).toEqual([...names(249), 'Deploy'])
    expect(steps.every(s => s.status === 'Succeeded')).toBe(true)

    const pages = looks()
    // Listing all 250 takes three pages. Pages were read; yet the last two looks, made while
    // (or just after) Deploy ran, with every quick step seen finished at the look before,
    // stopped at the page that held only known finished steps. The steps of the page left
    // unread still came out above, from the earlier look.
    expect(Math.max(...pages)).toBeGreaterThan(1)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    for (const read of pages.slice(-2)) expect(read).toBeLessThan(3)
  }, 40_000)
})

describe('inputs of the wait', () => {
  it.each([
    ['wait-timeout', { 'wait-timeout': 'soon' }],
    ['max-poll-interval', { 'max-poll-interval': '500ms' }],
    ['wait', { wait: 'maybe' }],
    ['stop-on-cancel', { 'stop-on-cancel': 'perhaps' }]
  ])('rejects a bad %s before starting anything', async (input, inputs) => {
    pipeline(SHORT)

    const result = await run({ ...FAST, ...inputs })

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringMatching(new RegExp(`^Input ${input}[ :]`))
    ])
    expect(emulator.requests).toHaveLength(0)
  })
})
