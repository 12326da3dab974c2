// One handler per SageMaker operation; the server validates bodies against the model first.
import { pipelineArn } from './arns.js'
import { AwsError, conflict, invalid } from './aws-error.js'
import {
  createExecution,
  findExecution,
  sameFields,
  startFields,
  stateOf,
  stepsToRun
} from './executions.js'
import type { ExecutionRecord, StartBody } from './executions.js'
import { deployHandlers } from './deploy-operations.js'
import { handler } from './handler.js'
import type { Context, Handler, ListBody } from './handler.js'
import { paginate } from './pagination.js'
import { allStepNames, definitionParameters } from './definition-steps.js'
import { findVersion, pipelineKey, resolvePipeline } from './pipelines.js'
import type { PipelineRecord } from './pipelines.js'
import { epochSeconds } from './protocol.js'
import { stepMetadata } from './step-metadata.js'
import { registeredPackage } from './step-registrations.js'
import { layoutSteps, TERMINAL } from './timeline.js'

export type { EmulatorState } from './handler.js'

const executionsOf = (ctx: Context, pipeline: PipelineRecord): ExecutionRecord[] =>
  ctx.state.executions.filter(e => pipelineKey(e.pipelineName) === pipelineKey(pipeline.name))

const isRunning = (ctx: Context, execution: ExecutionRecord): boolean =>
  !TERMINAL.includes(stateOf(execution, ctx.now).status)

const describePipeline = handler<{ PipelineName: string; PipelineVersionId?: number }>(
  (ctx, body) => {
    const pipeline = resolvePipeline(ctx.state.pipelines, body.PipelineName)
    const version = findVersion(pipeline, body.PipelineVersionId)
    const lastRun = Math.max(...executionsOf(ctx, pipeline).map(e => e.createdAt))
    return {
      PipelineArn: pipelineArn(ctx.region, pipeline.name),
      PipelineName: pipeline.name,
      PipelineDisplayName: pipeline.displayName,
      PipelineDefinition: version.definition,
      PipelineDescription: pipeline.description,
      RoleArn: version.roleArn,
      PipelineStatus: 'Active',
      CreationTime: epochSeconds(pipeline.createdAt),
      LastModifiedTime: epochSeconds(pipeline.lastModifiedAt),
      LastRunTime: Number.isFinite(lastRun) ? epochSeconds(lastRun) : undefined,
      ParallelismConfiguration: pipeline.parallelismConfiguration,
      PipelineVersionDisplayName: version.displayName,
      PipelineVersionDescription: version.description
    }
  }
)

const startPipelineExecution = handler<StartBody>((ctx, body) => {
  const pipeline = resolvePipeline(ctx.state.pipelines, body.PipelineName)
  const request = startFields(body)
  const runs = executionsOf(ctx, pipeline)
  // Same token, same pipeline: the same execution, whatever else the request says.
  const previous = runs.find(e => e.startToken === body.ClientRequestToken)
  if (previous) {
    previous.replays.push({
      receivedAt: new Date(ctx.now),
      differs: !sameFields(previous.request, request),
      body
    })
    return { PipelineExecutionArn: previous.arn }
  }
  const version = findVersion(pipeline, request.pipelineVersionId)
  const selection = request.selectiveExecutionConfig
  const missing = (selection?.SelectedSteps ?? [])
    .map(s => s.StepName)
    .filter(name => !allStepNames(version.steps).includes(name))
  if (missing.length > 0) {
    throw invalid(`Selected steps are not in the pipeline definition: ${missing.join(', ')}`)
  }
  if (selection?.SourcePipelineExecutionArn !== undefined) {
    findExecution(ctx.state.executions, selection.SourcePipelineExecutionArn)
  }
  const limit = pipeline.maxConcurrentExecutions
  if (limit !== undefined && runs.filter(e => isRunning(ctx, e)).length >= limit) {
    throw new AwsError(
      'ResourceLimitExceeded',
      `Pipeline '${pipeline.name}' already has ${limit} running executions, its limit.`
    )
  }
  const execution = createExecution({
    pipeline,
    version,
    region: ctx.region,
    createdAt: ctx.now,
    request,
    steps: stepsToRun(version, request, step => ctx.conditionOutcomes.of(pipeline.name, step)),
    startToken: body.ClientRequestToken
  })
  ctx.state.executions.push(execution)
  return { PipelineExecutionArn: execution.arn }
})

