// Registered pipelines and their versions: what runs, and what DescribePipeline answers.
import { ACCOUNT_ID, pipelineNameFrom } from './arns.js'
import { notFound } from './aws-error.js'
import { definitionSteps, specSteps } from './definition-steps.js'
import type { DefinedStep } from './definition-steps.js'
import type { PipelineSnapshot, PipelineSpec, StepSpec, Tag } from './types.js'

/** One version of a pipeline: CreatePipeline (or addPipeline) makes 1, each UpdatePipeline the next. */
export interface PipelineVersion {
  id: number
  definition: string
  roleArn: string
  /** What an execution of this version runs (the branches it picks from included). */
  steps: DefinedStep[]
  createdAt: number
  displayName?: string
  description?: string
}

/** A registered pipeline; it answers in every region (its ARN takes the request's region). */
export interface PipelineRecord {
  name: string
  displayName: string
  description?: string
  /** Oldest first; never empty. */
  versions: PipelineVersion[]
  tags: Tag[]
  parallelismConfiguration?: { MaxParallelExecutionSteps: number }
  /** The ClientRequestToken of the CreatePipeline that made it. */
  createToken?: string
  /** Test timings by step name, for the steps of later versions too. */
  stepSpecs: readonly StepSpec[]
  /** Whether a version id the pipeline never had answers ResourceNotFound; see PipelineSpec. */
  strictVersions: boolean
  maxConcurrentExecutions?: number
  createdAt: number
  lastModifiedAt: number
}

const DEFAULT_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/SageMakerPipelineExecutionRole`

export function buildPipeline(spec: PipelineSpec, now: number): PipelineRecord {
  const definition = spec.definition ?? buildDefinition(spec)
  const steps = spec.steps ? specSteps(spec.steps) : definitionSteps(definition, [])
  return {
    name: spec.name,
    displayName: spec.displayName ?? spec.name,
    description: spec.description,
    versions: [
      { id: 1, definition, roleArn: spec.roleArn ?? DEFAULT_ROLE_ARN, steps, createdAt: now }
    ],
    tags: [...(spec.tags ?? [])],
    stepSpecs: spec.steps ?? [],
    strictVersions: spec.strictVersions ?? false,
    maxConcurrentExecutions: spec.maxConcurrentExecutions,
    createdAt: now,
    lastModifiedAt: now
  }
}

/** Adds the next version and returns it; its steps come from `definition`, timed by stepSpecs. */
export function addVersion(
  pipeline: PipelineRecord,
  fields: { definition: string; roleArn: string },
  now: number
): PipelineVersion {
  const version: PipelineVersion = {
    id: (pipeline.versions.at(-1)?.id ?? 0) + 1,
    ...fields,
    steps: definitionSteps(fields.definition, pipeline.stepSpecs),
    createdAt: now
  }
  pipeline.versions.push(version)
  pipeline.lastModifiedAt = now
  return version
}

export const latestVersion = (pipeline: PipelineRecord): PipelineVersion =>
  pipeline.versions.at(-1) as PipelineVersion

/**
 * The version `id` names, the latest without one. A pipeline from addPipeline that is not
 * strictVersions runs its latest version for an id it never had: its history before the test is
 * unknown, and suites written before versions existed start such ids.
 */
export function findVersion(pipeline: PipelineRecord, id: number | undefined): PipelineVersion {
  if (id === undefined) return latestVersion(pipeline)
  const version = pipeline.versions.find(v => v.id === id)
  if (version) return version
  if (!pipeline.strictVersions) return latestVersion(pipeline)
  throw notFound(`Pipeline '${pipeline.name}' has no version ${id}.`)
}

/** A PipelineDefinition like the SageMaker Python SDK writes, reduced to what the emulator knows. */
function buildDefinition(spec: Pick<PipelineSpec, 'parameters' | 'steps'>): string {
  return JSON.stringify({
    Version: '2020-12-01',
    Metadata: {},
    Parameters: (spec.parameters ?? []).map(p => ({ ...p, Type: p.Type ?? 'String' })),
    PipelineExperimentConfig: {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' }
    },
    Steps: (spec.steps ?? []).map(s => ({
      Name: s.name,
      Type: s.type,
      ...(s.displayName === undefined ? {} : { DisplayName: s.displayName }),
      Arguments: {}
    }))
  })
}

// Names are case-insensitive: ARNs carry them lower-cased.
export const pipelineKey = (name: string): string => name.toLowerCase()

export function resolvePipeline(
  pipelines: ReadonlyMap<string, PipelineRecord>,
  nameOrArn: string
): PipelineRecord {
  const name = pipelineNameFrom(nameOrArn)
  const pipeline = name === undefined ? undefined : pipelines.get(pipelineKey(name))
  if (!pipeline) throw notFound(`Pipeline '${nameOrArn}' does not exist.`)
  return pipeline
}

/** What this module reads of an execution (executions.ts builds on pipelines, not the reverse). */
interface ExecutionRecord {
  arn: string
  pipelineName: string
  pipelineVersionId?: number
  createdAt: number
}

/** The newest execution of the version, if it ran. */
export function lastExecutionOf(
  executions: readonly ExecutionRecord[],
  pipeline: PipelineRecord,
  version: PipelineVersion
): ExecutionRecord | undefined {
  let newest: ExecutionRecord | undefined
  for (const e of executions) {
    if (pipelineKey(e.pipelineName) !== pipelineKey(pipeline.name)) continue
    if (e.pipelineVersionId !== version.id) continue
    if (!newest || e.createdAt >= newest.createdAt) newest = e
  }
  return newest
}

export function pipelineSnapshot(
  pipeline: PipelineRecord,
  executions: readonly ExecutionRecord[]
): PipelineSnapshot {
  return {
    name: pipeline.name,
    displayName: pipeline.displayName,
    description: pipeline.description,
    tags: pipeline.tags.map(tag => ({ ...tag })),
    parallelismConfiguration: pipeline.parallelismConfiguration && {
      ...pipeline.parallelismConfiguration
    },
    versions: pipeline.versions.map(v => ({
      id: v.id,
      definition: v.definition,
      roleArn: v.roleArn,
      createdAt: new Date(v.createdAt),
      displayName: v.displayName,
      description: v.description,
      lastExecutionArn: lastExecutionOf(executions, pipeline, v)?.arn
    })),
    creationTime: new Date(pipeline.createdAt),
    lastModifiedTime: new Date(pipeline.lastModifiedAt)
  }
}
