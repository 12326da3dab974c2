import { describe, expect, it } from '@jest/globals'
import {
  parseInputs,
  parseRegion,
  parseSelectedSteps,
  toClientRequestToken,
  toDisplayName
} from '../../src/inputs/inputs.js'
import { parseWholeNumber } from '../../src/inputs/input-checks.js'
import { parseParameters } from '../../src/inputs/parameter-inputs.js'
import { errorOf } from './input-error-of.js'
import { MaxParallelExecutionSteps, PipelineVersionId } from '../../src/constraints.js'

const ENV = { AWS_REGION: 'eu-west-1' }

function inputs(values: Record<string, string>) {
  return (name: string) => values[name] ?? ''
}

function parse(values: Record<string, string>, env: NodeJS.ProcessEnv = ENV) {
  return parseInputs(inputs({ 'pipeline-name': 'churn-training', ...values }), env)
}

describe('parseInputs', () => {
  it('needs only pipeline-name and a region', () => {
    expect(parse({})).toEqual({
      settings: {
        pipelineName: 'churn-training',
        parameters: [],
        parametersLeftOut: [],
        region: 'eu-west-1',
        retryFailed: true,
        validateParameters: true,
        dryRun: false,
        logs: { mode: 'failed', lines: 100 },
        wait: {
          enabled: false,
          timeoutMs: undefined,
          stopOnCancel: true,
          stopOnTimeout: true,
          maxPollIntervalMs: 45_000
        }
      },
      warnings: [],
      notes: []
    })
  })

  it('reads every input', () => {
    const { settings } = parse({
      'display-name': 'nightly-42',
      description: 'Nightly retrain',
      parameters: 'Epochs: 10',
      'client-request-token': 'x'.repeat(40),
      'max-parallel-execution-steps': '4',
      'selected-steps': 'Train\nEvaluate',
      'source-pipeline-execution-arn':
        'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/churn-training/execution/abc123',
      'pipeline-version-id': '7',
      'mlflow-experiment-name': 'churn',
      'aws-region': 'us-west-2',
      'retry-failed': 'false',
      'validate-parameters': 'false',
      'dry-run': 'true',
      wait: 'true',
      'wait-timeout': '1h30m',
      'stop-on-cancel': 'false',
      'stop-on-timeout': 'FALSE',
      'max-poll-interval': '20s',
      'step-logs': 'none',
      'step-log-lines': '25'
    })
    expect(settings).toEqual({
      pipelineName: 'churn-training',
      displayName: 'nightly-42',
      description: 'Nightly retrain',
      parameters: [{ Name: 'Epochs', Value: '10' }],
      parametersLeftOut: [],
      clientRequestToken: 'x'.repeat(40),
      maxParallelExecutionSteps: 4,
      selectedSteps: ['Train', 'Evaluate'],
      sourcePipelineExecutionArn:
        'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/churn-training/execution/abc123',
      pipelineVersionId: 7,
      mlflowExperimentName: 'churn',
      region: 'us-west-2',
      retryFailed: false,
      validateParameters: false,
      dryRun: true,
      logs: { mode: 'none', lines: 25 },
      wait: {
        enabled: true,
        timeoutMs: 90 * 60_000,
        stopOnCancel: false,
        stopOnTimeout: false,
        maxPollIntervalMs: 20_000
      }
    })
  })

  it.each([
    ['wait', 'yes', 'must be true or false'],
    ['stop-on-cancel', '1', 'must be true or false'],
    ['wait-timeout', 'an hour', 'must be a duration'],
    ['wait-timeout', '0', 'must be from 1s'],
    ['wait-timeout', '-5m', 'must be a duration'],
    ['max-poll-interval', '500ms', 'must be from 1s'],
    ['max-poll-interval', '1000d', 'to 840h0m0s']
  ])('rejects %s %j', (input, value, rule) => {
    const error = errorOf(() => parse({ [input]: value }))
    expect(error.input).toBe(input)
    expect(error.message).toContain(rule)
  })

  it('reads a bare number of minutes as wait-timeout', () => {
    expect(parse({ 'wait-timeout': '90' }).settings.wait.timeoutMs).toBe(90 * 60_000)
  })

  it('accepts a pipeline ARN', () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training'
    expect(parse({ 'pipeline-name': arn }).settings.pipelineName).toBe(arn)
  })

  it.each([
    ['', 'is required'],
    ['my_pipeline', 'must be a pipeline name'],
    ['-leading', 'must be a pipeline name'],
    ['a'.repeat(257), 'must be a pipeline name'],
    ['a'.repeat(2049), 'at most 2048']
  ])('rejects pipeline-name %j', (name, rule) => {
    const error = errorOf(() => parse({ 'pipeline-name': name }))
    expect(error.input).toBe('pipeline-name')
    expect(error.message).toContain(rule)
  })

  it('makes a branch name a valid display name, with a warning', () => {
    const { settings, warnings } = parse({ 'display-name': 'feature/my_branch' })
    expect(settings.displayName).toBe('feature-my-branch')
    expect(warnings).toEqual([expect.stringContaining('changed to "feature-my-branch"')])
  })

  it('falls back to the commit SHA when nothing of the display name is left', () => {
    const { settings, warnings } = parse({ 'display-name': '///' })
    expect(settings.displayName).toBeUndefined()
    expect(warnings).toEqual([expect.stringContaining('using the commit SHA')])
  })

  it('rejects a description of more than one line or over 3072 characters', () => {
    expect(errorOf(() => parse({ description: 'one\ntwo' })).message).toContain(
      'must be a single line'
    )
    expect(errorOf(() => parse({ description: 'x'.repeat(3073) })).message).toContain(
      'at most 3072'
    )
    expect(parse({ description: 'x'.repeat(3072) }).settings.description).toHaveLength(3072)
  })

  it('hashes a token of the wrong length, and says so', () => {
    const { settings, notes } = parse({ 'client-request-token': 'short' })
    // printf 'short' | sha256sum
    const digest = 'f9b0078b5df596d2ea19010c001bbd009e651de2c57e8fb7e355f31eb9d3f739'
    expect(settings.clientRequestToken).toBe(digest)
    expect(notes).toEqual([
      `client-request-token is 5 characters long, outside SageMaker's 32-128; sending its SHA-256 digest ${digest} instead (the same text always gives the same token).`
    ])
  })

  it('needs selected-steps with source-pipeline-execution-arn', () => {
    const error = errorOf(() =>
      parse({
        'source-pipeline-execution-arn':
          'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/p/execution/e'
      })
    )
    expect(error.input).toBe('source-pipeline-execution-arn')
    expect(error.message).toContain('needs selected-steps')
  })

  it('rejects a source execution that is not an execution ARN', () => {
    const error = errorOf(() =>
      parse({
        'selected-steps': 'Train',
        'source-pipeline-execution-arn': 'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/p'
      })
    )
    expect(error.input).toBe('source-pipeline-execution-arn')
  })

  it('rejects an MLflow experiment name over 256 characters or on two lines', () => {
    expect(errorOf(() => parse({ 'mlflow-experiment-name': 'x'.repeat(257) })).input).toBe(
      'mlflow-experiment-name'
    )
    expect(errorOf(() => parse({ 'mlflow-experiment-name': 'a\nb' })).message).toContain(
      'single line'
    )
  })

  it('shows a long bad value shortened to its first 80 characters, with its length', () => {
    const error = errorOf(() => parse({ 'pipeline-name': `bad_${'x'.repeat(300)}` }))
    expect(error.message).toMatch(
      /^Input pipeline-name "bad_x{76}"… \(304 characters\): must be a pipeline name /
    )
  })
})

