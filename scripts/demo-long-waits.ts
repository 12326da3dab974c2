// `npm run demo`, last scene: a long wait. One job starts the execution and moves on; another
// follows it by its ARN (pipeline-execution-arn) with credentials of its own (role-to-assume),
// which the action renews while it waits. Local STS and ID-token endpoints stand in for AWS and the
// runner; the SageMaker endpoint accepts only the keys that STS issued, and only until they expire.
import { churnTrainingPipeline, startEmulator, startStsEmulator } from '../emulator/index.js'
import { ACTION, ACTION_NODE, runAction, type RunResult } from '../test-support/runner.js'
import { section } from './demo-print.js'

const ROLE = 'arn:aws:iam::123456789012:role/github-sagemaker'
/** Seconds the local STS lets credentials live (real STS: at least 900), so renewals show. */
const LIFETIME_SECONDS = 4

/** Runs the scene; true when both jobs did what they should. */
export async function longWaitsScene(): Promise<boolean> {
  const sts = await startStsEmulator({ credentialLifetimeSeconds: LIFETIME_SECONDS })
  const emulator = await startEmulator({ credentials: sts.credentialCheck() })
  // A quicker churn-training: about 10 s in all.
  emulator.addPipeline({
    ...churnTrainingPipeline,
    steps: churnTrainingPipeline.steps.map(step => ({ ...step, durationMs: step.durationMs / 1.7 }))
  })
  // The runner's variables for a job with `permissions: id-token: write`; no AWS keys at all.
  const env = {
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    ACTIONS_ID_TOKEN_REQUEST_URL: sts.idTokenUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sts.idTokenRequestToken
  }
  try {
    section('7. Start in one job, wait in another: role-to-assume and pipeline-execution-arn')
    console.log(
      `(The local STS issues credentials that live ${LIFETIME_SECONDS} s, so that they expire during the wait.)\n`
    )
    const startInputs = { 'pipeline-name': churnTrainingPipeline.name, 'role-to-assume': ROLE }
    showStep('jobs.train', startInputs, emulator.endpoint)
    const started = await runAction({
      endpoint: emulator.endpoint,
      inputs: startInputs,
      env,
      onOutput: log
    })
    const arn = started.outputs['pipeline-execution-arn'] ?? ''
    console.log(`\n--- Exit code ${started.code}; the job ends, the execution goes on: ${arn}\n`)

    const issuedBefore = sts.issued.length
    const waitInputs = {
      'pipeline-execution-arn': '${{ needs.train.outputs.pipeline-execution-arn }}',
      'role-to-assume': ROLE,
      wait: 'true',
      'max-poll-interval': '1s'
    }
    showStep('jobs.watch (needs: train)', waitInputs, emulator.endpoint)
    const waited = await runAction({
      endpoint: emulator.endpoint,
      inputs: { ...waitInputs, 'pipeline-execution-arn': arn },
      env,
      onOutput: log,
      timeoutMs: 120_000
    })
    showResult(waited)

    const keys = sts.issued.slice(issuedBefore)
    const renewals = Math.max(0, keys.length - 1)
    const first = keys[0]?.issuedAt.getTime() ?? 0
    const last = keys.at(-1)?.expiration.getTime() ?? 0
    const refused = emulator.requests.filter(r =>
      ['ExpiredTokenException', 'UnrecognizedClientException'].includes(r.response?.errorType ?? '')
    ).length
    console.log(
      `\n--- The waiting job assumed ${ROLE} ${keys.length} times over ${Math.round((last - first) / 1000)} s: its credentials were renewed ${renewals} times, every ${LIFETIME_SECONDS} s or sooner (under the SDK's 5-minute refresh window, it renews at every call). Requests refused for their keys: ${refused}. Executions in SageMaker: ${emulator.executions().length}.`
    )
    return (
      started.code === 0 &&
      waited.code === 0 &&
      waited.outputs['pipeline-execution-status'] === 'Succeeded' &&
      waited.outputs['pipeline-execution-origin'] === 'attached' &&
      renewals >= 2 &&
      refused === 0 &&
      emulator.executions().length === 1
    )
  } finally {
    await Promise.all([emulator.close(), sts.close()])
  }
}

function showStep(job: string, inputs: Record<string, string>, endpoint: string): void {
  const lines = Object.entries(inputs).map(([name, value]) => `    ${name}: ${value}`)
  console.log(
    `# ${job}, with permissions: id-token: write\n- uses: owner/sagemaker-pipeline-action@v1\n  with:\n${lines.join('\n')}`
  )
  console.log(`\n$ ${ACTION_NODE} ${ACTION}   (AWS_ENDPOINT_URL_SAGEMAKER=${endpoint})\n`)
}

function showResult(result: RunResult): void {
  console.log(`\n--- Outputs ($GITHUB_OUTPUT)`)
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}=${value}`)
  console.log(`\n--- Job summary ($GITHUB_STEP_SUMMARY)\n${result.summary.trim()}`)
  console.log(`\n--- Exit code ${result.code}`)
}

/** The log as the runner shows it: ::add-mask:: lines are acted on, ::debug:: lines shown only with debug logging. */
function log(text: string): void {
  process.stdout.write(text.replace(/^::(add-mask|debug)::.*\n?/gm, ''))
}
