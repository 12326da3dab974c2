// What every operation handler (SageMaker's, CloudWatch Logs' and S3's) gets: the emulator's
// state, its clock and the request's region.
import type { ConditionOutcomes } from './condition-outcomes.js'
import type { ExecutionRecord } from './executions.js'
import type { ModelPackageRecord } from './model-registry.js'
import type { ObjectStore } from './objects.js'
import type { PipelineRecord } from './pipelines.js'

export interface EmulatorState {
  /** Keyed by pipelineKey(name). */
  pipelines: Map<string, PipelineRecord>
  executions: ExecutionRecord[]
  /** CloudWatch Logs groups deleted (Emulator.deleteLogGroup); SageMaker's exist otherwise. */
  deletedLogGroups: Set<string>
  /** The model registry, oldest first. */
  modelPackages: ModelPackageRecord[]
  /** The package each RegisterModel step attempt registered, by execution, step and attempt. */
  registrations: Map<string, ModelPackageRecord>
  /** The local S3. */
  objects: ObjectStore
}

export interface Context {
  state: EmulatorState
  now: number
  region: string
  stopDelayMs: number
  /** The outcomes an execution started now gives its Condition steps. */
  conditionOutcomes: ConditionOutcomes
}

export type Handler = (ctx: Context, body: unknown) => object

// Bodies reach handlers only after model validation, so their shape is known.
export const handler =
  <B>(fn: (ctx: Context, body: B) => object): Handler =>
  (ctx, body) =>
    fn(ctx, body as B)

export interface ListBody {
  NextToken?: string
  MaxResults?: number
  SortOrder?: 'Ascending' | 'Descending'
}