/** The parameters sent, for tests of what is parsed rather than what is said. */
function sent(text: string) {
  return parseParameters(text).parameters
}

describe('parseParameters', () => {
  it('is empty for blank text', () => {
    expect(parseParameters('')).toEqual({ parameters: [], warnings: [], notes: [] })
    expect(parseParameters('  \n ')).toEqual({ parameters: [], warnings: [], notes: [] })
  })

  it('keeps the text the user wrote for every scalar', () => {
    expect(
      sent('Epochs: 10\nRate: 0.050\nFlag: true\nTilde: ~\nNull: null\nQuoted: "0.10"\nE: 1e3')
    ).toEqual([
      { Name: 'Epochs', Value: '10' },
      { Name: 'Rate', Value: '0.050' },
      { Name: 'Flag', Value: 'true' },
      { Name: 'Tilde', Value: '~' },
      { Name: 'Null', Value: 'null' },
      { Name: 'Quoted', Value: '0.10' },
      { Name: 'E', Value: '1e3' }
    ])
  })

  it('reads a JSON object (YAML flow style)', () => {
    expect(sent('{"Epochs": 10, "DataPath": "s3://bucket/data"}')).toEqual([
      { Name: 'Epochs', Value: '10' },
      { Name: 'DataPath', Value: 's3://bucket/data' }
    ])
  })

  it('reads the API list form', () => {
    expect(sent('- Name: Epochs\n  Value: 10\n- {Name: Rate, Value: 0.050}')).toEqual([
      { Name: 'Epochs', Value: '10' },
      { Name: 'Rate', Value: '0.050' }
    ])
  })

  it('keeps multi-line values', () => {
    expect(sent('Query: |\n  SELECT 1\n  FROM t\n')).toEqual([
      { Name: 'Query', Value: 'SELECT 1\nFROM t\n' }
    ])
  })

  it('resolves an alias to a scalar', () => {
    expect(sent('A: &x 5\nB: *x')).toEqual([
      { Name: 'A', Value: '5' },
      { Name: 'B', Value: '5' }
    ])
  })

  it.each([
    ['Epochs: [1, 2]', 'is a list'],
    ['Config:\n  a: 1', 'is a mapping'],
    ['Epochs: 1\nEpochs: 2', 'names "Epochs" twice'],
    ['Epochs:\nEpochs: 2', 'names "Epochs" twice'],
    ['- Name: A\n  Value: 1\n- Name: A\n  Value: 2', 'names "A" twice'],
    ['Epochs: {', 'is not valid YAML'],
    ['just text', 'must be a YAML mapping'],
    ['- 1\n- 2', 'must be a mapping with Name and Value'],
    ['- Name: A', 'must have both Name and Value'],
    ['- Name: A\n  Value: 1\n  Type: Integer', 'only Name and Value are allowed'],
    ['bad name: 1', 'letters, digits, hyphens and underscores'],
    ['bad name:', 'letters, digits, hyphens and underscores'],
    ['"": 1', 'at least 1'],
    [`${'n'.repeat(257)}: 1`, 'at most 256'],
    [`Long: ${'v'.repeat(1025)}`, 'at most 1024'],
    ['A: &x [1]\nB: *x', 'is a list']
  ])('rejects %j', (text, rule) => {
    const error = errorOf(() => parseParameters(text))
    expect(error.input).toBe('parameters')
    expect(error.message).toContain(rule)
  })

  it('accepts 200 parameters and rejects 201', () => {
    const lines = (count: number) =>
      Array.from({ length: count }, (_, i) => `P${i}: ${i}`).join('\n')
    expect(sent(lines(200))).toHaveLength(200)
    expect(errorOf(() => parseParameters(lines(201))).message).toContain('at most 200')
  })

  it('counts only the parameters sent against the limit of 200', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `P${i}: ${i}`).join('\n')
    expect(parseParameters(`${lines}\nLeftOut:`).parameters).toHaveLength(200)
  })

  it('accepts a value of exactly 1024 characters', () => {
    expect(sent(`Long: ${'v'.repeat(1024)}`)[0]?.Value).toHaveLength(1024)
  })
})

