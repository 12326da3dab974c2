// End to end: bad input for every input of action.yml. A rejected input fails the step with one
// error that names the input, before any request; a value at a limit is sent as is. The endpoint's
// log, not the clock, shows that nothing was sent: a retry or a wait on the network is a request.
//
// Not reachable through the runner, so not tested: a NUL in an input (an environment variable
// cannot hold one: the runner and child_process.spawn both refuse it), and a `parameters` text
// past the action's 1 MiB cap (Linux limits one environment variable to 128 KiB).
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator, ParameterSpec } from '../../emulator/index.js'
import { SHA, commandsOf, type RunResult } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

const LONG_NAME = `p${'0'.repeat(254)}p`
const STEPS = Array.from({ length: 50 }, (_, i) => `S${i}`)
const SOURCE_ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training/execution/abc'

/** What the pipelines declare: validate-parameters checks what is sent against it. */
const DECLARED: ParameterSpec[] = [
  ...Array.from({ length: 200 }, (_, i) => ({ Name: `P${i}`, DefaultValue: 'x' })),
  ...['A', 'B', 'C', 'D', 'E', 'n'.repeat(256)].map(Name => ({ Name, DefaultValue: 'x' })),
  { Name: 'Epochs', Type: 'Integer', DefaultValue: 10 },
  { Name: 'LearningRate', Type: 'Float', DefaultValue: 0.1 },
  { Name: 'Shuffle', Type: 'Boolean', DefaultValue: true },
  { Name: 'Instance', EnumValues: ['ml.m5.large', 'ml.m5.xlarge'], DefaultValue: 'ml.m5.large' }
]

let emulator: Emulator
const { run } = useAction(started => (emulator = started))

beforeEach(() => {
  for (const name of [PIPELINE, LONG_NAME])
    emulator.addPipeline({
      name,
      steps: STEPS.map(step => ({ name: step, type: 'Processing', durationMs: 600_000 })),
      parameters: DECLARED
    })
})

/**
 * The ::error:: commands, one per line of the log as the runner splits it (on \n only: a U+2028
 * in a message is no line break to the runner, though commandsOf's `.` stops at it).
 */
