// Reads the action's inputs once and turns them into typed, checked settings. Every rule comes
// from the API model (constraints.ts), so nothing SageMaker would reject is ever sent.
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type YAMLError
} from 'yaml'
import {
  IdempotencyToken,
  MaxParallelExecutionSteps,
  MlflowExperimentEntityName,
  ParameterList,
  ParameterValue,
  PipelineExecutionArn,
  PipelineExecutionDescription,
  PipelineExecutionName,
  PipelineNameOrArn,
  PipelineParameterName,
  PipelineVersionId,
  SelectedStepList,
  SelectedStepName,
  lengthOf,
  matchesPattern
} from './constraints.js'
import { formatDuration, parseDuration } from './duration.js'
import { parseAttachTarget, type AttachTarget } from './attach-inputs.js'
import { parseRoleSettings, runIdentity, type RoleSettings } from './role-inputs.js'
import { parseDeploySettings, type DeploySettings } from './deploy-inputs.js'
import { checkList, checkString, parseWholeNumber } from './input-checks.js'
import { InputError, showValue } from './input-error.js'
import { DEFAULT_MAX_POLL_INTERVAL_MS } from './schedule.js'
import { sha256Hex } from './tokens.js'

export interface Parameter {
  Name: string
  Value: string
}

export interface Settings {
  pipelineName: string
  /** Undefined means the commit SHA. */
  displayName?: string
  /** Undefined means the default line naming the run. */
  description?: string
  parameters: Parameter[]
  /** Names written in `parameters` with no value: not sent, so the pipeline's defaults apply. */
  parametersLeftOut: string[]
  /** Undefined means the commit SHA. */
  clientRequestToken?: string
  maxParallelExecutionSteps?: number
  selectedSteps?: string[]
  sourcePipelineExecutionArn?: string
  pipelineVersionId?: number
  mlflowExperimentName?: string
  region: string
  /** Resume an execution of this commit that failed, rather than only report it. */
  retryFailed: boolean
  /** Check parameters and selected steps against the pipeline's definition before the start. */
  validateParameters: boolean
  /** Do everything but start the execution. */
  dryRun: boolean
  wait: WaitSettings
  /** Deploy this definition file first, and run the version that holds it. */
  deploy?: DeploySettings
  /** Follow this execution instead of starting one. */
  attach?: AttachTarget
  /** Credentials of the action's own, from the job's OIDC token, renewed while it runs. */
  role?: RoleSettings
}

interface WaitSettings {
  enabled: boolean
  /** No limit of the action's own when undefined. */
  timeoutMs?: number
  stopOnCancel: boolean
  stopOnTimeout: boolean
  maxPollIntervalMs: number
}

interface ParsedInputs {
  settings: Settings
  /** Inputs that were changed to make them valid: each becomes a warning. */
  warnings: string[]
  /** Worth a line in the log, but not a warning. */
  notes: string[]
}

/** Returns an input's value, trimmed; empty when not set (as `core.getInput` does). */
type InputReader = (name: string) => string

const PARAMETERS_MAX_CHARS = 1024 * 1024

