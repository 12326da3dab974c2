// `npm run demo`, scene 9: a training run registers version 8 of the churn model, and the step
// shows what it made: the package, its approval status and its metrics beside approved version
// 7's, as outputs a deploy job can gate on and as the first section of the job summary. The local
// endpoint serves the model registry and S3 too.
import { churnTrainingPipeline, startEmulator } from '../emulator/index.js'
import { ACTION, ACTION_NODE, runAction } from '../test-support/runner.js'
import { asText, printClaims, section } from './demo-print.js'

const PIPELINE = 'churn-training'
const GROUP = 'churn-models'
/** What the Evaluate step writes, as the SageMaker Python SDK's examples write evaluation.json. */
const EVALUATION = {
  binary_classification_metrics: {
    accuracy: { value: 0.912, standard_deviation: 0.004 },
    auc: { value: 0.948, standard_deviation: 0.003 },
    f1: { value: 0.874, standard_deviation: 0.006 }
  }
}
const APPROVED_EVALUATION = {
  binary_classification_metrics: {
    accuracy: { value: 0.897, standard_deviation: 0.005 },
    auc: { value: 0.951, standard_deviation: 0.003 },
    f1: { value: 0.861, standard_deviation: 0.007 }
  }
}
const OUTPUTS = [
  'model-package-arn',
  'model-package-version',
  'model-approval-status',
  'model-metrics',
  'approved-model-package-arn',
  'approved-model-metrics'
]

/** Runs the scene; true when the step set the outputs and the summary as it should. */
export async function modelResultsScene(): Promise<boolean> {
  const emulator = await startEmulator()
  emulator.addPipeline({
    ...churnTrainingPipeline,
    steps: churnTrainingPipeline.steps.map(step => ({
      ...step,
      durationMs: step.durationMs / 4,
      ...(step.type === 'RegisterModel' && { model: { group: GROUP, metrics: EVALUATION } })
    }))
  })
  // Versions 1 to 6 were rejected; 7 is the model in production.
  for (let version = 1; version <= 6; version++)
    emulator.seedModelPackage({ group: GROUP, version, approvalStatus: 'Rejected' })
  const approved = emulator.seedModelPackage({
    group: GROUP,
    version: 7,
    approvalStatus: 'Approved',
    metrics: APPROVED_EVALUATION
  })
  try {
    section("9. The run registers model version 8: its metrics beside approved version 7's")
    const inputs = { 'pipeline-name': PIPELINE, wait: 'true' }
    const lines = Object.entries(inputs).map(([name, value]) => `    ${name}: ${value}`)
    console.log(
      `- id: train\n  uses: owner/sagemaker-pipeline-action@v1\n  with:\n${lines.join('\n')}`
    )
    console.log(
      `\n$ ${ACTION_NODE} ${ACTION}   (AWS_ENDPOINT_URL_SAGEMAKER and AWS_ENDPOINT_URL_S3=${emulator.endpoint})\n`
    )
    const result = await runAction({ endpoint: emulator.endpoint, inputs, timeoutMs: 120_000 })

    console.log('--- The log from the outcome on\n')
    const log = result.stdout.trimEnd().split('\n')
    console.log(
      log
        .slice(
          Math.max(
            0,
            log.findIndex(line => line.startsWith('The execution'))
          )
        )
        .join('\n')
    )
    console.log('\n--- Outputs (steps.train.outputs)\n')
    for (const name of OUTPUTS) console.log(`    ${name}: ${result.outputs[name] ?? ''}`)
    const model = /<h3>Model<\/h3>[\s\S]*?(?=<p>Started a new execution|$)/.exec(
      result.summary
    )?.[0]
    console.log('\n--- Job summary ($GITHUB_STEP_SUMMARY), its Model section, as text\n')
    console.log(model ? asText(model) : '(none)')

    const metrics = JSON.parse(result.outputs['model-metrics'] || '{}') as Record<string, number>
    const claims: Array<[string, boolean]> = [
      ['the step succeeds', result.code === 0],
      ['model-package-version is 8', result.outputs['model-package-version'] === '8'],
      [
        'model-approval-status is PendingManualApproval',
        result.outputs['model-approval-status'] === 'PendingManualApproval'
      ],
      [
        'approved-model-package-arn is version 7',
        result.outputs['approved-model-package-arn'] === approved
      ],
      [
        'model-metrics holds the accuracy',
        metrics['binary_classification_metrics.accuracy'] === 0.912
      ],
      [
        'the summary leads with the Model section (the first after the outcome)',
        result.summary.indexOf('<h3>') === result.summary.indexOf('<h3>Model</h3>') &&
          result.summary.includes('<h3>Model</h3>')
      ]
    ]
    return printClaims(result.code, claims)
  } finally {
    await emulator.close()
  }
}
