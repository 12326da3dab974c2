import { ACCOUNT_ID, pipelineNameFrom } from './arns.js'
import { notFound } from './aws-error.js'
import type { ParameterSpec, PipelineSpec, StepType } from './types.js'
import type { StepTiming } from './timeline.js'

/** A registered pipeline; it answers in every region (its ARN takes the request's region). */
export interface PipelineRecord {
  name: string
  displayName: string
  description?: string
  roleArn: string
  definition: string
  steps: StepTiming[]
  maxConcurrentExecutions?: number
  createdAt: number
}

const DEFAULT_STEP_MS = 1000

export function buildPipeline(spec: PipelineSpec, now: number): PipelineRecord {
  const definition = spec.definition ?? buildDefinition(spec)
  const steps =
    spec.steps?.map(step => ({ ...step, durationMs: step.durationMs ?? DEFAULT_STEP_MS })) ??
    definitionSteps(definition)
  return {
    name: spec.name,
    displayName: spec.displayName ?? spec.name,
    description: spec.description,
    roleArn: spec.roleArn ?? `arn:aws:iam::${ACCOUNT_ID}:role/SageMakerPipelineExecutionRole`,
    definition,
    steps,
    maxConcurrentExecutions: spec.maxConcurrentExecutions,
    createdAt: now
  }
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

interface Definition {
  Parameters?: ParameterSpec[]
  Steps?: Array<{ Name: string; Type: StepType; DisplayName?: string }>
}

function parseDefinition(definition: string): Definition {
  try {
    return JSON.parse(definition) as Definition
  } catch {
    return {}
  }
}

function definitionSteps(definition: string): StepTiming[] {
  return (parseDefinition(definition).Steps ?? []).map(s => ({
    name: s.Name,
    type: s.Type,
    displayName: s.DisplayName,
    durationMs: DEFAULT_STEP_MS
  }))
}

export function definitionParameters(definition: string): ParameterSpec[] {
  return parseDefinition(definition).Parameters ?? []
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