export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv): ParsedInputs {
  const warnings: string[] = []
  const notes: string[] = []

  const attach = parseAttachTarget(read)
  const pipelineName = attach?.pipelineName ?? read('pipeline-name')
  if (pipelineName === '')
    throw new InputError(
      'pipeline-name',
      'is required: the name or ARN of the pipeline (or, to follow an execution started elsewhere, give pipeline-execution-arn instead).'
    )
  checkString('pipeline-name', pipelineName, PipelineNameOrArn, PIPELINE_NAME_RULE)

  const displayName = optional(read('display-name'), text => {
    const valid = toDisplayName(text)
    if (valid === text) return text
    warnings.push(
      valid === ''
        ? `display-name ${showValue(text)} has no letters or digits; using the commit SHA instead.`
        : `display-name ${showValue(text)} changed to "${valid}": SageMaker allows only letters, digits and hyphens, at most ${PipelineExecutionName.max} characters.`
    )
    return valid === '' ? undefined : valid
  })

  const description = optional(read('description'), text => {
    checkString('description', text, PipelineExecutionDescription, 'must be a single line.')
    return text
  })

  const clientRequestToken = optional(read('client-request-token'), text => {
    const token = toClientRequestToken(text)
    if (token !== text)
      notes.push(
        `client-request-token is ${lengthOf(text)} characters long, outside SageMaker's ${IdempotencyToken.min}-${IdempotencyToken.max}; sending its SHA-256 digest ${token} instead (the same text always gives the same token).`
      )
    return token
  })

  const selectedSteps = optional(read('selected-steps'), parseSelectedSteps)
  const sourcePipelineExecutionArn = optional(read('source-pipeline-execution-arn'), text => {
    checkString(
      'source-pipeline-execution-arn',
      text,
      PipelineExecutionArn,
      'must be a pipeline execution ARN (arn:aws:sagemaker:REGION:ACCOUNT:pipeline/NAME/execution/ID).'
    )
    return text
  })
  if (sourcePipelineExecutionArn !== undefined && selectedSteps === undefined)
    throw new InputError(
      'source-pipeline-execution-arn',
      'needs selected-steps: a selective execution reuses the outputs of the steps that are not selected.'
    )

  const parameters = parseParameters(read('parameters'))
  warnings.push(...parameters.warnings)
  notes.push(...parameters.notes)

  return {
    settings: {
      pipelineName,
      displayName,
      description,
      parameters: parameters.parameters,
      parametersLeftOut: parameters.leftOut ?? [],
      clientRequestToken,
      maxParallelExecutionSteps: optional(read('max-parallel-execution-steps'), text =>
        parseWholeNumber('max-parallel-execution-steps', text, MaxParallelExecutionSteps)
      ),
      selectedSteps,
      sourcePipelineExecutionArn,
      pipelineVersionId: optional(read('pipeline-version-id'), text =>
        parseWholeNumber('pipeline-version-id', text, PipelineVersionId)
      ),
      mlflowExperimentName: optional(read('mlflow-experiment-name'), text => {
        checkString(
          'mlflow-experiment-name',
          text,
          MlflowExperimentEntityName,
          'must be a single line.'
        )
        return text
      }),
      region: attach?.region ?? parseRegion(read('aws-region'), env),
      retryFailed: parseBoolean('retry-failed', read('retry-failed'), true),
      validateParameters: parseBoolean('validate-parameters', read('validate-parameters'), true),
      dryRun: parseBoolean('dry-run', read('dry-run'), false),
      wait: parseWaitSettings(read),
      deploy: parseDeploySettings(read, pipelineName),
      attach,
      role: parseRoleSettings(read, runIdentity(env))
    },
    warnings,
    notes
  }
}

/** The shortest `max-poll-interval`: below it, polls would only spend the API rate limit. */
const MIN_POLL_INTERVAL_MS = 1000

function parseWaitSettings(read: InputReader): WaitSettings {
  return {
    enabled: parseBoolean('wait', read('wait'), false),
    timeoutMs: optional(read('wait-timeout'), text =>
      parseDurationInput('wait-timeout', text, 1000)
    ),
    stopOnCancel: parseBoolean('stop-on-cancel', read('stop-on-cancel'), true),
    stopOnTimeout: parseBoolean('stop-on-timeout', read('stop-on-timeout'), true),
    maxPollIntervalMs:
      optional(read('max-poll-interval'), text =>
        parseDurationInput('max-poll-interval', text, MIN_POLL_INTERVAL_MS)
      ) ?? DEFAULT_MAX_POLL_INTERVAL_MS
  }
}

