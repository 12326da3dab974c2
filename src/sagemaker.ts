// The SageMaker calls the action makes, each as one function of the client from client.ts.
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineParametersForExecutionCommand,
  ListPipelineVersionsCommand,
  RetryPipelineExecutionCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdatePipelineCommand,
  UpdatePipelineVersionCommand,
  type CreatePipelineCommandInput,
  type DescribePipelineExecutionCommandOutput,
  type StartPipelineExecutionCommandInput,
  type UpdatePipelineCommandInput,
  type UpdatePipelineVersionCommandInput
} from '@aws-sdk/client-sagemaker'
import type { SageMaker } from './client.js'
import type { Parameter } from './inputs/parameter-inputs.js'
import { isStepDone, toStepRecord, type StepRecord } from './steps.js'

/** Starts the execution; the SDK sends the same ClientRequestToken on every retry. */
export async function startExecution(
  sagemaker: SageMaker,
  request: StartPipelineExecutionCommandInput
): Promise<string> {
  const { PipelineExecutionArn } = await sagemaker.client.send(
    new StartPipelineExecutionCommand(request)
  )
  if (!PipelineExecutionArn)
    throw new Error('SageMaker accepted the start but returned no PipelineExecutionArn.')
  return PipelineExecutionArn
}

export async function describeExecution(
  sagemaker: SageMaker,
  arn: string,
  abortSignal?: AbortSignal
): Promise<DescribePipelineExecutionCommandOutput> {
  return sagemaker.client.send(
    new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }),
    { abortSignal }
  )
}

/** The pipeline's definition (JSON text), as of the version that would run. */
export async function describePipelineDefinition(
  sagemaker: SageMaker,
  pipelineName: string,
  pipelineVersionId: number | undefined
): Promise<string | undefined> {
  const pipeline = await sagemaker.client.send(
    new DescribePipelineCommand({
      PipelineName: pipelineName,
      ...(pipelineVersionId !== undefined && { PipelineVersionId: pipelineVersionId })
    })
  )
  return pipeline.PipelineDefinition
}

/** The most a page of ListPipelineExecutionSteps may hold. */
const STEPS_PAGE_SIZE = 100

/**
 * The execution's steps, newest first. Pages are read only as far as something may have changed:
 * once a page holds only steps that had already ended at the last look, and every step still
 * running then has been seen again, the older pages cannot hold news. A long pipeline then costs
 * one call a look, not one a hundred steps.
 */
export async function listSteps(
  sagemaker: SageMaker,
  arn: string,
  known: ReadonlyMap<string, StepRecord>,
  abortSignal?: AbortSignal
): Promise<StepRecord[]> {
  const steps: StepRecord[] = []
  const running = new Set([...known.values()].filter(step => !isStepDone(step)).map(s => s.name))
  let NextToken: string | undefined
  do {
    const page = await sagemaker.client.send(
      new ListPipelineExecutionStepsCommand({
        PipelineExecutionArn: arn,
        SortOrder: 'Descending',
        MaxResults: STEPS_PAGE_SIZE,
        NextToken
      }),
      { abortSignal }
    )
    const records = (page.PipelineExecutionSteps ?? []).map(toStepRecord)
    steps.push(...records)
    records.forEach(step => running.delete(step.name))
    const unchanged = records.every(step => {
      const before = known.get(step.name)
      return before && isStepDone(before) && before.attemptCount === step.attemptCount
    })
    if (unchanged && running.size === 0 && records.length > 0) {
      // Older steps are as they were: keep them from the last look.
      const seen = new Set(steps.map(step => step.name))
      steps.push(...[...known.values()].filter(step => !seen.has(step.name)))
      break
    }
    NextToken = page.NextToken
  } while (NextToken)
  return steps
}

/**
 * Asks SageMaker to stop the execution. The token makes a repeated request (the main step's and
 * then the post step's) one stop.
 */
export async function stopExecution(
  sagemaker: SageMaker,
  arn: string,
  token: string,
  abortSignal?: AbortSignal
): Promise<void> {
  await sagemaker.client.send(
    new StopPipelineExecutionCommand({ PipelineExecutionArn: arn, ClientRequestToken: token }),
    { abortSignal }
  )
}

