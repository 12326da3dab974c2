// `npm run demo`: the action's main step, run exactly as the GitHub runner runs it, against the
// local SageMaker endpoint. No AWS account needed.
import { churnTrainingPipeline, startEmulator } from '../emulator/index.js'
import { ACTION, ACTION_NODE, runAction } from '../emulator/run-action.js'

const emulator = await startEmulator()
emulator.addPipeline(churnTrainingPipeline)

const inputs = {
  'pipeline-name': churnTrainingPipeline.name,
  parameters: 'Epochs: 10\nLearningRate: 0.050\nDataPath: s3://example-bucket/churn/2026-11.csv'
}

try {
  section('The workflow step')
  console.log(`- uses: owner/sagemaker-pipeline-action@v1
  with:
    pipeline-name: ${inputs['pipeline-name']}
    parameters: |
${inputs.parameters.replace(/^/gm, '      ')}`)
  console.log(`\nRunning ${ACTION} with ${ACTION_NODE} against ${emulator.endpoint}`)

  const result = await runAction({ endpoint: emulator.endpoint, inputs })

  section('Log')
  process.stdout.write(result.stdout + result.stderr)
  section('Outputs ($GITHUB_OUTPUT)')
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}=${value}`)
  section('Job summary ($GITHUB_STEP_SUMMARY)')
  console.log(result.summary)
  section(`Exit code ${result.code}`)

  // As when someone presses "Re-run jobs" a little later: same commit, same token.
  await new Promise(resolve => setTimeout(resolve, 2500))
  const again = await runAction({ endpoint: emulator.endpoint, inputs })
  section('Re-run for the same commit')
  for (const { command, message } of again.commands) console.log(`${command}: ${message}`)
  console.log(
    `Executions in SageMaker: ${emulator.executions().length} (${again.outputs['pipeline-execution-arn']})`
  )
  process.exitCode = result.code === 0 && again.code === 0 ? 0 : 1
} finally {
  await emulator.close()
}

function section(title: string): void {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`)
}