/** The spellings of the YAML 1.2 core schema, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(input: string, text: string, fallback: boolean): boolean {
  if (text === '') return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(input, 'must be true or false.', text)
}

const LONGEST_DURATION_MS = 35 * 86_400_000

/** A duration such as `45s`, `30m`, `2h` or `1h30m`; a bare number means minutes. */
function parseDurationInput(input: string, text: string, minMs: number): number {
  const ms = parseDuration(text)
  if (ms === undefined)
    throw new InputError(
      input,
      'must be a duration such as 45s, 30m, 2h or 1h30m (a bare number means minutes).',
      text
    )
  if (ms < minMs || ms > LONGEST_DURATION_MS)
    throw new InputError(
      input,
      `must be from ${formatDuration(minMs)} to ${formatDuration(LONGEST_DURATION_MS)}.`,
      text
    )
  return ms
}

const PIPELINE_NAME_RULE =
  'must be a pipeline name (letters, digits and hyphens, starting and ending with a letter or digit, at most 256) or a pipeline ARN (arn:aws:sagemaker:REGION:ACCOUNT:pipeline/NAME).'

interface ParsedParameters {
  /** What is sent: every parameter given a value. */
  parameters: Parameter[]
  /** The names written with no value, left out of the request; only when there are some. */
  leftOut?: string[]
  warnings: string[]
  notes: string[]
}

/** A parameter as written: its name, its value's node, and the key that holds the value. */
interface WrittenParameter {
  name: string
  value: unknown
  /** The name itself in a mapping, `Value` in the list form: what a suggested fix writes. */
  key: string
}

/**
 * Parses `parameters`: a YAML mapping of name to value (flow style covers JSON objects), or a list
 * of {Name, Value} as in the API. The failsafe schema keeps every scalar as the text the user
 * wrote, so `10` stays "10" and `0.050` stays "0.050". A parameter written with no value at all is
 * left out, so the pipeline's default applies; `""` is an empty string, which SageMaker accepts.
 */
export function parseParameters(text: string): ParsedParameters {
  const parsed: ParsedParameters = { parameters: [], warnings: [], notes: [] }
  if (text.trim() === '') return parsed
  if (text.length > PARAMETERS_MAX_CHARS)
    throw new InputError(
      'parameters',
      `is ${text.length} characters long; at most ${PARAMETERS_MAX_CHARS} are read.`
    )

  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    schema: 'failsafe',
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: true,
    lineCounter
  })
  const [error] = doc.errors
  if (error) throw yamlError(text, error, lineCounter)

  const scalar = scalarReader(doc)
  const written = isSeq(doc.contents)
    ? doc.contents.items.map((item, index) => parameterFromListItem(item, index, scalar))
    : isMap(doc.contents)
      ? doc.contents.items.map(pair => {
          const name = scalar(pair.key, 'a parameter name')
          return { name, value: pair.value, key: name }
        })
      : notAMapping()

  const seen = new Set<string>()
  for (const { name, value, key } of written) {
    checkString(
      'parameters',
      name,
      PipelineParameterName,
      'a parameter name must be letters, digits, hyphens and underscores, 1 to 256 characters.',
      'parameter name'
    )
    if (seen.has(name))
      throw new InputError(
        'parameters',
        `names ${JSON.stringify(name)} twice; each parameter may be given once.`
      )
    seen.add(name)

    const valueText = hasNoValue(doc, value)
      ? undefined
      : scalar(value, `the value of ${JSON.stringify(name)}`)
    const comment = commentOnValueLine(text, value)
    if (comment !== undefined) parsed.warnings.push(commentWarning(name, key, valueText, comment))
    if (valueText === undefined) {
      parsed.leftOut = [...(parsed.leftOut ?? []), name]
      parsed.notes.push(
        `parameters: ${JSON.stringify(name)} has no value, so it is left out of the request and the pipeline's default applies. To send an empty string, write ${key}: "".`
      )
      continue
    }
    checkString(
      'parameters',
      valueText,
      ParameterValue,
      `the value of ${JSON.stringify(name)} may be at most ${ParameterValue.max} characters.`,
      `value of ${JSON.stringify(name)}`
    )
    parsed.parameters.push({ Name: name, Value: valueText })
  }
  checkList('parameters', parsed.parameters.length, ParameterList, 'parameters')
  return parsed
}

