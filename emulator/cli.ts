// Runs the emulator standalone with the sample pipeline: `tsx emulator/cli.ts --port 4566`; it serves
// the jobs' CloudWatch Logs and the registered models' metrics (S3) on the same port.
// `--condition-outcome CheckAccuracy=False` (repeatable): Condition steps of that name report False
// and run their ElseSteps (in pipelines deployed with a definition); True is the default.
import { parseArgs } from 'node:util'
import { churnTrainingPipeline } from './sample-pipeline.js'
import { startEmulator } from './server.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    'stop-delay-ms': { type: 'string', default: '3000' },
    quiet: { type: 'boolean', default: false },
    'condition-outcome': { type: 'string', multiple: true, default: [] }
  }
})

const outcomes = values['condition-outcome'].map(choice => {
  const [step = '', outcome] = choice.split('=')
  if (step === '' || (outcome !== 'True' && outcome !== 'False')) {
    throw new Error(`--condition-outcome takes <step name>=True or =False, not ${choice}`)
  }
  return { step, outcome } as const
})

const emulator = await startEmulator({
  port: Number(values.port),
  stopDelayMs: Number(values['stop-delay-ms']),
  log: values.quiet ? undefined : line => console.log(`${new Date().toISOString()} ${line}`)
})
const arn = emulator.addPipeline(churnTrainingPipeline)
for (const { step, outcome } of outcomes) emulator.setConditionOutcome(step, outcome)

console.log(`SageMaker emulator listening on ${emulator.endpoint}`)
console.log(`Pipeline ${churnTrainingPipeline.name}: ${arn}`)
console.log(
  `Use it with: AWS_ENDPOINT_URL_SAGEMAKER=${emulator.endpoint} AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${emulator.endpoint} AWS_ENDPOINT_URL_S3=${emulator.endpoint} (any credentials work)`
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0))
  })
}
