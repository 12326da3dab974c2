import { randomUUID } from 'node:crypto'
import { executionArn, newExecutionId, pipelineArn } from './arns.js'
import { notFound } from './aws-error.js'
import type { ConditionOutcomes } from './condition-outcomes.js'
import { definitionParameters, planSteps } from './definition-steps.js'
import { findVersion } from './pipelines.js'
import type { PipelineRecord, PipelineVersion } from './pipelines.js'
import { executionState, layoutSteps } from './timeline.js'
import type { ExecutionState, PlannedStep, StepState, StepTiming, StopRequest } from './timeline.js'
import type {
  ConditionOutcome,
  ExecutionSeed,
  ExecutionSnapshot,
  StartFields,
  StartReplay,
  SelectiveExecutionConfig
} from './types.js'

export interface ExecutionRecord {
  arn: string
  id: string
  pipelineName: string
  pipelineArn: string
  region: string
  createdAt: number
  /** The definition of the version it runs. */
  definition: string
  pipelineVersionId: number
  request: StartFields
  /** From the request, or the last RetryPipelineExecution that overrode it. */
  parallelismConfiguration?: StartFields['parallelismConfiguration']
  steps: PlannedStep[]
  /** Steps (as they ended) that a RetryPipelineExecution replaced with a new attempt. */
  pastAttempts: StepState[]
  stop?: StopRequest
  startToken: string
  stopTokens: string[]
  retryTokens: string[]
  replays: StartReplay[]
  seeded: boolean
}

/** The body of StartPipelineExecution, once it passed model validation. */
export interface StartBody {
  PipelineName: string
  ClientRequestToken: string
  PipelineExecutionDisplayName?: string
  PipelineExecutionDescription?: string
  PipelineParameters?: Array<{ Name: string; Value: string }>
  ParallelismConfiguration?: { MaxParallelExecutionSteps: number }
  SelectiveExecutionConfig?: SelectiveExecutionConfig
  PipelineVersionId?: number
  MlflowExperimentName?: string
}

export function startFields(body: StartBody): StartFields {
  return {
    displayName: body.PipelineExecutionDisplayName,
    description: body.PipelineExecutionDescription,
    parameters: body.PipelineParameters ?? [],
    parallelismConfiguration: body.ParallelismConfiguration,
    selectiveExecutionConfig: body.SelectiveExecutionConfig,
    pipelineVersionId: body.PipelineVersionId,
    mlflowExperimentName: body.MlflowExperimentName
  }
}

/** Whether two requests ask for the same run (key order does not matter). */
export const sameFields = (a: StartFields, b: StartFields): boolean =>
  stableJson(a) === stableJson(b)

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export interface NewExecution {
  pipeline: PipelineRecord
  version: PipelineVersion
  region: string
  createdAt: number
  request: StartFields
  steps: StepTiming[]
  startToken: string
  seeded?: boolean
}

export function createExecution(input: NewExecution): ExecutionRecord {
  const id = newExecutionId()
  return {
    arn: executionArn(input.region, input.pipeline.name, id),
    id,
    pipelineName: input.pipeline.name,
    pipelineArn: pipelineArn(input.region, input.pipeline.name),
    region: input.region,
    createdAt: input.createdAt,
    definition: input.version.definition,
    // A pipeline that is not strictVersions runs its latest version for an id it never had.
    pipelineVersionId: input.request.pipelineVersionId ?? input.version.id,
    request: input.request,
    parallelismConfiguration: input.request.parallelismConfiguration,
    steps: layoutSteps(input.steps, input.createdAt),
    pastAttempts: [],
    startToken: input.startToken,
    stopTokens: [],
    retryTokens: [],
    replays: [],
    seeded: input.seeded ?? false
  }
}

/**
 * The steps an execution of the version runs: those of the branches its Condition steps select,
 * and of those only the selected ones for a selective execution.
 */
export function stepsToRun(
  version: PipelineVersion,
  request: StartFields,
  outcomeOf: (conditionStep: string) => ConditionOutcome
): StepTiming[] {
  const parameters = new Map(
    definitionParameters(version.definition)
      .filter(p => p.DefaultValue !== undefined)
      .map(p => [p.Name, String(p.DefaultValue)])
  )
  for (const sent of request.parameters) parameters.set(sent.Name, sent.Value)
  const steps = planSteps(version.steps, { outcomeOf, parameters })
  const selected = request.selectiveExecutionConfig?.SelectedSteps.map(s => s.StepName)
  return selected ? steps.filter(s => selected.includes(s.name)) : steps
}