/**
 * No value written at all (`Tag:`, `{Tag}`): YAML then composes an empty node of its own, with no
 * source token behind it. `Tag: ""` has one, and so has `Tag: null`, which the failsafe schema
 * keeps as the text "null".
 */
function hasNoValue(doc: Document, node: unknown): boolean {
  if (node === null || node === undefined) return true
  const target = isAlias(node) ? node.resolve(doc) : node
  return isScalar(target) && target.srcToken === undefined
}

/**
 * The comment YAML found on the same line as a plain value (`run #7`), which it drops without a
 * word; with the blanks before it. The parser attaches a comment on the lines below to the value
 * too: the value's source range tells the two apart. A quoted or block value ends where the user
 * said, so a comment after it is meant as one.
 */
function commentOnValueLine(text: string, node: unknown): string | undefined {
  if (!isScalar(node) || node.type !== 'PLAIN' || node.comment === undefined) return undefined
  const valueEnd = node.range?.[1]
  if (valueEnd === undefined) return undefined
  let start = valueEnd
  while (text[start] === ' ' || text[start] === '\t') start++
  if (text[start] !== '#') return undefined
  let end = start
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++
  return text.slice(valueEnd, end)
}

function commentWarning(
  name: string,
  key: string,
  value: string | undefined,
  blanksAndComment: string
): string {
  const comment = blanksAndComment.trimStart()
  const outcome =
    value === undefined
      ? `${JSON.stringify(name)} has no value and is left out`
      : `${showValue(value)} is sent`
  const whole = value === undefined ? comment : value + blanksAndComment
  return `parameters: YAML reads ${showValue(comment)} after the value of ${JSON.stringify(name)} as a comment and drops it, so ${outcome}. To send the whole text, quote it: ${key}: ${JSON.stringify(whole)} (a comment meant as one goes on a line of its own).`
}

/** Where the YAML broke, and for the commonest cause, a `: ` or ` #` in a value, the fix. */
function yamlError(text: string, error: YAMLError, lineCounter: LineCounter): InputError {
  const { line, col } = lineCounter.linePos(error.pos[0])
  const lineText = text
    .slice(lineCounter.lineStarts[line - 1], lineCounter.lineStarts[line])
    .trimEnd()
  const hint = quotingHint(lineText)
  return new InputError(
    'parameters',
    `is not valid YAML at line ${line}, column ${col}: ${firstLine(error.message)}.${hint === undefined ? '' : ` ${hint}`}`
  )
}

/**
 * The fix for the line YAML broke on, when it holds `: ` (read as a nested mapping) or ` #` (read
 * as the start of a comment) in a plain value: the value quoted.
 */
