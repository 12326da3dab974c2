// End to end: text that comes from outside the action (SageMaker's answers, the workflow's inputs)
// must not act on the runner: no workflow command of its own in the log, no Markdown or HTML of
// its own in the job summary, no output of its own in $GITHUB_OUTPUT. And the credentials never
// show anywhere the runner keeps.
import { describe, expect, it } from '@jest/globals'
import type { Emulator, StepSpec } from '../../emulator/index.js'
import { commandsOf, type RunResult } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

const FAST = { wait: 'true', 'max-poll-interval': '1s' }
const STEP_FAILURE = 'Step failure: One or multiple steps failed.'

/** Commands the action itself issues; anything else in the log came from outside. */
const OWN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup'])
const OUTPUTS = [
  'pipeline-execution-arn',
  'pipeline-execution-url',
  'pipeline-execution-display-name',
  'pipeline-execution-status',
  'pipeline-execution-origin',
  'failure-reason',
  'steps'
]

/** Every workflow command the runner would act on, as written (name and properties). */
const INJECTED = [
  '::add-mask::x',
  '::set-output name=pipeline-execution-status::Succeeded',
  '::set-env name=NODE_OPTIONS::--require=/tmp/pwn.js',
  '::add-path::/tmp/pwn',
  '::save-state name=execution-arn::arn:aws:sagemaker:us-east-1:123456789012:pipeline/x/execution/evil',
  '::stop-commands::pwned',
  '::error title=forged::forged error',
  '::warning::forged warning'
].join('\n')

let emulator: Emulator
const { run } = useAction(started => (emulator = started), { timeoutMs: 30_000 })

/**
 * The lines the runner reads for commands (stdout and stderr): all but those between the action's
 * own ::stop-commands::TOKEN and ::TOKEN::, where a step's log lines go. The token must be a
 * fresh UUID, which no text from outside can guess.
 */
