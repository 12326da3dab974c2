// Step logs, end to end: a failed job step's own CloudWatch log lines, read by dist/index.js from
// the local endpoint's CloudWatch Logs, in the log (where no line is a workflow command) and in
// the job summary; and a log that cannot be read, which changes nothing but a warning.
import { describe, expect, it } from '@jest/globals'
import type { Emulator, StepSpec } from '../../emulator/index.js'
import { commandsOf, decodeHtml, splitVerbatim, type RunResult } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

let emulator: Emulator
const { run } = useAction(started => (emulator = started))

const FAST = { wait: 'true', 'max-poll-interval': '1s' }
const GROUP = '/aws/sagemaker/TrainingJobs'
const REASON = 'AlgorithmError: framework error: ValueError: Input X contains NaN. exit code: 1'
const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/opt/ml/code/train.py", line 42, in <module>',
  '    model.fit(X, y)',
  'ValueError: Input X contains NaN.'
]
const LOG_CALLS = ['DescribeLogStreams', 'GetLogEvents', 'FilterLogEvents']

function pipeline(train: Partial<StepSpec> = {}): void {
  emulator.addPipeline({
    name: PIPELINE,
    steps: [
      { name: 'Preprocess', type: 'Processing', durationMs: 500 },
      { name: 'Train', type: 'Training', durationMs: 1500, fails: REASON, ...train }
    ]
  })
}

const logCalls = () => LOG_CALLS.map(operation => emulator.requestsFor(operation).length)

/** The lines of the log's first ::stop-commands:: block, which the runner reads as text. */
const loggedLines = (result: RunResult): string[] => splitVerbatim(result.stdout).blocks[0] ?? []

/** What a failed Train step's run gives whatever its logs do: the same code, error and outputs. */
function expectTheSameOutcome(result: RunResult): void {
  expect(result.code).toBe(1)
  expect(commandsOf(result, 'error')).toHaveLength(1)
  expect(commandsOf(result, 'error')[0]).toContain(`Train (Training): ${REASON}`)
  expect(result.outputs['pipeline-execution-status']).toBe('Failed')
  expect(result.outputs['failure-reason']).toBe('Step failure: One or multiple steps failed.')
}