function quotingHint(line: string): string | undefined {
  const [, key, value] = /^\s*(?:-\s+)?([A-Za-z0-9_-]+):[ \t]+(.+)$/.exec(line) ?? []
  // A value too long to send would fail anyway: no point in quoting it.
  const quotable =
    key !== undefined &&
    value !== undefined &&
    lengthOf(value) <= ParameterValue.max &&
    !/^["'{[|>&*!]/.test(value) &&
    (value.includes(': ') || value.includes(' #'))
  if (quotable)
    return `To pass ${showValue(value)} as one value, quote it: ${key}: ${JSON.stringify(value)}`
  if (line.includes(' #'))
    return 'YAML reads " #" and the rest of its line as a comment: quote a value that holds it.'
  return undefined
}

function notAMapping(): never {
  throw new InputError(
    'parameters',
    'must be a YAML mapping of name to value (Name: value), or a list of {Name, Value}.'
  )
}

function parameterFromListItem(
  item: unknown,
  index: number,
  scalar: ScalarReader
): WrittenParameter {
  const where = `item ${index + 1} of the list`
  if (!isMap(item))
    throw new InputError('parameters', `${where} must be a mapping with Name and Value.`)
  const fields = new Map<string, unknown>()
  for (const pair of item.items) {
    const key = scalar(pair.key, `a key in ${where}`)
    if (key !== 'Name' && key !== 'Value')
      throw new InputError(
        'parameters',
        `${where} has the key ${JSON.stringify(key)}; only Name and Value are allowed.`
      )
    if (fields.has(key)) throw new InputError('parameters', `${where} has ${key} twice.`)
    fields.set(key, pair.value)
  }
  if (!fields.has('Name') || !fields.has('Value'))
    throw new InputError('parameters', `${where} must have both Name and Value.`)
  return {
    name: scalar(fields.get('Name'), `the Name of ${where}`),
    value: fields.get('Value'),
    key: 'Value'
  }
}

type ScalarReader = (node: unknown, what: string) => string

/**
 * Reads the text of a scalar node; a mapping or list where a scalar belongs is an error. Aliases
 * are resolved one level only (to a scalar), so no alias ever expands into a structure.
 */
function scalarReader(doc: Document): ScalarReader {
  return function scalar(node, what) {
    if (node === null || node === undefined) return ''
    if (isAlias(node)) {
      const target = node.resolve(doc)
      if (target === undefined)
        throw new InputError(
          'parameters',
          `${what} is the alias *${node.source}, but no anchor &${node.source} comes before it.`
        )
      return scalar(target, what)
    }
    if (isScalar(node)) return String(node.value ?? '')
    const kind = isMap(node) ? 'a mapping' : isSeq(node) ? 'a list' : 'not a plain value'
    throw new InputError(
      'parameters',
      `${what} is ${kind}; parameter names and values must be plain values (quote them to pass JSON text).`
    )
  }
}

/** Splits `selected-steps` on newlines and commas. */
export function parseSelectedSteps(text: string): string[] {
  const steps = [
    ...new Set(
      text
        .split(/[\n,]/)
        .map(step => step.trim())
        .filter(step => step !== '')
    )
  ]
  checkList('selected-steps', steps.length, SelectedStepList, 'step names')
  for (const step of steps)
    checkString(
      'selected-steps',
      step,
      SelectedStepName,
      `each step name may be at most ${SelectedStepName.max} characters.`,
      'step name'
    )
  return steps
}

/**
 * Makes any text a valid execution display name: every run of characters SageMaker does not
 * allow becomes one hyphen (so `feature/my_branch` becomes `feature-my-branch`), then it is
 * trimmed and cut. Returns '' when nothing usable is left.
 */
export function toDisplayName(text: string): string {
  if (matchesPattern(PipelineExecutionName, text)) return text
  return text
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, PipelineExecutionName.max)
    .replace(/-+$/, '')
}

/** A token of the length SageMaker accepts; other text becomes its SHA-256 hex, deterministically. */
export function toClientRequestToken(text: string): string {
  const length = lengthOf(text)
  if (length >= IdempotencyToken.min && length <= IdempotencyToken.max) return text
  return sha256Hex(text)
}

/** The region: the input, else AWS_REGION, else AWS_DEFAULT_REGION (what configure-aws-credentials sets). */
export function parseRegion(input: string, env: NodeJS.ProcessEnv): string {
  const region = input || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || ''
  if (region === '')
    throw new InputError(
      'aws-region',
      'is not set, and neither is AWS_REGION nor AWS_DEFAULT_REGION: set aws-region, or run aws-actions/configure-aws-credentials with aws-region first.'
    )
  if (!/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(region))
    throw new InputError('aws-region', 'must be an AWS region code such as us-east-1.', region)
  return region
}

function optional<T>(text: string, parse: (text: string) => T): T | undefined {
  return text === '' ? undefined : parse(text)
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text
}
