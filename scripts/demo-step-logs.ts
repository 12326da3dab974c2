// `npm run demo`, scene 8: a training step fails on two instances, and the step shows why: the
// last lines of the job's CloudWatch log streams, merged in time order and named by instance, in
// the log (between ::stop-commands:: and a fresh token, so that no line of the container's is a
// workflow command) and in the job summary. The local endpoint serves CloudWatch Logs too.
import { churnTrainingPipeline, startEmulator } from '../emulator/index.js'
import {
  ACTION,
  ACTION_NODE,
  decodeHtml,
  parseCommands,
  runAction,
  splitVerbatim
} from '../test-support/runner.js'
import { printClaims, section } from './demo-print.js'

const PIPELINE = 'churn-distributed'
const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/opt/ml/code/train.py", line 42, in <module>',
  '    main()',
  '  File "/opt/ml/code/train.py", line 36, in main',
  '    model.fit(features, labels)',
  '  File "/opt/conda/lib/python3.10/site-packages/sklearn/base.py", line 1151, in wrapper',
  '    return fit_method(estimator, *args, **kwargs)',
  'ValueError: Input X contains NaN.'
]
/**
 * What train.py prints on each instance. It runs in GitHub Actions too, so it annotates bad rows
 * with a workflow command of its own, which must reach this log as text.
 */
const LINES = [
  'Invoking script with the following command:',
  '/opt/conda/bin/python3.10 train.py --epochs 10',
  'Loaded s3://example-bucket/churn/2026-11.csv: 48213 rows',
  '::warning file=train.py,line=31::312 rows have no tenure_months',
  ...TRACEBACK
]
const REASON =
  'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "ValueError: Input X contains NaN."'

/** Runs the scene; true when the step failed and showed the traceback as it should. */
export async function stepLogsScene(): Promise<boolean> {
  const emulator = await startEmulator()
  emulator.addPipeline({
    ...churnTrainingPipeline,
    name: PIPELINE,
    steps: churnTrainingPipeline.steps.map(step => ({
      ...step,
      durationMs: step.durationMs / 4,
      ...(step.name === 'Train' && { fails: REASON, logs: { instanceCount: 2, lines: LINES } })
    }))
  })
  try {
    section('8. Train fails on 2 instances: its traceback in the log and the summary')
    console.log(
      `Train runs on 2 instances (algo-1, algo-2), each writing a CloudWatch log stream of its own.
train.py also prints a ::warning:: (it runs in CI too): read from CloudWatch, it must stay text.
`
    )
    const inputs = { 'pipeline-name': PIPELINE, wait: 'true' }
    showStep(inputs, emulator.endpoint)
    const result = await runAction({ endpoint: emulator.endpoint, inputs, timeoutMs: 120_000 })

    const logged = splitVerbatim(result.stdout).blocks[0]
    const pre = summaryLog(result.summary)
    console.log('--- The log from the failure on (the start and the step progress are left out)\n')
    console.log(fromError(result.stdout))
    console.log('\n--- Job summary ($GITHUB_STEP_SUMMARY), its "Log of Train" section\n')
    console.log(pre?.html ?? '(none)')

    // Both instances' lines, merged by time: each line twice, once per instance, in turn.
    const expected = TRACEBACK.flatMap(line => [`[algo-1] ${line}`, `[algo-2] ${line}`])
    // What the runner would have acted on, had it read a CloudWatch line as a command.
    const asCommands = LINES.flatMap(line => parseCommands(line))
    const claims: Array<[string, boolean]> = [
      ['the step fails with exit code 1', result.code === 1],
      [
        'the traceback is in the log, between ::stop-commands:: and its token',
        endsWith(logged, expected)
      ],
      ["the traceback is in the summary's <pre>", endsWith(pre?.lines, expected)],
      [
        'no CloudWatch line became a workflow command',
        !result.commands.some(read =>
          asCommands.some(c => c.command === read.command && c.message === read.message)
        )
      ]
    ]
    return printClaims(result.code, claims)
  } finally {
    await emulator.close()
  }
}

/** The summary's "Log of Train" section as written, and the lines its <pre> shows. */
function summaryLog(summary: string): { html: string; lines: string[] } | undefined {
  const match = /<h3>Log of Train<\/h3>[\s\S]*?<pre>([\s\S]*?)<\/pre>/.exec(summary)
  if (!match) return undefined
  return { html: match[0], lines: decodeHtml(match[1] ?? '').split('\n') }
}

const endsWith = (lines: string[] | undefined, tail: string[]): boolean =>
  lines !== undefined && lines.slice(-tail.length).join('\n') === tail.join('\n')

/** The log from the step's ::error:: on: what a reader of a failed run looks at. */
function fromError(log: string): string {
  const lines = log.trimEnd().split('\n')
  return lines
    .slice(
      Math.max(
        0,
        lines.findIndex(line => line.startsWith('::error::'))
      )
    )
    .join('\n')
}

function showStep(inputs: Record<string, string>, endpoint: string): void {
  const lines = Object.entries(inputs).map(([name, value]) => `    ${name}: ${value}`)
  console.log(`- uses: owner/sagemaker-pipeline-action@v1\n  with:\n${lines.join('\n')}`)
  console.log(
    `\n$ ${ACTION_NODE} ${ACTION}   (AWS_ENDPOINT_URL_SAGEMAKER and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${endpoint})\n`
  )
}
