import type { PipelineSpec } from './types.js'

/** The pipeline the CLI and the demo serve: a small churn model, trained, checked and registered. */
export const churnTrainingPipeline = {
  name: 'churn-training',
  description: 'Trains, evaluates and registers the customer churn model.',
  parameters: [
    { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
    { Name: 'DataPath', Type: 'String', DefaultValue: 's3://example-bucket/churn/train.csv' },
    { Name: 'LearningRate', Type: 'Float', DefaultValue: 0.1 }
  ],
  steps: [
    { name: 'Preprocess', type: 'Processing', durationMs: 3000 },
    { name: 'Train', type: 'Training', durationMs: 8000 },
    { name: 'Evaluate', type: 'Processing', durationMs: 3000 },
    { name: 'CheckAccuracy', type: 'Condition', durationMs: 1000 },
    {
      name: 'RegisterModel',
      type: 'RegisterModel',
      durationMs: 2000,
      model: { group: 'churn-models' }
    }
  ]
} as const satisfies PipelineSpec