const describePipelineExecution = handler<{ PipelineExecutionArn: string }>((ctx, body) => {
  const execution = findExecution(ctx.state.executions, body.PipelineExecutionArn)
  const state = stateOf(execution, ctx.now)
  const { request } = execution
  return {
    PipelineArn: execution.pipelineArn,
    PipelineExecutionArn: execution.arn,
    PipelineExecutionDisplayName: request.displayName ?? execution.id,
    PipelineExecutionStatus: state.status,
    PipelineExecutionDescription: request.description,
    PipelineExperimentConfig: { ExperimentName: execution.pipelineName, TrialName: execution.id },
    FailureReason: state.failureReason,
    CreationTime: epochSeconds(execution.createdAt),
    LastModifiedTime: epochSeconds(state.lastModifiedTime),
    ParallelismConfiguration: execution.parallelismConfiguration,
    SelectiveExecutionConfig: request.selectiveExecutionConfig,
    PipelineVersionId: execution.pipelineVersionId,
    MLflowConfig:
      request.mlflowExperimentName === undefined
        ? undefined
        : { MlflowExperimentName: request.mlflowExperimentName }
  }
})

interface ListExecutionsBody extends ListBody {
  PipelineName: string
  CreatedAfter?: number
  CreatedBefore?: number
  SortBy?: 'CreationTime' | 'PipelineExecutionArn'
}

const listPipelineExecutions = handler<ListExecutionsBody>((ctx, body) => {
  const pipeline = resolvePipeline(ctx.state.pipelines, body.PipelineName)
  const after = (body.CreatedAfter ?? -Infinity) * 1000
  const before = (body.CreatedBefore ?? Infinity) * 1000
  const byArn = body.SortBy === 'PipelineExecutionArn'
  const sign = body.SortOrder === 'Ascending' ? 1 : -1
  const runs = executionsOf(ctx, pipeline)
    .filter(e => e.createdAt > after && e.createdAt < before)
    .sort((a, b) => sign * (byArn ? a.arn.localeCompare(b.arn) : a.createdAt - b.createdAt))
  const page = paginate(
    runs,
    `ListPipelineExecutions:${pipelineKey(pipeline.name)}`,
    body.NextToken,
    body.MaxResults
  )
  return {
    PipelineExecutionSummaries: page.items.map(e => {
      const state = stateOf(e, ctx.now)
      return {
        PipelineExecutionArn: e.arn,
        StartTime: epochSeconds(e.createdAt),
        PipelineExecutionStatus: state.status,
        PipelineExecutionDescription: e.request.description,
        PipelineExecutionDisplayName: e.request.displayName ?? e.id,
        PipelineExecutionFailureReason: state.failureReason
      }
    }),
    NextToken: page.nextToken
  }
})

const listPipelineExecutionSteps = handler<ListBody & { PipelineExecutionArn?: string }>(
  (ctx, body) => {
    // Optional in the model, yet there is nothing to list without it.
    if (body.PipelineExecutionArn === undefined) throw invalid('PipelineExecutionArn is required.')
    const execution = findExecution(ctx.state.executions, body.PipelineExecutionArn)
    const started = stateOf(execution, ctx.now).steps
    // Steps run one after another, so run order is start-time order; newest first by default.
    const ordered = body.SortOrder === 'Ascending' ? started : [...started].reverse()
    const page = paginate(
      ordered,
      `ListPipelineExecutionSteps:${execution.arn}`,
      body.NextToken,
      body.MaxResults
    )
    return {
      PipelineExecutionSteps: page.items.map(s => ({
        StepName: s.step.name,
        StepDisplayName: s.step.displayName,
        StepStatus: s.status,
        StartTime: epochSeconds(s.startTime),
        EndTime: s.endTime === undefined ? undefined : epochSeconds(s.endTime),
        FailureReason: s.failureReason,
        AttemptCount: s.step.attempt,
        Metadata: stepMetadata(
          s,
          execution.id,
          execution.region,
          registeredPackage(ctx.state, execution.arn, s.step)?.arn
        )
      })),
      NextToken: page.nextToken
    }
  }
)

interface TokenBody {
  PipelineExecutionArn: string
  ClientRequestToken: string
}

