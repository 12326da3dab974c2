// The step types a PipelineDefinition may name: those SageMaker runs, so that CreatePipeline and
// UpdatePipeline accept every definition the service and moto accept.

/**
 * The SageMaker Python SDK's StepTypeEnum, the types it writes into definitions: the union of
 * `src/sagemaker/workflow/steps.py` (SDK v2, aws/sagemaker-python-sdk commit 81f70ac374ba, and
 * EMRServerless from `emr_serverless_step.py` at f881c05933ff) and
 * `sagemaker-mlops/src/sagemaker/mlops/workflow/steps.py` (SDK v3, commits 011ecd264e54 and
 * 0c7beb9f81f7, which adds ForEach). NotebookJobStep and the @step decorator write Training.
 */
const SDK_STEP_TYPES = [
  'Condition',
  'Model',
  'Processing',
  'RegisterModel',
  'Training',
  'Transform',
  'Callback',
  'Tuning',
  'Lambda',
  'QualityCheck',
  'ClarifyCheck',
  'EMR',
  'EMRServerless',
  'Fail',
  'AutoML',
  'EndpointConfig',
  'Endpoint',
  'InferenceComponent',
  'BedrockCustomModel',
  'BedrockCustomModelDeployment',
  'BedrockModelImport',
  'BedrockProvisionedModelThroughput',
  'Lineage',
  'ForEach'
] as const

/**
 * The member of the API model's PipelineExecutionStepMetadata that reports a step of each type
 * (emulator/data/sagemaker-pipelines-model.json). `Job` ("Metadata for a SageMaker job step") is
 * a member no SDK step writes yet; its type is taken to be its name, so that the emulator is never
 * stricter than the service.
 */
export const METADATA_MEMBERS = {
  Training: 'TrainingJob',
  Processing: 'ProcessingJob',
  Transform: 'TransformJob',
  Tuning: 'TuningJob',
  Model: 'Model',
  RegisterModel: 'RegisterModel',
  Condition: 'Condition',
  Callback: 'Callback',
  Lambda: 'Lambda',
  EMR: 'EMR',
  QualityCheck: 'QualityCheck',
  ClarifyCheck: 'ClarifyCheck',
  Fail: 'Fail',
  AutoML: 'AutoMLJob',
  Endpoint: 'Endpoint',
  EndpointConfig: 'EndpointConfig',
  BedrockCustomModel: 'BedrockCustomModel',
  BedrockCustomModelDeployment: 'BedrockCustomModelDeployment',
  BedrockProvisionedModelThroughput: 'BedrockProvisionedModelThroughput',
  BedrockModelImport: 'BedrockModelImport',
  InferenceComponent: 'InferenceComponent',
  Lineage: 'Lineage',
  Job: 'Job'
} as const

export type KnownStepType = (typeof SDK_STEP_TYPES)[number] | keyof typeof METADATA_MEMBERS

/** Every step type a definition may name. */
export const STEP_TYPES: ReadonlySet<string> = new Set<string>([
  ...SDK_STEP_TYPES,
  ...Object.keys(METADATA_MEMBERS)
])