describe('a failed training step', () => {
  it("shows its two instances' last lines, merged in time order, in the log and the summary", async () => {
    pipeline({ logs: { instanceCount: 2, lines: ['loading data', ...TRACEBACK] } })

    const result = await run({ ...FAST, 'step-log-lines': '6' })

    expectTheSameOutcome(result)
    expect(commandsOf(result, 'warning')).toEqual([])
    // Each instance writes the same lines a millisecond apart: merged, they alternate, and the
    // last six of the ten are the last three of each.
    const expected = TRACEBACK.slice(1).flatMap(line => [`[algo-1] ${line}`, `[algo-2] ${line}`])
    expect(loggedLines(result)).toEqual(expected)
    const streams = emulator.logStreams(GROUP).map(stream => stream.name)
    expect(streams).toHaveLength(2)
    expect(result.stdout).toContain(
      `::group::Log of Train: the last 6 lines of ${GROUP}/${streams[0]!.split('/')[0]}/* (2 streams)`
    )
    // One listing of the job's streams, one tail of each: no more.
    expect(logCalls()).toEqual([1, 2, 0])

    const summary = result.summary
    expect(summary.indexOf('<h3>Log of Train</h3>')).toBeLessThan(summary.indexOf('<h3>Steps</h3>'))
    const pre = /<h3>Log of Train<\/h3>[\s\S]*?<pre>([\s\S]*?)<\/pre>/.exec(summary)?.[1]
    expect(pre && decodeHtml(pre).split('\n')).toEqual(expected)
  })

  it('says so when the job failed before it wrote a line', async () => {
    pipeline({ logs: { lines: [] } })
    const result = await run(FAST)
    expectTheSameOutcome(result)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(result.stdout).toMatch(/^Train: \S+ wrote no log: it failed before its first line\.$/m)
    expect(result.summary).toMatch(
      /<h3>Log of Train<\/h3>\n<p>\S+ wrote no log: it failed before its first line\.<\/p>/
    )
    expect(logCalls()).toEqual([1, 0, 0])
  })

  it('says so when the log group does not exist', async () => {
    pipeline()
    emulator.deleteLogGroup(GROUP)
    const result = await run(FAST)
    expectTheSameOutcome(result)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(result.summary).toContain('wrote no log: it failed before its first line.')
  })

  it('is one warning, naming the permissions, when the logs are denied', async () => {
    pipeline()
    emulator.inject('logs:*', { kind: 'deny', times: Infinity })
    const result = await run(FAST)
    expectTheSameOutcome(result)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining(
        'Allow logs:DescribeLogStreams and logs:GetLogEvents on arn:aws:logs:us-east-1:ACCOUNT:log-group:/aws/sagemaker/*'
      )
    ])
    expect(result.summary).not.toContain('Log of Train')
  })

  it('is retried when throttled, then one warning', async () => {
    pipeline()
    emulator.inject('DescribeLogStreams', { kind: 'throttle', times: Infinity })
    const result = await run(FAST)
    expectTheSameOutcome(result)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('CloudWatch Logs kept throttling the requests (ThrottlingException)')
    ])
    // The SDK's standard retries: six attempts.
    expect(emulator.requestsFor('DescribeLogStreams')).toHaveLength(6)
  })

  it('shows the lines when a throttled call succeeds on a retry, with no warning', async () => {
    pipeline()
    emulator.inject('GetLogEvents', { kind: 'throttle', times: 2 })
    const result = await run(FAST)
    expectTheSameOutcome(result)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(loggedLines(result)).toEqual(
      expect.arrayContaining([
        TRACEBACK[0],
        expect.stringContaining('ValueError: Input X contains NaN')
      ])
    )
    // Two throttled answers, then the tail of each of the job's streams.
    const streams = emulator.logStreams(GROUP).length
    expect(emulator.requestsFor('GetLogEvents')).toHaveLength(2 + streams)
  })

  it('shows hostile lines as text: no workflow command, no markup', async () => {
    const hostile = [
      '::error::injected',
      '::add-mask::x',
      '::stop-commands::abc',
      '::abc::',
      '::set-output name=model::evil',
      '````',
      '</pre><script>alert(1)</script>'
    ]
    pipeline({ logs: { lines: hostile } })
    const result = await run(FAST)
    expectTheSameOutcome(result)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(commandsOf(result, 'add-mask')).toEqual([])
    expect(commandsOf(result, 'set-output')).toEqual([])
    expect(loggedLines(result)).toEqual(hostile)
    expect(result.outputs.model).toBeUndefined()
    expect(result.summary).not.toContain('<script>')
    expect(result.summary).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('makes no CloudWatch call with step-logs: none', async () => {
    pipeline()
    const result = await run({ ...FAST, 'step-logs': 'none' })
    expectTheSameOutcome(result)
    expect(logCalls()).toEqual([0, 0, 0])
    expect(result.summary).not.toContain('Log of')
  })

  it('is shown for an execution that had already ended, without wait', async () => {
    pipeline({ logs: { lines: TRACEBACK } })
    const first = await run(FAST)
    await new Promise(resolve => setTimeout(resolve, 2500))
    const again = await run({ 'retry-failed': 'false' })
    expect(again.outputs['pipeline-execution-arn']).toBe(first.outputs['pipeline-execution-arn'])
    expect(again.outputs['pipeline-execution-origin']).toBe('existing')
    expect(loggedLines(again)).toEqual(TRACEBACK)
  })

  it('is shown for an execution followed from another job (pipeline-execution-arn)', async () => {
    pipeline({ logs: { lines: TRACEBACK } })
    const first = await run({ ...FAST, 'step-logs': 'none' })
    const followed = await run({
      'pipeline-name': '',
      'pipeline-execution-arn': first.outputs['pipeline-execution-arn'] ?? ''
    })
    expect(followed.outputs['pipeline-execution-origin']).toBe('attached')
    expect(loggedLines(followed)).toEqual(TRACEBACK)
    expect(followed.summary).toContain('<h3>Log of Train</h3>')
  })
})