const stopPipelineExecution = handler<TokenBody>((ctx, body) => {
  const execution = findExecution(ctx.state.executions, body.PipelineExecutionArn)
  if (execution.stopTokens.includes(body.ClientRequestToken)) {
    return { PipelineExecutionArn: execution.arn }
  }
  const { status } = stateOf(execution, ctx.now)
  if (TERMINAL.includes(status)) {
    throw conflict(`Pipeline execution '${execution.arn}' is ${status} and cannot be stopped.`)
  }
  // A second stop while Stopping changes nothing.
  execution.stop ??= { requestedAt: ctx.now, completesAt: ctx.now + ctx.stopDelayMs }
  execution.stopTokens.push(body.ClientRequestToken)
  return { PipelineExecutionArn: execution.arn }
})

type RetryBody = TokenBody & { ParallelismConfiguration?: { MaxParallelExecutionSteps: number } }

// The failed step runs again, then the steps after it. It fails again only while its failing
// attempts last (one by default).
const retryPipelineExecution = handler<RetryBody>((ctx, body) => {
  const execution = findExecution(ctx.state.executions, body.PipelineExecutionArn)
  if (execution.retryTokens.includes(body.ClientRequestToken)) {
    return { PipelineExecutionArn: execution.arn }
  }
  const state = stateOf(execution, ctx.now)
  // The service retries only failed executions.
  if (state.status !== 'Failed') {
    throw conflict(
      `Pipeline execution '${execution.arn}' is ${state.status}; only a Failed execution can be retried.`
    )
  }
  const done = state.steps.filter(s => s.status === 'Succeeded').length
  const retried = state.steps[done]
  const rerun = execution.steps.slice(done).map((step, i) => {
    const attempt = i === 0 && retried ? step.attempt + 1 : step.attempt
    return {
      name: step.name,
      type: step.type,
      displayName: step.displayName,
      durationMs: step.endAt - step.startAt,
      startingMs: step.startingMs,
      fails: i === 0 && attempt > (step.failedAttempts ?? 1) ? undefined : step.fails,
      failedAttempts: step.failedAttempts,
      attempt,
      outcome: step.outcome,
      logs: step.logs,
      model: step.model
    }
  })
  // The failed attempt's job and its logs stay, as they do in SageMaker.
  execution.pastAttempts.push(...state.steps.slice(done))
  execution.steps = [...execution.steps.slice(0, done), ...layoutSteps(rerun, ctx.now)]
  execution.stop = undefined
  execution.parallelismConfiguration =
    body.ParallelismConfiguration ?? execution.parallelismConfiguration
  execution.retryTokens.push(body.ClientRequestToken)
  return { PipelineExecutionArn: execution.arn }
})

const describePipelineDefinitionForExecution = handler<{ PipelineExecutionArn: string }>(
  (ctx, body) => {
    const execution = findExecution(ctx.state.executions, body.PipelineExecutionArn)
    return {
      PipelineDefinition: execution.definition,
      CreationTime: epochSeconds(execution.createdAt)
    }
  }
)

// Parameters as resolved for the run: those sent, then the defaults of the others.
const listPipelineParametersForExecution = handler<ListBody & { PipelineExecutionArn: string }>(
  (ctx, body) => {
    const execution = findExecution(ctx.state.executions, body.PipelineExecutionArn)
    const sent = execution.request.parameters
    const defaults = definitionParameters(execution.definition)
      .filter(p => p.DefaultValue !== undefined && !sent.some(s => s.Name === p.Name))
      .map(p => ({ Name: p.Name, Value: String(p.DefaultValue) }))
    const page = paginate(
      [...sent, ...defaults],
      `ListPipelineParametersForExecution:${execution.arn}`,
      body.NextToken,
      body.MaxResults
    )
    return { PipelineParameters: page.items, NextToken: page.nextToken }
  }
)

export const handlers: Readonly<Record<string, Handler>> = {
  DescribePipeline: describePipeline,
  StartPipelineExecution: startPipelineExecution,
  DescribePipelineExecution: describePipelineExecution,
  ListPipelineExecutions: listPipelineExecutions,
  ListPipelineExecutionSteps: listPipelineExecutionSteps,
  StopPipelineExecution: stopPipelineExecution,
  RetryPipelineExecution: retryPipelineExecution,
  DescribePipelineDefinitionForExecution: describePipelineDefinitionForExecution,
  ListPipelineParametersForExecution: listPipelineParametersForExecution,
  ...deployHandlers
}