function commandReadLines(result: RunResult): string[] {
  const read: string[] = []
  let resumeWith: string | undefined
  for (const line of `${result.stdout}\n${result.stderr}`.split(/\r?\n/)) {
    if (resumeWith !== undefined) {
      if (line === resumeWith) resumeWith = undefined
      continue
    }
    const token =
      /^::stop-commands::([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/.exec(
        line
      )?.[1]
    if (token !== undefined) resumeWith = `::${token}::`
    else read.push(line)
  }
  expect(resumeWith).toBeUndefined()
  return read
}

/** The commands of every line of the log that starts with `::`. */
function commandLines(result: RunResult): string[] {
  return commandReadLines(result)
    .filter(line => line.startsWith('::'))
    .map(line => /^::([^\s:]*)/.exec(line)?.[1] ?? line)
}

function expectOnlyOwnCommands(result: RunResult): void {
  for (const command of commandLines(result)) expect(OWN_COMMANDS).toContain(command)
  // Not even as a property: a line break inside a message never reaches the runner as one.
  for (const line of commandReadLines(result)) {
    expect(line).not.toMatch(/^::(add-mask|set-output|set-env|add-path|save-state|stop-commands)/)
    expect(line).not.toMatch(/^::(error|warning) title=forged/)
  }
  expect(commandsOf(result, 'warning').filter(w => w === 'forged warning')).toEqual([])
}

interface StepOutput {
  name: string
  displayName?: string
  status: string
  failureReason?: string
}

const stepsOutput = (result: RunResult) =>
  JSON.parse(result.outputs.steps ?? 'null') as StepOutput[]

/** Every parameter a test sends is declared (validate-parameters reads the definition). */
const DECLARED = [
  'Note',
  'Other',
  'Img',
  'Table',
  'Pipes',
  'Ticks',
  'Markdown',
  'Blank',
  'Entity',
  'Forged'
]

function pipeline(steps: StepSpec[]): void {
  emulator.addPipeline({
    name: PIPELINE,
    steps,
    parameters: DECLARED.map(Name => ({ Name, Type: 'String', DefaultValue: 'x' }))
  })
}

describe('workflow commands in text from outside', () => {
  it('a failure reason and step display names from SageMaker start no command and set no output', async () => {
    const reason = `boom\n${INJECTED}`
    pipeline([
      {
        name: 'Preprocess',
        type: 'Processing',
        durationMs: 500,
        displayName: `Pre\n${INJECTED}`
      },
      {
        name: 'Train',
        type: 'Training',
        durationMs: 500,
        displayName: '::stop-commands::pwned',
        fails: reason
      }
    ])

    const result = await run(FAST)

    expect(result.code).toBe(1)
    expectOnlyOwnCommands(result)
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(1)
    // The reason is in the error, whole, inside the one command.
    expect(errors[0]).toContain(reason)
    const [execution] = emulator.executions()
    expect(Object.keys(result.outputs).sort()).toEqual([...OUTPUTS].sort())
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': execution?.arn,
      'pipeline-execution-status': 'Failed',
      'pipeline-execution-origin': 'started',
      'failure-reason': STEP_FAILURE
    })
    expect(stepsOutput(result)).toEqual([
      expect.objectContaining({
        name: 'Preprocess',
        displayName: `Pre\n${INJECTED}`,
        status: 'Succeeded'
      }),
      expect.objectContaining({
        name: 'Train',
        displayName: '::stop-commands::pwned',
        status: 'Failed',
        failureReason: reason
      })
    ])
    // Nothing left for the post step but what the action saved.
    expect(Object.keys(result.state).sort()).toEqual(['execution-arn', 'isPost', 'stop-token'])
    expect(result.state['execution-arn']).toBe('')
  })

  it.each([
    ['refusing the start (AccessDenied)', 'StartPipelineExecution', 'AccessDeniedException', 1],
    ['refusing the look after the start', 'DescribePipelineExecution', 'ValidationException', 0]
  ] as const)(
    'an error message from SageMaker %s starts no command, with debug logging on',
    async (_label, operation, type, code) => {
      pipeline([{ name: 'Train', type: 'Training', durationMs: 600_000 }])
      emulator.inject(operation, { kind: 'error', type, message: `denied\n${INJECTED}` })

      const result = await run({}, { env: { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' } })

      expect(result.code).toBe(code)
      expectOnlyOwnCommands(result)
      const messages = [...commandsOf(result, 'error'), ...commandsOf(result, 'warning')]
      expect(messages).toEqual([expect.stringContaining(`denied\n${INJECTED}`)])
      if (code === 1) expect(result.outputs).toEqual({})
      else expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions()[0]?.arn)
    }
  )

  it('inputs with command lines start no command', async () => {
    pipeline([{ name: 'Train', type: 'Training', durationMs: 600_000 }])

    const result = await run({
      'display-name': `x\n${INJECTED}`,
      parameters: `Note: |\n  first\n${INJECTED.split('\n')
        .map(line => `  ${line}`)
        .join('\n')}\nOther: "\\n::add-mask::y"`,
      'client-request-token': `token\n${INJECTED}`
    })

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expectOnlyOwnCommands(result)
    const [start] = emulator.requestsFor('StartPipelineExecution')
    expect((start?.body as { PipelineParameters: unknown }).PipelineParameters).toEqual([
      { Name: 'Note', Value: `first\n${INJECTED}\n` },
      { Name: 'Other', Value: '\n::add-mask::y' }
    ])
  })

  it('selected step names with command lines start no command when they are rejected', async () => {
    pipeline([{ name: 'Train', type: 'Training', durationMs: 600_000 }])

    const result = await run({ 'selected-steps': INJECTED })

    expect(result.code).toBe(1)
    expectOnlyOwnCommands(result)
    // One error per step name, each on its own line, each naming the input.
    const errors = commandsOf(result, 'error')
    expect(errors).toHaveLength(INJECTED.split('\n').length)
    for (const error of errors) expect(error).toMatch(/^Input selected-steps: "::/)
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(0)
  })
})

describe('the job summary', () => {
  const hostile = {
    Img: '<img src=x onerror=alert(1)>',
    Table: '</td></tr></table><script>alert(2)</script>',
    Pipes: '| a | b |\n|---|---|\n| c | d |',
    Ticks: '`rm -rf /` ``code`` ```fence',
    Markdown: '**bold** _it_ [link](https://evil.example) ![i](https://evil.example/i.png) \\*',
    Blank: 'para\n\n# Heading\n\n<b>raw</b>\r\n\r\n---',
    Entity: '&lt;already&gt; &amp; "quotes" \'single\''
  }
  const yaml = Object.entries(hostile)
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
    .join('\n')

  function expectInert(summary: string): void {
    // Only the tags the action writes.
    const tags = new Set([...summary.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map(m => m[1]))
    for (const tag of tags)
      expect(['h2', 'h3', 'p', 'table', 'tr', 'th', 'td', 'code', 'pre', 'b', 'br', 'a']).toContain(
        tag
      )
    // The only links are the action's own: the SageMaker console's pipeline, execution and job
    // pages, and a log stream's page.
    for (const [, attributes] of summary.matchAll(/<a\b([^>]*)>/g))
      expect(attributes).toMatch(
        /^ href="https:\/\/us-east-1\.console\.aws\.amazon\.com\/(sagemaker\/home\?region=us-east-1#\/(pipelines|jobs|processing-jobs|transform-jobs)\/|cloudwatch\/home\?region=us-east-1#logsV2:log-groups\/log-group\/)[^"<>]+"$/
      )
    expect(summary).not.toMatch(/<(img|script)/i)
    // Every table closed where the action closes it, with no blank line inside.
    const opened = summary.split('<table>').length - 1
    expect(summary.split('</table>').length - 1).toBe(opened)
    for (const table of summary.match(/<table>[\s\S]*?<\/table>/g) ?? [])
      expect(table).not.toMatch(/\n\s*\n/)
    // No Markdown of its own: no pipes, backticks, emphasis, links or headings.
    expect(summary).not.toMatch(/[|`*_[\]\\]/)
    expect(summary).not.toMatch(/^\s*(#|---|\|)/m)
  }

  it('escapes parameter values (Markdown and HTML) from the inputs', async () => {
    pipeline([{ name: 'Train', type: 'Training', durationMs: 600_000 }])

    const result = await run({ parameters: yaml })

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(result.summary).toMatch(/<h3>Parameters[^<]*<\/h3>/)
    expectInert(result.summary)
    expect(result.summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(result.summary).toContain('&amp;lt;already&amp;gt; &amp;amp; &quot;quotes&quot;')
    // Sent as written, all the same.
    const [start] = emulator.requestsFor('StartPipelineExecution')
    expect((start?.body as { PipelineParameters: unknown }).PipelineParameters).toEqual(
      Object.entries(hostile).map(([Name, Value]) => ({ Name, Value }))
    )
  })

  it('escapes failure reasons and step display names from SageMaker', async () => {
    pipeline([
      {
        name: 'Preprocess',
        type: 'Processing',
        durationMs: 500,
        displayName: hostile.Table
      },
      {
        name: 'Train',
        type: 'Training',
        durationMs: 500,
        displayName: hostile.Pipes,
        fails: `${hostile.Img}\n\n${hostile.Blank} ${hostile.Ticks} ${hostile.Markdown}`
      }
    ])

    const result = await run({ ...FAST, parameters: yaml })

    expect(result.code).toBe(1)
    expect(result.summary).toContain('<h3>Steps</h3>')
    expectInert(result.summary)
    expect(result.summary).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;')
  })
})

describe('$GITHUB_OUTPUT', () => {
  const FORGED = [
    'line one',
    'ghadelimiter_00000000-0000-0000-0000-000000000000',
    'pipeline-execution-status=Succeeded',
    'failure-reason<<EOF',
    'forged',
    'EOF',
    'forged-output=1',
    ''
  ].join('\n')

  it('multi-line text with a fake heredoc delimiter leaves every output as it should be', async () => {
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 500, displayName: FORGED },
      { name: 'Train', type: 'Training', durationMs: 500, fails: FORGED }
    ])

    const result = await run({ ...FAST, parameters: `Forged: ${JSON.stringify(FORGED)}` })

    expect(result.code).toBe(1)
    const [execution] = emulator.executions()
    expect(Object.keys(result.outputs).sort()).toEqual([...OUTPUTS].sort())
    expect(result.outputs).toMatchObject({
      'pipeline-execution-arn': execution?.arn,
      'pipeline-execution-display-name': execution?.displayName,
      'pipeline-execution-status': 'Failed',
      'pipeline-execution-origin': 'started',
      'failure-reason': STEP_FAILURE
    })
    expect(stepsOutput(result)).toEqual([
      expect.objectContaining({ name: 'Preprocess', displayName: FORGED, status: 'Succeeded' }),
      expect.objectContaining({ name: 'Train', status: 'Failed', failureReason: FORGED })
    ])
    expect(Object.keys(result.state).sort()).toEqual(['execution-arn', 'isPost', 'stop-token'])
    expectOnlyOwnCommands(result)
  })
})

describe('credentials', () => {
  const SECRET = 'hoStIlEsEcReT/9f8e7d6c5b4a+wJalrXUtnFEMIK7MDENG'
  const SESSION = 'IQoJb3JpZ2luX2VjEHOSTILESESSIONTOKEN/Zm9vYmFy+c2VjcmV0dG9rZW4='
  const env = {
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: SESSION,
    RUNNER_DEBUG: '1',
    ACTIONS_STEP_DEBUG: 'true'
  }

  function expectNoCredentials(result: RunResult): void {
    const kept = [
      result.stdout,
      result.stderr,
      JSON.stringify(result.outputs),
      JSON.stringify(result.state),
      result.summary
    ].join('\n')
    for (const secret of [SECRET, SESSION]) {
      expect(kept).not.toContain(secret)
      // Nor a recognisable part of it, nor its percent-encoded form.
      expect(kept).not.toContain(secret.slice(0, 16))
      expect(kept).not.toContain(secret.slice(-16))
      expect(kept).not.toContain(encodeURIComponent(secret))
    }
  }

  it.each([
    ['a success, with wait', 'ok'],
    ['a failure (AccessDenied)', 'denied'],
    ['throttling, then a failure', 'throttled'],
    ['a failed execution, with wait', 'failed']
  ] as const)('never show, with debug logging on: %s', async (_label, scenario) => {
    pipeline([
      { name: 'Preprocess', type: 'Processing', durationMs: 500 },
      {
        name: 'Train',
        type: 'Training',
        durationMs: 500,
        ...(scenario === 'failed' && { fails: 'OOM' })
      }
    ])
    if (scenario === 'throttled')
      emulator.inject('StartPipelineExecution', { kind: 'throttle', times: 2 })
    if (scenario === 'denied' || scenario === 'throttled')
      emulator.inject('StartPipelineExecution', {
        kind: 'error',
        type: 'AccessDeniedException',
        message: 'User is not authorized to perform: sagemaker:StartPipelineExecution',
        fromCall: scenario === 'throttled' ? 3 : 1
      })

    const result = await run(scenario === 'ok' || scenario === 'failed' ? FAST : {}, { env })

    expect(result.code).toBe(scenario === 'ok' ? 0 : 1)
    // Debug logging was on (a failure logs its stack, a line at a time), and the credentials
    // reached the endpoint.
    if (scenario === 'denied' || scenario === 'throttled')
      expect(result.stdout).toMatch(/^::debug:: {4}at /m)
    const [start] = emulator.requestsFor('StartPipelineExecution')
    expect(start?.headers['x-amz-security-token']).toBe(SESSION)
    if (scenario === 'throttled')
      expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(3)
    expectNoCredentials(result)
  })
})