/**
 * Resumes a failed execution from its failed steps; the steps that succeeded keep their results.
 * The ARN stays the same.
 */
export async function retryExecution(
  sagemaker: SageMaker,
  arn: string,
  token: string,
  maxParallelExecutionSteps: number | undefined
): Promise<void> {
  await sagemaker.client.send(
    new RetryPipelineExecutionCommand({
      PipelineExecutionArn: arn,
      ClientRequestToken: token,
      ...(maxParallelExecutionSteps !== undefined && {
        ParallelismConfiguration: { MaxParallelExecutionSteps: maxParallelExecutionSteps }
      })
    })
  )
}

/** ListPipelineParametersForExecution's largest page (MaxResults). */
const PARAMETERS_PAGE_SIZE = 100

/**
 * The parameters an execution ran with, as SageMaker resolved them: those its start sent and the
 * defaults of the others. At most 200 (ParameterList), so two pages.
 */
export async function listExecutionParameters(
  sagemaker: SageMaker,
  arn: string
): Promise<Parameter[]> {
  const parameters: Parameter[] = []
  let NextToken: string | undefined
  do {
    const page = await sagemaker.client.send(
      new ListPipelineParametersForExecutionCommand({
        PipelineExecutionArn: arn,
        MaxResults: PARAMETERS_PAGE_SIZE,
        NextToken
      })
    )
    for (const { Name, Value } of page.PipelineParameters ?? [])
      if (Name !== undefined) parameters.push({ Name, Value: Value ?? '' })
    NextToken = page.NextToken
  } while (NextToken)
  return parameters
}

/** A pipeline version as ListPipelineVersions tells it. */
export interface VersionSummary {
  id: number
  /** The label: the action writes the commit SHA into the versions it creates. */
  displayName?: string
  pipelineArn?: string
}

/** The first page of the pipeline's versions, newest first (or oldest first). */
export async function listPipelineVersions(
  sagemaker: SageMaker,
  pipelineName: string,
  { oldestFirst = false, maxResults = 100 } = {}
): Promise<VersionSummary[]> {
  const page = await sagemaker.client.send(
    new ListPipelineVersionsCommand({
      PipelineName: pipelineName,
      SortOrder: oldestFirst ? 'Ascending' : 'Descending',
      MaxResults: maxResults
    })
  )
  return (page.PipelineVersionSummaries ?? []).flatMap(summary =>
    summary.PipelineVersionId === undefined
      ? []
      : [
          {
            id: summary.PipelineVersionId,
            displayName: summary.PipelineVersionDisplayName,
            pipelineArn: summary.PipelineArn
          }
        ]
  )
}

/** One version of the pipeline: its definition and role. */
export async function describePipelineVersion(
  sagemaker: SageMaker,
  pipelineName: string,
  versionId: number
): Promise<{ definition?: string; roleArn?: string; pipelineArn?: string }> {
  const pipeline = await sagemaker.client.send(
    new DescribePipelineCommand({ PipelineName: pipelineName, PipelineVersionId: versionId })
  )
  return {
    definition: pipeline.PipelineDefinition,
    roleArn: pipeline.RoleArn,
    pipelineArn: pipeline.PipelineArn
  }
}

/** Creates the pipeline; the token makes a retried or repeated create one pipeline. */
export async function createPipeline(
  sagemaker: SageMaker,
  input: CreatePipelineCommandInput
): Promise<string | undefined> {
  return (await sagemaker.client.send(new CreatePipelineCommand(input))).PipelineArn
}

/** Updates the pipeline: SageMaker makes a new version and says which. */
export async function updatePipeline(
  sagemaker: SageMaker,
  input: UpdatePipelineCommandInput
): Promise<{ pipelineArn?: string; versionId?: number }> {
  const updated = await sagemaker.client.send(new UpdatePipelineCommand(input))
  return { pipelineArn: updated.PipelineArn, versionId: updated.PipelineVersionId }
}

/** Labels a version, so that a re-run of the same commit finds it. */
export async function labelPipelineVersion(
  sagemaker: SageMaker,
  input: UpdatePipelineVersionCommandInput
): Promise<void> {
  await sagemaker.client.send(new UpdatePipelineVersionCommand(input))
}
