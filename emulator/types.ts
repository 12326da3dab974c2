// Public types of the emulator's test controls.
import type { KnownStepType } from './step-types.js'

export type PipelineExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded'
export type StepStatus = 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded'

/** Step types as in pipeline definitions (see step-types.ts); the type decides the step's Metadata. */
export type StepType = KnownStepType | (string & {})

/** What a Condition step reports, and which of its branches runs: IfSteps on True. */
export type ConditionOutcome = 'True' | 'False'

export interface StepSpec {
  name: string
  type: StepType
  displayName?: string
  /** Total run time including the Starting phase; default 1000. */
  durationMs?: number
  /** How long the step shows Starting before Executing; default a tenth of durationMs, at most 1 s. */
  startingMs?: number
  /** Makes the step fail with this reason when it ends. */
  fails?: string
  /** What a Training, Processing or Transform step's job writes to CloudWatch Logs; see StepLogs. */
  logs?: StepLogs
  /** The model package a RegisterModel step registers when it succeeds; see ModelSpec. */
  model?: ModelSpec
}

export type ModelApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected'

/**
 * What a model package holds. A RegisterModel step registers one when it succeeds, once per
 * attempt, as the next version of its group (1 for a new group); its Metadata then names it
 * (`RegisterModel.Arn`, `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`),
 * and has none before. Its objects go to the local S3's bucket `sagemaker-<region>-<account>`:
 * `<pipeline>/<execution id>/<step>/evaluation.json` for the metrics (seeded packages:
 * `<group>/<version>/evaluation.json`), beside them `data-quality-statistics.json`,
 * `bias-report.json` and `explainability-report.json` for the reports.
 */
export interface ModelSpec {
  /**
   * ModelPackageGroupName. Default: the name a deployed definition's step gives in its arguments,
   * else `<pipeline name>-models` (the name cut to fit 63 characters).
   */
  group?: string
  /** Default PendingManualApproval, as the RegisterModel step's own default. */
  approvalStatus?: ModelApprovalStatus
  /**
   * The ModelQuality statistics object (application/json): an object is written as JSON, a string
   * as is (to serve a malformed or oversized file); null: the package has no ModelMetrics at all.
   * Default DEFAULT_MODEL_METRICS, an evaluation.json as the SageMaker examples write it.
   */
  metrics?: object | string | null
  /**
   * The statistics' ContentDigest: 'sha256' gives the right one (`sha256:<hex>`), any other string
   * is sent as given (for a mismatch). Default none, as the SageMaker Python SDK registers them.
   */
  digest?: 'sha256' | (string & {})
  /** Also name (and store) ModelDataQuality.Statistics, Bias.Report and Explainability.Report. */
  reports?: boolean
}

/** A package of a group that existed before the test, e.g. the approved version 7. */
export interface ModelPackageSeed extends Omit<ModelSpec, 'group'> {
  group: string
  /** Default the group's next; higher than its latest (the versions between were deleted). */
  version?: number
  /** Default: a day before the emulator's now. */
  creationTime?: Date | number
}

/** A registered model package, for tests (see Emulator.modelPackages). */
export interface ModelPackageSnapshot {
  arn: string
  group: string
  version: number
  approvalStatus: ModelApprovalStatus
  creationTime: Date
  /** ModelMetrics.ModelQuality.Statistics, as DescribeModelPackage names it; none without metrics. */
  statistics?: { s3Uri: string; contentDigest?: string }
  /** The execution step (attempt) that registered it; undefined for a seeded package. */
  registeredBy?: { executionArn: string; stepName: string; attempt: number }
}

/**
 * The CloudWatch Logs lines of a job step. Without it, the job writes lines of its own kind: a
 * few when its container starts (once the step leaves Starting), one now and then while it runs,
 * and a few at its end; a failed Training step (and any job that fails with an AlgorithmError)
 * ends with a Python traceback. Each instance writes to its own stream:
 * `/aws/sagemaker/TrainingJobs` `<job>/algo-<n>-<epoch s>`, `/aws/sagemaker/ProcessingJobs`
 * `<job>/algo-<n>-<epoch s>`, `/aws/sagemaker/TransformJobs` `<job>/<instance id>-<epoch s>` and
 * `<job>/<instance id>-<epoch s>/data-log`, where `<job>` is the last part of the job ARN in the
 * step's Metadata and `<epoch s>` the time the container started.
 */
export interface StepLogs {
  /** The instances the job runs on, each writing the same lines a millisecond apart; default 1. */
  instanceCount?: number
  /**
   * The lines each instance writes instead, spread evenly from the container's start to the
   * step's end (the last one at the end); each is one event, line breaks and all. A transform job
   * then writes no data-log stream. `[]`: the job failed before it wrote anything, so it has no
   * stream at all.
   */
  lines?: readonly string[]
}

/** A CloudWatch Logs stream as of the emulator's now, for tests (see Emulator.logStreams). */
export interface LogStreamSnapshot {
  name: string
  /** Its first event's time. */
  creationTime: Date
  /** Oldest first. */
  events: Array<{ timestamp: Date; message: string }>
}

export interface ParameterSpec {
  Name: string
  Type?: 'String' | 'Integer' | 'Float' | 'Boolean'
  DefaultValue?: string | number | boolean
  EnumValues?: readonly string[]
}

