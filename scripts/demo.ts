// `npm run demo`: the action run exactly as the GitHub runner runs it (dist/index.js, INPUT_*
// variables, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY), against the local SageMaker and CloudWatch
// Logs endpoint.
// No AWS account needed.
import { churnTrainingPipeline, startEmulator } from '../emulator/index.js'
import { ACTION, ACTION_NODE, runAction, type RunResult } from '../test-support/runner.js'
import { longWaitsScene } from './demo-long-waits.js'
import { stepLogsScene } from './demo-step-logs.js'
import { modelResultsScene } from './demo-model-results.js'
import { pullRequestScene } from './demo-pull-request.js'
import { section } from './demo-print.js'

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
  console.log(
    `\n--- Open it in the SageMaker console: ${first.outputs['pipeline-execution-url']}\n    (console.amazonaws.cn in cn-* regions, console.amazonaws-us-gov.com in us-gov-*)`
  )

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

  section('4. A run whose training fails, then "Re-run jobs": the execution is resumed')
  // Train fails on its first attempt (say, a quota), and succeeds when run again. Without
  // capacity its job never starts a container, so it writes no log.
  emulator.addPipeline({
    ...churnTrainingPipeline,
    name: 'churn-nightly',
    steps: churnTrainingPipeline.steps.map(step => ({
      ...step,
      durationMs: step.durationMs / 4,
      ...(step.name === 'Train' && {
        fails: 'ResourceLimitExceeded: no ml.p3.2xlarge capacity',
        logs: { lines: [] }
      })
    }))
  })
  const nightly = { 'pipeline-name': 'churn-nightly', wait: 'true' }
  showStep(nightly)
  const failed = await runAction({ endpoint: emulator.endpoint, inputs: nightly, onOutput: log })
  console.log(`
--- Exit code ${failed.code}. The user fixes the quota and presses "Re-run jobs":
`)
  const resumed = await runAction({
    endpoint: emulator.endpoint,
    inputs: nightly,
    env: { GITHUB_RUN_ATTEMPT: '2' },
    onOutput: log
  })
  console.log(
    `
--- pipeline-execution-origin=${resumed.outputs['pipeline-execution-origin']}, status ${resumed.outputs['pipeline-execution-status']}, exit code ${resumed.code}`
  )

  section('5. A misspelt parameter: the step fails before the start, and says so in the summary')
  const misspelt = { 'pipeline-name': churnTrainingPipeline.name, parameters: 'Epoch: 10' }
  showStep(misspelt)
  const rejected = await runAction({
    endpoint: emulator.endpoint,
    inputs: misspelt,
    onOutput: log
  })
  showResult(rejected)

  section('6. Deploy and run: the definition lives in the repository')
  // pipeline.json as `python pipeline.py > pipeline.json` writes it; the step deploys it and runs
  // exactly the version that holds it.
  const deployInputs = {
    'pipeline-name': 'churn-deployed',
    'pipeline-definition-file': 'pipeline.json',
    'pipeline-role-arn': 'arn:aws:iam::123456789012:role/sagemaker-pipeline-execution',
    'pipeline-tags': 'team: ml'
  }
  const commitA = { GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' }
  const commitB = { GITHUB_SHA: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890' }
  console.log(`--- Commit ${commitA.GITHUB_SHA.slice(0, 7)}: pipeline.json, Epochs defaults to 5`)
  showStep(deployInputs)
  const v1 = await runAction({
    endpoint: emulator.endpoint,
    inputs: deployInputs,
    env: commitA,
    files: { 'pipeline.json': deployedDefinition(5) },
    onOutput: log
  })
  showDeploy(v1)

  console.log(
    `\n--- Commit ${commitB.GITHUB_SHA.slice(0, 7)} changes the default of Epochs to 10\n`
  )
  const v2 = await runAction({
    endpoint: emulator.endpoint,
    inputs: deployInputs,
    env: commitB,
    files: { 'pipeline.json': deployedDefinition(10) },
    onOutput: log
  })
  showDeploy(v2)

  console.log(`\n--- "Re-run jobs" for commit ${commitB.GITHUB_SHA.slice(0, 7)}\n`)
  await new Promise(resolve => setTimeout(resolve, 2500))
  const rerun = await runAction({
    endpoint: emulator.endpoint,
    inputs: deployInputs,
    env: commitB,
    files: { 'pipeline.json': deployedDefinition(10) },
    onOutput: log
  })
  showDeploy(rerun)
  const versions = emulator.pipelineVersions('churn-deployed')
  console.log(
    `\n--- In SageMaker: ${versions.length} versions (${versions.map(v => `${v.id}: ${v.displayName?.slice(0, 7)}`).join(', ')}), ${emulator.executions('churn-deployed').length} executions`
  )
  const deployedAsExpected =
    [v1, v2, rerun].map(result => result.outputs['pipeline-definition-status']).join() ===
      'created,updated,unchanged' &&
    rerun.outputs['pipeline-execution-arn'] === v2.outputs['pipeline-execution-arn']

  const expected = [first, again, waited, resumed, v1, v2, rerun].every(result => result.code === 0)
  process.exitCode =
    expected && deployedAsExpected && failed.code === 1 && rejected.code === 1 ? 0 : 1
} finally {
  await emulator.close()
}
if (!(await longWaitsScene())) process.exitCode = 1
if (!(await stepLogsScene())) process.exitCode = 1
if (!(await modelResultsScene())) process.exitCode = 1
if (!(await pullRequestScene())) process.exitCode = 1

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

/** The deploy's outputs and the version the execution runs. */
function showDeploy(result: RunResult): void {
  console.log(`\n--- Outputs ($GITHUB_OUTPUT), exit code ${result.code}`)
  for (const name of [
    'pipeline-definition-status',
    'pipeline-version-id',
    'pipeline-arn',
    'pipeline-execution-arn',
    'pipeline-execution-origin'
  ])
    console.log(`${name}=${result.outputs[name] ?? ''}`)
}

/** The churn pipeline's definition as the SageMaker Python SDK writes it, Epochs defaulting to `epochs`. */
function deployedDefinition(epochs: number): string {
  return JSON.stringify(
    {
      Version: '2020-12-01',
      Metadata: {},
      Parameters: churnTrainingPipeline.parameters.map(parameter =>
        parameter.Name === 'Epochs' ? { ...parameter, DefaultValue: epochs } : parameter
      ),
      PipelineExperimentConfig: {
        ExperimentName: { Get: 'Execution.PipelineName' },
        TrialName: { Get: 'Execution.PipelineExecutionId' }
      },
      Steps: churnTrainingPipeline.steps.map(step => ({
        Name: step.name,
        Type: step.type,
        Arguments: {}
      }))
    },
    null,
    2
  )
}

function log(text: string): void {
  process.stdout.write(text)
}