describe('parseSelectedSteps', () => {
  it('splits on newlines and commas, trims, and drops blanks and repeats', () => {
    expect(parseSelectedSteps('Train, Evaluate\n\n  Register ,Train')).toEqual([
      'Train',
      'Evaluate',
      'Register'
    ])
  })

  it('allows 50 steps and rejects 51', () => {
    const steps = (count: number) => Array.from({ length: count }, (_, i) => `S${i}`).join(',')
    expect(parseSelectedSteps(steps(50))).toHaveLength(50)
    expect(errorOf(() => parseSelectedSteps(steps(51))).message).toContain('at most 50')
  })

  it('rejects a list with no names and a name over 256 characters', () => {
    expect(errorOf(() => parseSelectedSteps(' , \n')).message).toContain('has no step names')
    expect(errorOf(() => parseSelectedSteps('x'.repeat(257))).message).toContain('at most 256')
  })
})

describe('toDisplayName', () => {
  it.each([
    ['feature/my_branch', 'feature-my-branch'],
    ['--release 1.2--', 'release-1-2'],
    ['ok-name', 'ok-name'],
    ['a--b', 'a--b'],
    ['日本', ''],
    [`${'a'.repeat(81)}/b`, 'a'.repeat(81)]
  ])('%j -> %j', (text, expected) => {
    expect(toDisplayName(text)).toBe(expected)
  })
})