function errorsOf(result: RunResult): string[] {
  return result.stdout
    .split('\n')
    .filter(line => /^::error(?: [^:]*)?::/.test(line))
    .map(line =>
      line
        .replace(/^::error(?: [^:]*)?::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
    )
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const params = (count: number) => Array.from({ length: count }, (_, i) => `P${i}: ${i}`).join('\n')

/** Anchors of lists of aliases, each level nine times the one before: 9^9 leaves once expanded. */
const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)
].join('\n')
/** The same, hidden in the list form: the Value of the last item is the whole tree. */
const BILLION_LAUGHS_LIST = [
  '- {Name: a, Value: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]}',
  ...'bcdefghi'
    .split('')
    .map((name, i) => `- {Name: ${name}, Value: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`)}]}`)
].join('\n')

type Case = [
  label: string,
  input: string,
  inputs: Record<string, string>,
  env?: Record<string, undefined>
]

const rejected: Case[] = [
  // pipeline-name
  ['empty', 'pipeline-name', { 'pipeline-name': '' }],
  ['whitespace only (trimmed: not given)', 'pipeline-name', { 'pipeline-name': ' \t\n ' }],
  ['a zero-width space', 'pipeline-name', { 'pipeline-name': 'churn\u200btraining' }],
  ['an emoji', 'pipeline-name', { 'pipeline-name': 'churn-🚀' }],
  ['a line break inside', 'pipeline-name', { 'pipeline-name': 'churn\ntraining' }],
  ['a leading hyphen', 'pipeline-name', { 'pipeline-name': '-churn' }],
  [
    '257 characters, one past the name limit',
    'pipeline-name',
    { 'pipeline-name': 'p'.repeat(257) }
  ],
  [
    'an ARN with an 11-digit account',
    'pipeline-name',
    { 'pipeline-name': 'arn:aws:sagemaker:us-east-1:12345678901:pipeline/churn-training' }
  ],
  // description
  ['U+2028 inside', 'description', { description: 'first\u2028second' }],
  ['a carriage return inside', 'description', { description: 'first\rsecond' }],
  ['3073 characters, one past the limit', 'description', { description: 'd'.repeat(3073) }],
  // parameters
  ['a scalar', 'parameters', { parameters: 'just-a-string' }],
  ['a list of scalars', 'parameters', { parameters: '- Epochs\n- 10' }],
  ['a JSON array of scalars', 'parameters', { parameters: '["Epochs", "10"]' }],
  ['a duplicate key', 'parameters', { parameters: 'Epochs: 1\nLearningRate: 2\nEpochs: 3' }],
  [
    'a duplicate Name in the list form',
    'parameters',
    { parameters: '- {Name: Epochs, Value: 1}\n- {Name: Epochs, Value: 2}' }
  ],
  [
    'a duplicate Value in one list item',
    'parameters',
    { parameters: '- {Name: A, Value: 1, Value: 2}' }
  ],
  ['a list item without Value', 'parameters', { parameters: '- Name: Epochs' }],
  [
    'a list item with another key',
    'parameters',
    { parameters: '- {Name: A, Value: 1, Type: String}' }
  ],
  ['billion laughs (anchors of lists of aliases)', 'parameters', { parameters: BILLION_LAUGHS }],
  ['billion laughs in the list form', 'parameters', { parameters: BILLION_LAUGHS_LIST }],
  ['an alias to a list', 'parameters', { parameters: 'A: &x [1, 2]\nB: *x' }],
  ['a mapping as a key', 'parameters', { parameters: '? {a: 1}\n: 2' }],
  ['two YAML documents', 'parameters', { parameters: 'A: 1\n---\nB: 2' }],
  ['unclosed flow mapping', 'parameters', { parameters: '{Epochs: 1' }],
  [
    'deeply nested lists',
    'parameters',
    { parameters: `A: ${'['.repeat(5000)}${']'.repeat(5000)}` }
  ],
  ['a name with a zero-width space', 'parameters', { parameters: 'Ep\u200bochs: 1' }],
  ['a name with an emoji', 'parameters', { parameters: '🚀: 1' }],
  ['an empty name', 'parameters', { parameters: '"": 1' }],
  ['a name of 257 characters', 'parameters', { parameters: `${'n'.repeat(257)}: 1` }],
  ['a value of 1025 characters', 'parameters', { parameters: `A: ${'v'.repeat(1025)}` }],
  ['201 parameters', 'parameters', { parameters: params(201) }],
  // client-request-token: any text is made a token, so nothing to reject.
  // max-parallel-execution-steps
  ['+3', 'max-parallel-execution-steps', { 'max-parallel-execution-steps': '+3' }],
  ['-1', 'max-parallel-execution-steps', { 'max-parallel-execution-steps': '-1' }],
  ['1e3', 'max-parallel-execution-steps', { 'max-parallel-execution-steps': '1e3' }],
  ['3.0', 'max-parallel-execution-steps', { 'max-parallel-execution-steps': '3.0' }],
  ['0x10', 'max-parallel-execution-steps', { 'max-parallel-execution-steps': '0x10' }],
  ['0', 'max-parallel-execution-steps', { 'max-parallel-execution-steps': '0' }],
  ['fullwidth digits', 'max-parallel-execution-steps', { 'max-parallel-execution-steps': '３' }],
  [
    '2^31, one past the limit',
    'max-parallel-execution-steps',
    { 'max-parallel-execution-steps': '2147483648' }
  ],
  // pipeline-version-id
  ['0', 'pipeline-version-id', { 'pipeline-version-id': '0' }],
  ['1.5', 'pipeline-version-id', { 'pipeline-version-id': '1.5' }],
  ['+1', 'pipeline-version-id', { 'pipeline-version-id': '+1' }],
  [
    '2^53, one past the safe limit',
    'pipeline-version-id',
    { 'pipeline-version-id': '9007199254740992' }
  ],
  // selected-steps
  ['only separators', 'selected-steps', { 'selected-steps': ', ,\n,' }],
  [
    '51 steps, one past the limit',
    'selected-steps',
    { 'selected-steps': [...STEPS, 'S50'].join(',') }
  ],
  ['a step name of 257 characters', 'selected-steps', { 'selected-steps': 's'.repeat(257) }],
  // source-pipeline-execution-arn
  [
    'without selected-steps',
    'source-pipeline-execution-arn',
    { 'source-pipeline-execution-arn': SOURCE_ARN }
  ],
  [
    'a pipeline ARN, not an execution ARN',
    'source-pipeline-execution-arn',
    {
      'selected-steps': 'S0',
      'source-pipeline-execution-arn':
        'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training'
    }
  ],
  [
    '2049 characters',
    'source-pipeline-execution-arn',
    {
      'selected-steps': 'S0',
      'source-pipeline-execution-arn': SOURCE_ARN + 'x'.repeat(2049 - SOURCE_ARN.length)
    }
  ],
  // mlflow-experiment-name
  ['257 characters', 'mlflow-experiment-name', { 'mlflow-experiment-name': 'm'.repeat(257) }],
  ['a line break inside', 'mlflow-experiment-name', { 'mlflow-experiment-name': 'a\nb' }],
  ['U+2029 inside', 'mlflow-experiment-name', { 'mlflow-experiment-name': 'a\u2029b' }],
  // aws-region
  ['not set anywhere', 'aws-region', {}, { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined }],
  ['upper case', 'aws-region', { 'aws-region': 'US-EAST-1' }],
  ['underscores', 'aws-region', { 'aws-region': 'us_east_1' }],
  ['a line break inside', 'aws-region', { 'aws-region': 'us-east-1\neu-west-1' }],
  // booleans
  ['yes', 'retry-failed', { 'retry-failed': 'yes' }],
  ['mixed case tRuE', 'retry-failed', { 'retry-failed': 'tRuE' }],
  ['1', 'wait', { wait: '1' }],
  ['on', 'wait', { wait: 'on' }],
  ['no', 'stop-on-cancel', { 'stop-on-cancel': 'no' }],
  ['off', 'stop-on-timeout', { 'stop-on-timeout': 'off' }],
  ['y', 'validate-parameters', { 'validate-parameters': 'y' }],
  ['maybe', 'dry-run', { 'dry-run': 'maybe' }],
  // durations
  ['0s', 'wait-timeout', { 'wait-timeout': '0s' }],
  ['999ms, under 1 s', 'wait-timeout', { 'wait-timeout': '999ms' }],
  ['-5m', 'wait-timeout', { 'wait-timeout': '-5m' }],
  ['1e3', 'wait-timeout', { 'wait-timeout': '1e3' }],
  ['a space inside', 'wait-timeout', { 'wait-timeout': '5 m' }],
  ['35d1s, past the longest', 'wait-timeout', { 'wait-timeout': '35d1s' }],
  ['Infinity', 'wait-timeout', { 'wait-timeout': 'Infinity' }],
  ['0', 'max-poll-interval', { 'max-poll-interval': '0' }],
  ['999ms, under 1 s', 'max-poll-interval', { 'max-poll-interval': '999ms' }],
  ['36d', 'max-poll-interval', { 'max-poll-interval': '36d' }]
]

describe('rejected: one error naming the input, no request', () => {
  it.each(rejected)('%s: %s', async (_label, input, inputs, env = {}) => {
    const result = await run(inputs, { env })

    expect(result.code).toBe(1)
    const errors = errorsOf(result)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(new RegExp(`^Input ${input}[ :]`))
    expect(emulator.requests).toEqual([])
    expect(result.outputs).toEqual({})
    expect(result.stderr).toBe('')
  })
})

type Accepted = [
  label: string,
  inputs: Record<string, string>,
  sent: Record<string, unknown>,
  warning?: RegExp
]

const accepted: Accepted[] = [
  [
    'pipeline-name with spaces around (trimmed)',
    { 'pipeline-name': '  churn-training \n' },
    { PipelineName: PIPELINE }
  ],
  ['pipeline-name of 256 characters', { 'pipeline-name': LONG_NAME }, { PipelineName: LONG_NAME }],
  [
    'pipeline-name as an ARN',
    { 'pipeline-name': 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training' },
    { PipelineName: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training' }
  ],
  [
    'display-name of 82 characters',
    { 'display-name': 'a'.repeat(82) },
    { PipelineExecutionDisplayName: 'a'.repeat(82) }
  ],
  [
    'display-name of 83 characters is cut',
    { 'display-name': 'a'.repeat(83) },
    { PipelineExecutionDisplayName: 'a'.repeat(82) },
    /^display-name "a{80}"… \(83 characters\) changed to "a{82}"/
  ],
  [
    'display-name with nothing usable: the commit SHA',
    { 'display-name': '/// ___ ///' },
    { PipelineExecutionDisplayName: SHA },
    /has no letters or digits; using the commit SHA instead/
  ],
  [
    'display-name of emoji only: the commit SHA',
    { 'display-name': '🚀🚀' },
    { PipelineExecutionDisplayName: SHA },
    /has no letters or digits/
  ],
  [
    'display-name with a zero-width space and a line break',
    { 'display-name': 'zero\u200bwidth\nbreak' },
    { PipelineExecutionDisplayName: 'zero-width-break' },
    /changed to "zero-width-break"/
  ],
  [
    'display-name whitespace only: the commit SHA',
    { 'display-name': '   ' },
    { PipelineExecutionDisplayName: SHA }
  ],
  [
    'description of 3072 characters',
    { description: 'd'.repeat(3072) },
    { PipelineExecutionDescription: 'd'.repeat(3072) }
  ],
  [
    'description with a tab and an emoji',
    { description: 'tab\there 🚀' },
    { PipelineExecutionDescription: 'tab\there 🚀' }
  ],
  [
    'description whitespace only: the default',
    { description: ' \n ' },
    { PipelineExecutionDescription: expect.stringMatching(/^Started by GitHub Actions/) }
  ],
  [
    '200 parameters',
    { parameters: params(200) },
    {
      PipelineParameters: Array.from({ length: 200 }, (_, i) => ({ Name: `P${i}`, Value: `${i}` }))
    }
  ],
  [
    'a parameter name of 256 characters and a value of 1024',
    { parameters: `${'n'.repeat(256)}: ${'v'.repeat(1024)}` },
    { PipelineParameters: [{ Name: 'n'.repeat(256), Value: 'v'.repeat(1024) }] }
  ],
  [
    'an alias to a scalar',
    { parameters: 'A: &x 0.050\nB: *x' },
    {
      PipelineParameters: [
        { Name: 'A', Value: '0.050' },
        { Name: 'B', Value: '0.050' }
      ]
    }
  ],
  [
    'numbers with signs and exponents as parameter values, as written',
    { parameters: 'A: +3\nB: -1\nC: 1e3\nD: 0x10\nE: ""' },
    {
      PipelineParameters: [
        { Name: 'A', Value: '+3' },
        { Name: 'B', Value: '-1' },
        { Name: 'C', Value: '1e3' },
        { Name: 'D', Value: '0x10' },
        { Name: 'E', Value: '' }
      ]
    }
  ],
  [
    'client-request-token of 31 characters: its digest',
    { 'client-request-token': 't'.repeat(31) },
    { ClientRequestToken: sha256('t'.repeat(31)) }
  ],
  [
    'client-request-token of 32 characters',
    { 'client-request-token': 't'.repeat(32) },
    { ClientRequestToken: 't'.repeat(32) }
  ],
  [
    'client-request-token of 128 characters',
    { 'client-request-token': 't'.repeat(128) },
    { ClientRequestToken: 't'.repeat(128) }
  ],
  [
    'client-request-token of 129 characters: its digest',
    { 'client-request-token': 't'.repeat(129) },
    { ClientRequestToken: sha256('t'.repeat(129)) }
  ],
  [
    'client-request-token whitespace only: the commit SHA',
    { 'client-request-token': '  ' },
    { ClientRequestToken: SHA }
  ],
  [
    'max-parallel-execution-steps of 2^31-1',
    { 'max-parallel-execution-steps': '2147483647' },
    { ParallelismConfiguration: { MaxParallelExecutionSteps: 2147483647 } }
  ],
  [
    'max-parallel-execution-steps with a leading zero',
    { 'max-parallel-execution-steps': '03' },
    { ParallelismConfiguration: { MaxParallelExecutionSteps: 3 } }
  ],
  [
    'pipeline-version-id of 2^53-1',
    { 'pipeline-version-id': '9007199254740991' },
    { PipelineVersionId: 9007199254740991 }
  ],
  [
    'selected-steps: 50 steps, repeats counted once',
    { 'selected-steps': [...STEPS, 'S0', ' S1 '].join('\n') },
    { SelectiveExecutionConfig: { SelectedSteps: STEPS.map(StepName => ({ StepName })) } }
  ],
  [
    'mlflow-experiment-name of 256 characters',
    { 'mlflow-experiment-name': 'm'.repeat(256) },
    { MlflowExperimentName: 'm'.repeat(256) }
  ],
  [
    'signed and exponent numbers where the definition allows them',
    { parameters: 'Epochs: +3\nLearningRate: 1e-3\nShuffle: TRUE' },
    {
      PipelineParameters: [
        { Name: 'Epochs', Value: '+3' },
        { Name: 'LearningRate', Value: '1e-3' },
        { Name: 'Shuffle', Value: 'TRUE' }
      ]
    }
  ],
  ['aws-region with spaces around', { 'aws-region': ' eu-west-1 ' }, {}],
  [
    'booleans spelt TRUE and False',
    { 'retry-failed': 'False', wait: 'FALSE', 'stop-on-cancel': 'TRUE' },
    {}
  ],
  [
    'wait-timeout of 35d (the longest) without wait',
    { 'wait-timeout': '35d', 'max-poll-interval': '1s' },
    {}
  ]
]

describe('accepted: at the limit, or corrected, and sent', () => {
  // Objects, not rows: a row without the optional warning would make jest pass `done` in its place.
  it.each(accepted.map(([label, inputs, sent, warning]) => ({ label, inputs, sent, warning })))(
    '$label',
    async ({ inputs, sent, warning }) => {
      const result = await run(inputs)

      expect(commandsOf(result, 'error')).toEqual([])
      expect(result.code).toBe(0)
      const starts = emulator.requestsFor('StartPipelineExecution')
      expect(starts).toHaveLength(1)
      expect(starts[0]?.body).toMatchObject(sent)
      expect(commandsOf(result, 'warning')).toEqual(warning ? [expect.stringMatching(warning)] : [])
      expect(emulator.executions()).toHaveLength(1)
      expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions()[0]?.arn)
    }
  )
})

// Values that pass the syntax check but not the pipeline's definition: one DescribePipeline, then
// one error per problem, and no start.
const againstDefinition: Case[] = [
  ['an undeclared name', 'parameters', { parameters: 'Epoch: 3' }],
  ['1e3 for an Integer', 'parameters', { parameters: 'Epochs: 1e3' }],
  ['3.0 for an Integer', 'parameters', { parameters: 'Epochs: 3.0' }],
  ['0x10 for an Integer', 'parameters', { parameters: 'Epochs: 0x10' }],
  ['an empty value for an Integer', 'parameters', { parameters: 'Epochs: ""' }],
  ['0x10 for a Float', 'parameters', { parameters: 'LearningRate: 0x10' }],
  ['NaN for a Float', 'parameters', { parameters: 'LearningRate: NaN' }],
  ['yes for a Boolean', 'parameters', { parameters: 'Shuffle: yes' }],
  ['a value outside EnumValues', 'parameters', { parameters: 'Instance: ml.m5.huge' }],
  ['a step the pipeline does not have', 'selected-steps', { 'selected-steps': 'S0, S99' }]
]

describe('rejected against the definition: one error naming the input, no start', () => {
  it.each(againstDefinition)('%s: %s', async (_label, input, inputs) => {
    const result = await run(inputs)

    expect(result.code).toBe(1)
    const errors = errorsOf(result)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(new RegExp(`^Input ${input}[ :]`))
    expect(emulator.requests.map(r => r.operation)).toEqual(['DescribePipeline'])
    expect(result.outputs).toEqual({})
  })
})

describe('YAML aliases', () => {
  // YAML 1.2 (7.1): an alias must name an anchor that comes before it; a typo in one must not
  // become an empty value.
  it('an alias that names no anchor is rejected, not sent as an empty value', async () => {
    const result = await run({ parameters: 'A: &lr 0.05\nB: *learning-rate' })

    expect(emulator.requestsFor('StartPipelineExecution').map(r => r.body)).toEqual([])
    expect(result.code).toBe(1)
    const errors = errorsOf(result)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^Input parameters[ :]/)
  })
})

describe('lengths as SageMaker counts them (Unicode code points)', () => {
  // 16 emoji are 32 UTF-16 code units but 16 characters: under SageMaker's 32, so the action
  // must send the digest (as it does for any token shorter than 32), not the text.
  it('a client-request-token of 16 emoji is hashed, as any token under 32 characters', async () => {
    const token = '🚀'.repeat(16)

    const result = await run({ 'client-request-token': token })

    const [start] = emulator.requestsFor('StartPipelineExecution')
    const violations = [...emulator.violations]
    // Keep the afterEach check on the other cases' requests only.
    emulator.reset()
    expect(violations).toEqual([])
    expect(start?.response?.status).toBe(200)
    expect((start?.body as { ClientRequestToken?: string }).ClientRequestToken).toBe(sha256(token))
    expect(result.code).toBe(0)
  })
})