export interface PipelineSpec {
  name: string
  displayName?: string
  description?: string
  roleArn?: string
  /** Run in order; without steps, the steps named in `definition` run for 1 s each. */
  steps?: readonly StepSpec[]
  parameters?: readonly ParameterSpec[]
  /**
   * The PipelineDefinition text, returned as is, even when it is not valid JSON (a client must cope
   * with a definition it cannot read); built from steps and parameters when omitted.
   */
  definition?: string
  /** Running (Executing or Stopping) executions allowed before Start answers ResourceLimitExceeded. */
  maxConcurrentExecutions?: number
  tags?: readonly Tag[]
  /**
   * Whether a PipelineVersionId the pipeline never had answers ResourceNotFound, as for pipelines
   * made by CreatePipeline. Default false: such an id runs (and describes) the latest version.
   */
  strictVersions?: boolean
}

export interface Tag {
  Key: string
  Value: string
}

/** One version of a pipeline, as the emulator holds it. */
export interface PipelineVersionSnapshot {
  id: number
  definition: string
  roleArn: string
  createdAt: Date
  displayName?: string
  description?: string
  /** The newest execution of this version. */
  lastExecutionArn?: string
}

export interface PipelineSnapshot {
  name: string
  displayName: string
  description?: string
  tags: Tag[]
  parallelismConfiguration?: { MaxParallelExecutionSteps: number }
  /** Oldest first. */
  versions: PipelineVersionSnapshot[]
  creationTime: Date
  lastModifiedTime: Date
}

interface PipelineParameter {
  Name: string
  Value: string
}

export interface SelectiveExecutionConfig {
  SourcePipelineExecutionArn?: string
  SelectedSteps: Array<{ StepName: string }>
}

/** The fields of a StartPipelineExecution request, as sent. */
export interface StartFields {
  displayName?: string
  description?: string
  parameters: PipelineParameter[]
  parallelismConfiguration?: { MaxParallelExecutionSteps: number }
  selectiveExecutionConfig?: SelectiveExecutionConfig
  pipelineVersionId?: number
  mlflowExperimentName?: string
}

export interface ExecutionSeed extends Partial<StartFields> {
  pipelineName: string
  status: 'Executing' | 'Succeeded' | 'Failed' | 'Stopped'
  /** The ClientRequestToken it was started with; random when omitted. */
  token?: string
  /** Default: a day before the emulator's now. */
  creationTime?: Date | number
  /** For status Failed: the step that failed (default the last) and its reason. */
  failedStep?: string
  failureReason?: string
  /**
   * For status Failed: how many attempts of the failed step fail, the seeded one included; default
   * 1, so that a retry succeeds. Infinity for a step that fails however often it is retried.
   */
  failedAttempts?: number
}

interface StepSnapshot {
  name: string
  type: StepType
  status: StepStatus
  startTime: Date
  endTime?: Date
  failureReason?: string
  attemptCount: number
}

/** A repeated StartPipelineExecution with a token that already named this execution. */
export interface StartReplay {
  receivedAt: Date
  /** True when its fields differ from the original request's. */
  differs: boolean
  body: unknown
}

export interface ExecutionSnapshot {
  arn: string
  id: string
  pipelineName: string
  pipelineArn: string
  /** The display name in effect (the execution id unless one was sent). */
  displayName: string
  status: PipelineExecutionStatus
  failureReason?: string
  creationTime: Date
  lastModifiedTime: Date
  /** The version it runs (the id it was started with, for a pipeline that is not strictVersions). */
  pipelineVersionId: number
  request: StartFields
  startToken: string
  stopTokens: string[]
  retryTokens: string[]
  replays: StartReplay[]
  seeded: boolean
  /** Steps that have started, in run order. */
  steps: StepSnapshot[]
}

export interface RecordedRequest {
  id: string
  /**
   * From X-Amz-Target, without the service's prefix (`SageMaker.`, `Logs_20140328.`); '' when the
   * header is missing or names another service. `GetObject` for an S3 request (a GET of a path).
   */
  operation: string
  /** The service the target names, as IAM names it; undefined when there is no such service. */
  service?: ServiceName
  /**
   * The parsed JSON body, or the raw text when it is not JSON; for S3, the request's members as
   * the URI, headers and query string carry them (`{ Bucket, Key, Range, ChecksumMode }`).
   */
  body: unknown
  headers: Record<string, string>
  receivedAt: Date
  region: string
  /** Whether an Authorization header was present (signatures are not checked). */
  signed: boolean
  /** The access key of the SigV4 credential scope; undefined when unsigned. */
  accessKeyId?: string
  /** Set once answered; stays undefined for dropped connections. */
  response?: { status: number; errorType?: string }
  fault?: FaultAction['kind']
}

/** The services the emulator serves, named as in IAM actions (`logs:GetLogEvents`, `s3:GetObject`). */
export type ServiceName = 'sagemaker' | 'logs' | 's3'

/** S3 answers the same faults in its own XML errors, as noted. */
export type FaultAction =
  /** 400 ThrottlingException "Rate exceeded"; S3: 503 SlowDown. */
  | { kind: 'throttle' }
  /**
   * 400 AccessDeniedException, worded as IAM words a missing permission for the call; S3: 403
   * AccessDenied.
   */
  | { kind: 'deny' }
  /** 500 InternalFailure or 503 ServiceUnavailable; S3: 500 InternalError or 503 ServiceUnavailable. */
  | { kind: 'server-error'; status?: 500 | 503 }
  /** Destroys the socket without answering, before or after the operation takes effect. */
  | { kind: 'drop'; when: 'before' | 'after' }
  /** Answers normally, `ms` after the operation took effect. */
  | { kind: 'latency'; ms: number }
  /** Any AWS error, e.g. AccessDeniedException or ExpiredTokenException (S3: its Code); status default 400. */
  | { kind: 'error'; type: string; message?: string; status?: number }

export type Fault = FaultAction & {
  /** How many matching calls get the fault; default 1 (Infinity for all). */
  times?: number
  /** The first matching call (counted from injection, 1-based) that gets it; default 1. */
  fromCall?: number
}