describe('toClientRequestToken', () => {
  it('keeps a token of 32 to 128 characters', () => {
    expect(toClientRequestToken('a'.repeat(32))).toBe('a'.repeat(32))
    expect(toClientRequestToken('a'.repeat(128))).toBe('a'.repeat(128))
  })

  // Expected values computed outside the code under test: printf '<text>' | sha256sum
  it('hashes shorter and longer text into the hex SHA-256 of its UTF-8 bytes', () => {
    expect(toClientRequestToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
    expect(toClientRequestToken('a'.repeat(129))).toBe(
      'c12cb024a2e5551cca0e08fce8f1c5e314555cc3fef6329ee994a3db752166ae'
    )
  })
})

describe('parseWholeNumber', () => {
  it.each(['0', '-1', '+1', '1.0', '1e3', ' 1', '0x10', '2147483648', ''])(
    'rejects max-parallel-execution-steps %j',
    text => {
      expect(
        errorOf(() =>
          parseWholeNumber('max-parallel-execution-steps', text, MaxParallelExecutionSteps)
        ).input
      ).toBe('max-parallel-execution-steps')
    }
  )

  it('accepts the bounds', () => {
    expect(parseWholeNumber('x', '1', MaxParallelExecutionSteps)).toBe(1)
    expect(parseWholeNumber('x', '2147483647', MaxParallelExecutionSteps)).toBe(2147483647)
    expect(parseWholeNumber('x', '9007199254740991', PipelineVersionId)).toBe(9007199254740991)
  })
})

describe('parseRegion', () => {
  it('prefers the input, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(parseRegion('us-west-2', { AWS_REGION: 'eu-west-1' })).toBe('us-west-2')
    expect(parseRegion('', { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' })).toBe(
      'eu-west-1'
    )
    expect(parseRegion('', { AWS_DEFAULT_REGION: 'ap-south-1' })).toBe('ap-south-1')
    expect(parseRegion('', { AWS_REGION: 'us-gov-west-1' })).toBe('us-gov-west-1')
  })

  it('explains a missing or malformed region', () => {
    expect(errorOf(() => parseRegion('', {})).message).toContain('configure-aws-credentials')
    expect(errorOf(() => parseRegion('US East', {})).message).toContain('such as us-east-1')
  })
})

describe('unusual text', () => {
  it('rejects an alias with no anchor before it', () => {
    const error = errorOf(() => parseParameters('A: &lr 0.05\nB: *learning-rate'))
    expect(error.message).toContain('is the alias *learning-rate, but no anchor &learning-rate')
  })

  it('hashes a token of 16 emoji: 32 UTF-16 units, but 16 characters to SageMaker', () => {
    // printf '🚀%.0s' {1..16} | sha256sum (the 64 bytes of UTF-8)
    expect(toClientRequestToken('🚀'.repeat(16))).toBe(
      '39673cf824f77ab9508a8851d5fa889c8421f62129c42dec5cb2689adb755da6'
    )
  })

  it('accepts a description of 3072 emoji', () => {
    expect(parse({ description: '🚀'.repeat(3072) }).settings.description).toBe('🚀'.repeat(3072))
    expect(errorOf(() => parse({ description: '🚀'.repeat(3073) })).message).toContain(
      'is 3073 characters long'
    )
  })
})