describe('a step without a job log', () => {
  const definition = {
    Version: '2020-12-01',
    Parameters: [],
    Steps: [
      { Name: 'Train', Type: 'Training', Arguments: {} },
      {
        Name: 'CheckAccuracy',
        Type: 'Condition',
        Arguments: {
          Conditions: [],
          IfSteps: [{ Name: 'Register', Type: 'RegisterModel', Arguments: {} }],
          ElseSteps: [
            {
              Name: 'TooInaccurate',
              Type: 'Fail',
              Arguments: { ErrorMessage: 'Accuracy below 0.8' }
            }
          ]
        }
      }
    ]
  }

  it("says a Fail step's message and a Condition's outcome, and reads no log for them", async () => {
    emulator.addPipeline({ name: PIPELINE, definition: JSON.stringify(definition) })
    emulator.setConditionOutcome('CheckAccuracy', 'False')

    const result = await run(FAST)

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')[0]).toContain('TooInaccurate (Fail): Accuracy below 0.8')
    const steps = JSON.parse(result.outputs.steps ?? '[]') as Array<{ name: string; says?: string }>
    expect(steps.map(step => [step.name, step.says])).toEqual([
      ['Train', undefined],
      ['CheckAccuracy', 'Outcome: False'],
      ['TooInaccurate', 'Accuracy below 0.8']
    ])
    expect(result.stdout).toMatch(/^CheckAccuracy: Succeeded \(Outcome: False\)$/m)
    expect(result.summary).toContain('<p><b>Failed</b> after ')
    expect(result.summary).toMatch(/step TooInaccurate \(Fail\) failed: Accuracy below 0\.8\.<\/p>/)
    expect(result.summary).toContain('<td>Outcome: False</td>')
    // The branch the condition did not take never ran.
    expect(result.summary).toContain('<tr><td>Register</td><td>Not run</td>')
    expect(logCalls()).toEqual([0, 0, 0])
  })
})

describe('step-logs: all', () => {
  /** Every line of every stop-commands block, in the order printed. */
  const streamedLines = (result: RunResult): string[] => splitVerbatim(result.stdout).blocks.flat()

  it("streams each running job's new lines once, in order, across looks, within the budget", async () => {
    const train = Array.from(
      { length: 8 },
      (_, i) => `epoch ${i + 1}/8: loss=${(1 / (i + 1)).toFixed(3)}`
    )
    emulator.addPipeline({
      name: PIPELINE,
      steps: [
        {
          name: 'Preprocess',
          type: 'Processing',
          durationMs: 1500,
          logs: { lines: ['read 10 rows', 'wrote 10 rows'] }
        },
        {
          name: 'Train',
          type: 'Training',
          durationMs: 5000,
          logs: { instanceCount: 2, lines: train }
        }
      ]
    })

    const result = await run({ ...FAST, 'step-logs': 'all' })

    expect(result.code).toBe(0)
    expect(commandsOf(result, 'warning')).toEqual([])
    const streamed = streamedLines(result)
    expect(streamed.filter(line => line.startsWith('[Preprocess] '))).toEqual([
      '[Preprocess] read 10 rows',
      '[Preprocess] wrote 10 rows'
    ])
    for (const instance of ['algo-1', 'algo-2'])
      expect(streamed.filter(line => line.startsWith(`[Train] [${instance}] `))).toEqual(
        train.map(line => `[Train] [${instance}] ${line}`)
      )
    // Lines arrived across looks: more than one block for Train.
    const blocks = result.stdout.split('\n').filter(line => line.startsWith('::stop-commands::'))
    expect(blocks.length).toBeGreaterThan(2)
    // At most one GetLogEvents per stream of a running job per look; streams listed until found.
    const looks = emulator.requestsFor('ListPipelineExecutionSteps').length
    expect(emulator.requestsFor('GetLogEvents').length).toBeLessThanOrEqual(looks * 3)
    expect(emulator.requestsFor('DescribeLogStreams').length).toBeLessThanOrEqual(looks * 2)
    expect(emulator.requestsFor('FilterLogEvents')).toHaveLength(0)
  })

  it('is one warning when the logs are denied, and the wait goes on to the same end', async () => {
    emulator.addPipeline({
      name: PIPELINE,
      steps: [{ name: 'Train', type: 'Training', durationMs: 2500 }]
    })
    emulator.inject('logs:*', { kind: 'deny', times: Infinity })
    const result = await run({ ...FAST, 'step-logs': 'all' })
    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringMatching(
        /^The running jobs' logs could not be read: access denied\. Allow logs:DescribeLogStreams/
      )
    ])
    expect(emulator.requestsFor('DescribeLogStreams')).toHaveLength(1)
  })
})
