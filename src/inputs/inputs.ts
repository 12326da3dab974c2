// Reads the action's inputs once and turns them into typed, checked settings. Every rule comes
// from the API model (constraints.ts), so nothing SageMaker would reject is ever sent.
import {
  IdempotencyToken,
  MaxParallelExecutionSteps,
  MlflowExperimentEntityName,
  PipelineExecutionArn,
  PipelineExecutionDescription,
  PipelineExecutionName,
  PipelineNameOrArn,
  PipelineVersionId,
  SelectedStepList,
  SelectedStepName,
  lengthOf,
  matchesPattern
} from '../constraints.js'
import { formatDuration, parseDuration } from '../duration.js'
import { parseAttachTarget, type AttachTarget } from './attach-inputs.js'
import { parseRoleSettings, runIdentity, type RoleSettings } from './role-inputs.js'
import { parseDeploySettings, type DeploySettings } from './deploy-inputs.js'
import { parseLogSettings, type LogSettings } from './log-inputs.js'
import { parseReportSettings, type ReportSettings } from './report-inputs.js'
import { parseParameters, type Parameter } from './parameter-inputs.js'
import { checkList, checkString, parseBoolean, parseWholeNumber } from './input-checks.js'
import { InputError, showValue } from './input-error.js'
import { DEFAULT_MAX_POLL_INTERVAL_MS } from '../schedule.js'
import { sha256Hex } from '../tokens.js'

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
  /** Which steps' CloudWatch log lines to show. */
  logs: LogSettings
  /** Where on GitHub to report the execution: a pull-request comment, a commit status. */
  report?: ReportSettings
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

  const logs = parseLogSettings(read)
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
      role: parseRoleSettings(read, runIdentity(env)),
      logs,
      report: parseReportSettings(read)
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
