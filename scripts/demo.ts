// `npm run demo`: the action run exactly as the GitHub runner runs it (dist/index.js, INPUT_*
// variables, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY), against the local SageMaker endpoint.
// No AWS account needed.
import { churnTrainingPipeline, startEmulator } from '../emulator/index.js'
import { ACTION, ACTION_NODE, runAction, type RunResult } from '../emulator/run-action.js'

const emulator = await startEmulator()
emulator.addPipeline(churnTrainingPipeline)
const parameters =
  'Epochs: 10\nLearningRate: 0.050\nDataPath: s3://example-bucket/churn/2026-11.csv'

try {
  section('1. Start an execution for this commit')
  const inputs = { 'pipeline-name': churnTrainingPipeline.name, parameters }
  showStep(inputs)
  const first = await runAction({ endpoint: emulator.endpoint, inputs, onOutput: log })
  showResult(first)

  section('2. Re-run the workflow for the same commit')
  // As when someone presses "Re-run jobs" a little later: same commit, same token.
  await new Promise(resolve => setTimeout(resolve, 2500))
  const again = await runAction({ endpoint: emulator.endpoint, inputs, onOutput: log })
  console.log(`\nExit code ${again.code}; executions in SageMaker: ${emulator.executions().length}`)

  section('3. Start another and wait for it, with live step progress')
  const waiting = {
    ...inputs,
    'client-request-token': 'demo-wait-for-the-pipeline-to-finish',
    'display-name': 'demo/wait',
    wait: 'true',
    'wait-timeout': '10m'
  }
  showStep(waiting)
  const waited = await runAction({
    endpoint: emulator.endpoint,
    inputs: waiting,
    onOutput: log,
    timeoutMs: 120_000
  })
  showResult(waited)

  process.exitCode = [first, again, waited].every(result => result.code === 0) ? 0 : 1
} finally {
  await emulator.close()
}

function showStep(inputs: Record<string, string>): void {
  const lines = Object.entries(inputs).map(([name, value]) =>
    value.includes('\n')
      ? `    ${name}: |\n${value.replace(/^/gm, '      ')}`
      : `    ${name}: ${value}`
  )
  console.log(`- uses: owner/sagemaker-pipeline-action@v1\n  with:\n${lines.join('\n')}`)
  console.log(`\n$ ${ACTION_NODE} ${ACTION}   (AWS_ENDPOINT_URL_SAGEMAKER=${emulator.endpoint})\n`)
}

function showResult(result: RunResult): void {
  console.log(`\n--- Outputs ($GITHUB_OUTPUT)`)
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}=${value}`)
  console.log(`\n--- Job summary ($GITHUB_STEP_SUMMARY)\n${result.summary.trim()}`)
  console.log(`\n--- Exit code ${result.code}`)
}

function log(text: string): void {
  process.stdout.write(text)
}

function section(title: string): void {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 72 - title.length))}\n`)
}