const DAY_MS = 24 * 60 * 60 * 1000

/** An execution that already reached `seed.status` by `now`, as if started at its creation time. */
export function seededExecution(
  pipeline: PipelineRecord,
  seed: ExecutionSeed,
  region: string,
  now: number,
  outcomes: ConditionOutcomes
): ExecutionRecord {
  const createdAt = Number(seed.creationTime ?? now - DAY_MS)
  const request: StartFields = {
    displayName: seed.displayName,
    description: seed.description,
    parameters: seed.parameters ?? [],
    parallelismConfiguration: seed.parallelismConfiguration,
    selectiveExecutionConfig: seed.selectiveExecutionConfig,
    pipelineVersionId: seed.pipelineVersionId,
    mlflowExperimentName: seed.mlflowExperimentName
  }
  const version = findVersion(pipeline, seed.pipelineVersionId)
  const steps = stepsToRun(version, request, step => outcomes.of(pipeline.name, step))
  const plan = seededPlan(steps, seed, Math.max(0, now - createdAt))
  const record = createExecution({
    pipeline,
    version,
    region,
    createdAt,
    request,
    steps: plan.steps,
    startToken: seed.token ?? randomUUID(),
    seeded: true
  })
  if (plan.stopAfterMs !== undefined) {
    const at = createdAt + plan.stopAfterMs
    record.stop = { requestedAt: at, completesAt: at }
  }
  return record
}

function seededPlan(
  steps: StepTiming[],
  seed: ExecutionSeed,
  elapsedMs: number
): { steps: StepTiming[]; stopAfterMs?: number } {
  // Finished runs are squeezed into the time between creation and now.
  const fit = (run: StepTiming[]): StepTiming[] =>
    run.map(s => ({ ...s, durationMs: Math.min(s.durationMs, elapsedMs / run.length) }))
  const [first] = steps
  if (seed.status === 'Succeeded') return { steps: fit(steps) }
  if (!first) throw new Error(`Cannot seed a ${seed.status} execution of a pipeline without steps`)
  switch (seed.status) {
    case 'Executing':
      return { steps: [{ ...first, durationMs: Infinity }] }
    case 'Stopped':
      return { steps, stopAfterMs: Math.min(first.durationMs, elapsedMs) / 2 }
    case 'Failed': {
      const failedAt =
        seed.failedStep === undefined
          ? steps.length - 1
          : steps.findIndex(s => s.name === seed.failedStep)
      if (failedAt < 0) throw new Error(`The pipeline has no step ${seed.failedStep}`)
      const reason = seed.failureReason ?? 'Seeded failure'
      return {
        steps: fit(steps.slice(0, failedAt + 1)).map((s, i) =>
          i === failedAt ? { ...s, fails: reason, failedAttempts: seed.failedAttempts } : s
        )
      }
    }
  }
}

export function findExecution(
  executions: readonly ExecutionRecord[],
  arn: string
): ExecutionRecord {
  const execution = executions.find(e => e.arn === arn.toLowerCase())
  if (!execution) throw notFound(`Pipeline execution '${arn}' does not exist.`)
  return execution
}

export const stateOf = (execution: ExecutionRecord, now: number): ExecutionState =>
  executionState(execution.createdAt, execution.steps, execution.stop, now)

export function snapshot(execution: ExecutionRecord, now: number): ExecutionSnapshot {
  const state = stateOf(execution, now)
  return {
    arn: execution.arn,
    id: execution.id,
    pipelineName: execution.pipelineName,
    pipelineArn: execution.pipelineArn,
    displayName: execution.request.displayName ?? execution.id,
    status: state.status,
    failureReason: state.failureReason,
    creationTime: new Date(execution.createdAt),
    lastModifiedTime: new Date(state.lastModifiedTime),
    pipelineVersionId: execution.pipelineVersionId,
    request: execution.request,
    startToken: execution.startToken,
    stopTokens: [...execution.stopTokens],
    retryTokens: [...execution.retryTokens],
    replays: [...execution.replays],
    seeded: execution.seeded,
    steps: state.steps.map(s => ({
      name: s.step.name,
      type: s.step.type,
      status: s.status,
      startTime: new Date(s.startTime),
      endTime: s.endTime === undefined ? undefined : new Date(s.endTime),
      failureReason: s.failureReason,
      attemptCount: s.step.attempt
    }))
  }
}
