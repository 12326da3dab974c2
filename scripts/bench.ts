// `npm run bench`: how long the action takes to start an execution, against what it could take.
// Against the local endpoint (loopback, in-process), it runs in turn, a warm-up round then
// --runs counted rounds:
//   A  dist/index.js (or the bundle --action names), as the runner runs it, starting an
//      execution (no waiting)
//   B  the floor: the same StartPipelineExecution with the same SDK, bundled the same way (ncc)
//   K  the floor on the design's stack: B through @actions/core and @actions/github, run as A is
//   C  `aws sagemaker start-pipeline-execution`, if the AWS CLI is installed
//   D  `node -e ''`, Node's own start
//   E  A with pipeline-definition-file, the definition already deployed: the deploy check's cost
//   R  A on a pull request with pull-request-comment and commit-status, against the local GitHub
//      API: what reporting costs a start (Octokit's chunk, the comment and the status)
// Then the cost of waiting, from the poll schedule the action follows. Not part of `npm test`.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  churnTrainingPipeline,
  startEmulator,
  startGitHubEmulator,
  type Emulator,
  type GitHubEmulator
} from '../emulator/index.js'
import {
  ACTION,
  ACTION_NODE,
  parseOutputFile,
  prepareStep,
  pullRequestEvent,
  runAction,
  SHA
} from '../test-support/runner.js'
import { SCENARIOS, waitingCost } from './bench/waiting.js'
import { githubCallsOfAnHour } from './bench/github-calls.js'
import { NCC_OPTIONS } from './package.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '1' },
    // Another build of the action, e.g. one from `node scripts/package.js <dir>`.
    action: { type: 'string', default: ACTION }
  }
})
const RUNS = Math.max(1, Number(values.runs))
const WARMUP = Math.max(0, Number(values.warmup))
const BUNDLE = resolve(values.action)

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const NCC = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const PIPELINE = churnTrainingPipeline.name
const PARAMETERS =
  'Epochs: 10\nLearningRate: 0.050\nDataPath: s3://example-bucket/churn/2026-11.csv'
const TARGETS = { aOverB: 1.2, cOverA: 2.5, peakRssMb: 100 }
/** The calls a registered model adds: the registry's, and S3's for the statistics. */
const MODEL_OPERATIONS = new Set(['DescribeModelPackage', 'ListModelPackages', 'GetObject'])
const DEFINITION_FILE = 'pipeline.json'

interface Sample {
  ms: number
  /** Peak resident set of the process, KiB; undefined when it could not be read. */
  maxRssKb: number | undefined
  /** User + system CPU time of the process: steadier than wall time on a busy machine. */
  cpuMs: number | undefined
}

/**
 * What a step gets besides the start's inputs: a definition file to deploy first (E), or a pull
 * request to report on through the local GitHub API (R).
 */
interface StepVariant {
  inputs: Record<string, string>
  files?: Record<string, string>
  eventName?: string
  event?: object
  github?: GitHubEmulator
}

/** The pull request R reports on, whose head is the commit the harness runs for. */
const PULL = 7

interface Command {
  key: string
  label: string
  run(round: number): Promise<Sample>
}

const work = mkdtempSync(join(tmpdir(), 'bench-'))
// Each Node process writes its peak RSS (getrusage's, as /usr/bin/time reports it) and CPU time
// to a file on exit.
const RSS_PRELOAD = join(work, 'max-rss.cjs')
writeFileSync(
  RSS_PRELOAD,
  "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(process.env.BENCH_RSS_FILE, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1000}`) })\n"
)
const TIME = '/usr/bin/time'
const AWS_CLI = findOnPath('aws')

const emulator = await startEmulator()
const github = await startGitHubEmulator()
try {
  emulator.addPipeline(churnTrainingPipeline)
  console.log(
    `Node ${execFileSync(ACTION_NODE, ['--version'], { encoding: 'utf8' }).trim()} (${ACTION_NODE})`
  )
  console.log(`A: ${BUNDLE} (${kib(statSync(BUNDLE).size)})`)
  const floor = buildFloor('scripts/bench/floor.ts', 'floor')
  console.log(`B: ${floor} (${kib(statSync(floor).size)}), built with ncc`)
  const toolkitFloor = buildFloor('scripts/bench/floor-toolkit.ts', 'floor-toolkit')
  console.log(`K: ${toolkitFloor} (${kib(statSync(toolkitFloor).size)}), built with ncc`)
  console.log(AWS_CLI ? `C: ${AWS_CLI} (${awsVersion(AWS_CLI)})` : 'C: skipped, no `aws` on PATH')
  console.log(
    `Endpoint ${emulator.endpoint}; ${WARMUP} warm-up and ${RUNS} counted rounds of A B K C D E R\n`
  )
  const deploy = unchangedDeploy(emulator)
  const reporting = reportingOn(github)

  // The floor and the CLI send the very request the action sent, each with a token of its own.
  const request = await firstActionRequest(emulator)
  const commands: Command[] = [
    {
      key: 'A',
      label: `action (${BUNDLE === ACTION ? 'dist/index.js' : '--action'})`,
      run: () => runStepOnce(emulator, BUNDLE, 'a')
    },
    {
      key: 'B',
      label: 'floor (SDK only, ncc)',
      run: () =>
        expectStart(emulator, () =>
          timedNode([floor], { ...awsEnv(emulator), BENCH_REQUEST: withFreshToken(request) })
        )
    },
    {
      key: 'K',
      label: 'floor (@actions/core, @actions/github, SDK, ncc)',
      run: () => runStepOnce(emulator, toolkitFloor, 'k')
    },
    ...(AWS_CLI
      ? [
          {
            key: 'C',
            label: 'aws sagemaker start-pipeline-execution',
            run: () =>
              expectStart(emulator, () =>
                timed(
                  AWS_CLI,
                  [
                    'sagemaker',
                    'start-pipeline-execution',
                    '--cli-input-json',
                    withFreshToken(request),
                    '--endpoint-url',
                    emulator.endpoint
                  ],
                  awsEnv(emulator)
                )
              )
          }
        ]
      : []),
    { key: 'D', label: "node -e ''", run: () => timedNode(['-e', ''], baseEnv()) },
    {
      key: 'E',
      label: 'action, deploying an unchanged pipeline-definition-file',
      run: () => runStepOnce(emulator, BUNDLE, 'e', deploy)
    },
    {
      key: 'R',
      label: 'action, reporting on a pull request (comment and status)',
      run: () => runStepOnce(emulator, BUNDLE, 'r', reporting)
    }
  ]

  const samples = new Map<string, Sample[]>(commands.map(c => [c.key, []]))
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const command of commands) {
      const sample = await command.run(round)
      if (round >= WARMUP) samples.get(command.key)?.push(sample)
    }
    process.stderr.write(`\rround ${round + 1}/${WARMUP + RUNS}`)
  }
  process.stderr.write('\n')
  const stats = printTimings(commands, samples)

  console.log()
  printDeployCost(stats, {
    plain: await operationsOf(emulator, () => runStepOnce(emulator, BUNDLE, 'a')),
    deploy: await operationsOf(emulator, () => runStepOnce(emulator, BUNDLE, 'e', deploy))
  })

  console.log()
  printReportingCost(
    stats,
    await githubCallsOf(github, () => runStepOnce(emulator, BUNDLE, 'r', reporting))
  )

  console.log()
  printWaiting(await measureCallsPerLook(emulator), await measureLogCallsPerLook(emulator))

  console.log()
  printModelCost(await measureModelCalls(emulator))

  console.log()
  printGitHubCalls(await githubCallsOfAnHour())
} finally {
  await emulator.close()
  await github.close()
  rmSync(work, { recursive: true, force: true })
}

interface Stats {
  median: number
  p90: number
  peakMb: number | undefined
  cpu: number
}

function printTimings(commands: Command[], samples: Map<string, Sample[]>): Map<string, Stats> {
  const stats = new Map(
    commands.map(c => {
      const runs = samples.get(c.key) ?? []
      const ms = runs.map(s => s.ms)
      const rss = runs.map(s => s.maxRssKb).filter((kb): kb is number => kb !== undefined)
      const cpu = runs.map(s => s.cpuMs).filter((t): t is number => t !== undefined)
      return [
        c.key,
        {
          median: percentile(ms, 0.5),
          p90: percentile(ms, 0.9),
          peakMb: rss.length ? Math.max(...rss) / 1024 : undefined,
          cpu: percentile(cpu, 0.5)
        }
      ]
    })
  )
  const rows = commands.map(c => {
    const s = stats.get(c.key)
    return [
      `${c.key}  ${c.label}`,
      fixed(s?.median, 0),
      fixed(s?.p90, 0),
      fixed(s?.peakMb, 1),
      fixed(s?.cpu, 0)
    ]
  })
  table(['command', 'median ms', 'p90 ms', 'peak RSS MB', 'median CPU ms'], rows)
  console.log(
    `(${RUNS} runs each. ms: wall time from spawn to exit. Peak RSS: getrusage's maxrss, MiB. CPU: user + system. From process.resourceUsage() for Node${existsSync(TIME) ? `, ${TIME} for the AWS CLI` : ''}.)`
  )

  const [a, b, k, c] = ['A', 'B', 'K', 'C'].map(key => stats.get(key))
  const aOverB = a && b ? a.median / b.median : undefined
  const aOverK = a && k ? a.median / k.median : undefined
  const cOverA = a && c ? c.median / a.median : undefined
  console.log()
  table(
    ['target', 'measured', ''],
    [
      [`A/B <= ${TARGETS.aOverB}`, fixed(aOverB, 2), verdict(aOverB, v => v <= TARGETS.aOverB)],
      ['A/K (information, no target)', fixed(aOverK, 2), ''],
      [
        `C/A >= ${TARGETS.cOverA}`,
        fixed(cOverA, 2),
        AWS_CLI ? verdict(cOverA, v => v >= TARGETS.cOverA) : 'SKIP (no AWS CLI)'
      ],
      [
        `peak RSS of A <= ${TARGETS.peakRssMb} MB`,
        fixed(a?.peakMb, 1),
        verdict(a?.peakMb, v => v <= TARGETS.peakRssMb)
      ]
    ]
  )
  return stats
}

/** E against A: the SageMaker calls of one run of each, and the time the check adds. No target. */
function printDeployCost(
  stats: Map<string, Stats>,
  operations: { plain: string[]; deploy: string[] }
): void {
  const [a, e] = ['A', 'E'].map(key => stats.get(key))
  const added = (x: number | undefined, y: number | undefined, digits: number) =>
    x === undefined || y === undefined
      ? 'n/a'
      : `${x - y >= 0 ? '+' : ''}${(x - y).toFixed(digits)}`
  console.log(
    'Cost of the deploy check when the definition is unchanged (E: pipeline-definition-file, against A: a plain start):'
  )
  table(
    ['', 'SageMaker calls', 'median ms', 'median CPU ms'],
    [
      ['A  plain start', String(operations.plain.length), fixed(a?.median, 0), fixed(a?.cpu, 0)],
      [
        'E  deploy check, unchanged',
        String(operations.deploy.length),
        fixed(e?.median, 0),
        fixed(e?.cpu, 0)
      ],
      [
        'added (E - A)',
        added(operations.deploy.length, operations.plain.length, 0),
        added(e?.median, a?.median, 0),
        added(e?.cpu, a?.cpu, 0)
      ],
      [
        'ratio (E / A)',
        fixed(operations.deploy.length / operations.plain.length, 2),
        fixed(e && a && e.median / a.median, 2),
        fixed(e && a && e.cpu / a.cpu, 2)
      ]
    ]
  )
  console.log(`A calls: ${operations.plain.join(', ')}`)
  console.log(`E calls: ${operations.deploy.join(', ')}`)
  console.log(
    `(${RUNS} runs each, interleaved with the others. Calls: one run of each, in order; E's ListPipelineVersions and DescribePipeline are the deploy check, which finds the file deployed; with validate-parameters (the default), A reads the definition with DescribePipeline for its check, and E checks against ${DEFINITION_FILE} with no call, so the check adds one call, two without validate-parameters.)`
  )
}

/**
 * The definition of the pipeline A starts, as a file laid out otherwise (indented, keys in
 * another order): the same JSON value, so the step finds it deployed and makes no write call.
 */
function unchangedDeploy(emulator: Emulator): StepVariant {
  const deployed = emulator.pipelineVersions(PIPELINE).at(-1)?.definition ?? '{}'
  const value = JSON.parse(deployed) as Record<string, unknown>
  const reordered = Object.fromEntries(Object.entries(value).reverse())
  return {
    inputs: { 'pipeline-definition-file': DEFINITION_FILE },
    files: { [DEFINITION_FILE]: JSON.stringify(reordered, null, 2) }
  }
}

/** R's inputs and event: a start on a pull request that comments and sets a status. */
function reportingOn(github: GitHubEmulator): StepVariant {
  return {
    inputs: { 'pull-request-comment': 'true', 'commit-status': 'true' },
    ...pullRequestEvent(PULL, SHA),
    github
  }
}

/** The GitHub calls of one run, in order. */
async function githubCallsOf(
  github: GitHubEmulator,
  run: () => Promise<unknown>
): Promise<string[]> {
  await run()
  return github.requests.map(r => `${r.method} ${r.path.replace(/^\/repos\/[^/]+\/[^/]+/, '')}`)
}

function printReportingCost(stats: Map<string, Stats>, calls: string[]): void {
  const [a, r] = ['A', 'R'].map(key => stats.get(key))
  console.log(
    'Cost of reporting on a pull request (R: pull-request-comment and commit-status, against A: a plain start, which loads none of it):'
  )
  table(
    ['', 'median ms', 'median CPU ms', 'peak RSS MB'],
    [
      ['A  plain start', fixed(a?.median, 0), fixed(a?.cpu, 0), fixed(a?.peakMb, 1)],
      ['R  reporting on', fixed(r?.median, 0), fixed(r?.cpu, 0), fixed(r?.peakMb, 1)],
      [
        'ratio (R / A)',
        fixed(r && a && r.median / a.median, 2),
        fixed(r && a && r.cpu / a.cpu, 2),
        fixed(r?.peakMb && a?.peakMb && r.peakMb / a.peakMb, 2)
      ]
    ]
  )
  console.log(`R GitHub calls: ${calls.join(', ')}`)
}

/** The SageMaker operations one run sends, in order. */
async function operationsOf(emulator: Emulator, run: () => Promise<unknown>): Promise<string[]> {
  const before = emulator.requests.length
  await run()
  return emulator.requests.slice(before).map(r => r.operation)
}

function printWaiting(
  callsPerLook: { looks: number; calls: number },
  logCallsPerLook: { looks: number; calls: number }
): void {
  const perLook = callsPerLook.calls / callsPerLook.looks
  const costs = SCENARIOS.map(scenario => waitingCost(scenario))
  console.log(
    'Cost of waiting (src/schedule.ts, max-poll-interval default; 2000 seeded runs, 2 calls a look):'
  )
  table(
    [
      'execution',
      'looks',
      'API calls',
      'busiest hour',
      'execution ends in',
      'mean delay',
      'worst seen',
      'worst case'
    ],
    costs.map(cost => [
      cost.scenario.label,
      `${cost.looks.toFixed(0)} (<= ${cost.mostLooks})`,
      `${(cost.looks * 2).toFixed(0)} (<= ${cost.mostLooks * 2})`,
      `${cost.busiestHourCalls.toFixed(0)} (${cost.worstSeenBusiestHourCalls}, <= ${cost.mostBusiestHourCalls})`,
      `${minutes(cost.scenario.from)}-${minutes(cost.scenario.until)}`,
      seconds(cost.meanDelayMs),
      seconds(cost.worstSeenDelayMs),
      seconds(cost.worstCaseDelayMs)
    ])
  )
  console.log(
    '(Means over the runs. Looks and calls: until the end is noticed; busiest hour: (most seen, bound); <= n: every delay at its shortest. Delays: from the end to the look that sees it, over ends spread evenly; worst case: every delay at its longest.)'
  )
  const busiest = Math.max(...costs.map(c => c.worstSeenBusiestHourCalls))
  // step-logs: all adds CloudWatch calls at each look: measured per look on a two-job pipeline,
  // times the looks of the busiest hour (the SageMaker calls of that hour, 2 a look).
  const logsPerLook = logCallsPerLook.calls / logCallsPerLook.looks
  const busiestLogs = Math.round((busiest / 2) * logsPerLook)
  const early = costs[0]?.meanDelayMs ?? NaN
  const later = Math.max(...costs.slice(1).map(c => c.meanDelayMs))
  console.log()
  table(
    ['target', 'measured', ''],
    [
      [
        'calls per look <= 2',
        `${perLook.toFixed(2)} (dist/index.js waited: ${callsPerLook.looks} looks, ${callsPerLook.calls} calls)`,
        verdict(perLook, v => v <= 2)
      ],
      [
        'calls per hour of waiting <= 250',
        `${busiest} (busiest hour, most seen)`,
        verdict(busiest, v => v <= 250)
      ],
      [
        'CloudWatch calls per hour, step-logs: all <= 250',
        `${busiestLogs} (${logsPerLook.toFixed(2)} a look, two jobs one after the other: ${logCallsPerLook.calls} calls in ${logCallsPerLook.looks} looks)`,
        verdict(busiestLogs, v => v <= 250)
      ],
      ['mean delay, first 10 min <= 10 s', seconds(early), verdict(early, v => v <= 10_000)],
      ['mean delay, after <= 30 s', seconds(later), verdict(later, v => v <= 30_000)]
    ]
  )
}

/** Runs the action once with wait on a short pipeline, and counts the looks and calls it made. */
async function measureCallsPerLook(emulator: Emulator): Promise<{ looks: number; calls: number }> {
  const name = 'bench-short-wait'
  emulator.addPipeline({ name, steps: [{ name: 'Train', type: 'Training', durationMs: 5000 }] })
  const before = emulator.requests.length
  const result = await runAction({
    endpoint: emulator.endpoint,
    inputs: { 'pipeline-name': name, 'client-request-token': token('wait'), wait: 'true' },
    timeoutMs: 60_000
  })
  if (result.code !== 0) throw new Error(`The waited run failed:\n${result.stdout}${result.stderr}`)
  const ops = emulator.requests.slice(before).map(r => r.operation)
  const describes = ops.filter(op => op === 'DescribePipelineExecution').length
  const lists = ops.filter(op => op === 'ListPipelineExecutionSteps').length
  // The describe right after the start is not a look of the wait.
  return { looks: describes - 1, calls: describes - 1 + lists }
}

/**
 * Runs the action once with wait and step-logs: all on a pipeline of two jobs, one after the
 * other, and counts its looks and its CloudWatch Logs calls.
 */
async function measureLogCallsPerLook(
  emulator: Emulator
): Promise<{ looks: number; calls: number }> {
  const name = 'bench-step-logs'
  emulator.addPipeline({
    name,
    steps: [
      { name: 'Preprocess', type: 'Processing', durationMs: 4000 },
      { name: 'Train', type: 'Training', durationMs: 6000 }
    ]
  })
  const before = emulator.requests.length
  const result = await runAction({
    endpoint: emulator.endpoint,
    inputs: {
      'pipeline-name': name,
      'client-request-token': token('step-logs'),
      wait: 'true',
      'step-logs': 'all'
    },
    timeoutMs: 60_000
  })
  if (result.code !== 0)
    throw new Error(`The run with step-logs: all failed:\n${result.stdout}${result.stderr}`)
  const requests = emulator.requests.slice(before)
  const looks = requests.filter(r => r.operation === 'ListPipelineExecutionSteps').length
  const calls = requests.filter(r => r.service === 'logs').length
  return { looks, calls }
}

/**
 * Runs the action once with wait on a pipeline whose RegisterModel step registers version 8 of a
 * group whose version 7 is approved, and returns the calls it made beyond the wait's own: what
 * reading the model costs.
 */
async function measureModelCalls(emulator: Emulator): Promise<string[]> {
  const name = 'bench-model'
  emulator.addPipeline({
    name,
    steps: [
      { name: 'Train', type: 'Training', durationMs: 2000 },
      { name: 'RegisterModel', type: 'RegisterModel', durationMs: 500, model: { group: name } }
    ]
  })
  emulator.seedModelPackage({ group: name, version: 7, approvalStatus: 'Approved' })
  const before = emulator.requests.length
  const result = await runAction({
    endpoint: emulator.endpoint,
    inputs: { 'pipeline-name': name, 'client-request-token': token('model'), wait: 'true' },
    timeoutMs: 60_000
  })
  if (result.code !== 0 || !result.outputs['approved-model-package-arn'])
    throw new Error(`The run with a registered model failed:\n${result.stdout}${result.stderr}`)
  return emulator.requests
    .slice(before)
    .filter(r => MODEL_OPERATIONS.has(r.operation))
    .map(r => `${r.service}:${r.operation}`)
}

function printModelCost(calls: string[]): void {
  const sagemaker = calls.filter(call => call.startsWith('sagemaker:')).length
  const s3 = calls.filter(call => call.startsWith('s3:')).length
  console.log(
    `Cost of a registered model (a succeeded wait whose RegisterModel step made version 8, version 7 approved): ${calls.join(', ')}`
  )
  table(
    ['target', 'measured', ''],
    [
      [
        'SageMaker calls more than without a model <= 4',
        `${sagemaker} (and ${s3} S3 GetObject, the two statistics objects)`,
        verdict(sagemaker, v => v <= 4)
      ]
    ]
  )
}

function printGitHubCalls({
  calls,
  busiestMinute,
  busiestHour
}: Awaited<ReturnType<typeof githubCallsOfAnHour>>): void {
  const counts = new Map<string, number>()
  for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1)
  console.log(
    `GitHub calls of pull-request-comment and commit-status over a one-hour wait of five steps, one after the other (the reporter of src/pr at the looks of the poll schedule): ${calls.length} in all: ${[...counts].map(([call, n]) => `${n} ${call}`).join(', ')}`
  )
  table(
    ['target', 'measured', ''],
    [
      [
        'comment updates in the hour <= 60 (+1 at the end)',
        String(counts.get('PATCH comment') ?? 0),
        verdict(counts.get('PATCH comment') ?? 0, v => v <= 61)
      ],
      [
        'content-creating calls in the busiest minute < 80',
        String(busiestMinute),
        verdict(busiestMinute, v => v < 80)
      ],
      [
        'content-creating calls in the busiest hour < 500',
        String(busiestHour),
        verdict(busiestHour, v => v < 500)
      ]
    ]
  )
}

/** Runs a bundle as the runner runs the action's step; it must start an execution and set its ARN. */
async function runStepOnce(
  emulator: Emulator,
  bundle: string,
  prefix: string,
  variant?: StepVariant
): Promise<Sample> {
  const github = variant?.github
  const dir = mkdtempSync(join(work, 'step-'))
  const step = prepareStep(dir, {
    endpoint: emulator.endpoint,
    inputs: {
      'pipeline-name': PIPELINE,
      parameters: PARAMETERS,
      'client-request-token': token(prefix),
      ...variant?.inputs
    },
    files: variant?.files,
    eventName: variant?.eventName,
    event: variant?.event,
    github: github && { endpoint: github.endpoint }
  })
  // A fresh pull request each run: the comment is created, as on a first run.
  github?.reset()
  github?.addPullRequest({ number: PULL, headSha: SHA })
  // The step runs in its workspace, as the runner runs it.
  const sample = await expectStart(emulator, () => timedNode([bundle], step.env, dir))
  const outputs = parseOutputFile(readFileSync(step.files.output, 'utf8'))
  if (!outputs['pipeline-execution-arn']?.startsWith('arn:'))
    throw new Error(`${bundle} set no pipeline-execution-arn output.`)
  if (github && !outputs['pull-request-comment-url'])
    throw new Error(`${bundle} set no pull-request-comment-url output.`)
  if (variant?.files && outputs['pipeline-definition-status'] !== 'unchanged')
    throw new Error(
      `${bundle} found ${DEFINITION_FILE} ${outputs['pipeline-definition-status'] ?? 'not deployed'}, not unchanged.`
    )
  rmSync(dir, { recursive: true, force: true })
  return sample
}

/** The action's StartPipelineExecution body, from one run (the warm-up's first). */
async function firstActionRequest(emulator: Emulator): Promise<object> {
  await runStepOnce(emulator, BUNDLE, 'a')
  const body = emulator.requestsFor('StartPipelineExecution').at(-1)?.body
  if (typeof body !== 'object' || body === null)
    throw new Error('The action sent no start request.')
  return body
}

/** Checks that the command really started an execution, as every run must. */
async function expectStart(emulator: Emulator, run: () => Promise<Sample>): Promise<Sample> {
  const before = emulator.executions(PIPELINE).length
  const sample = await run()
  const after = emulator.executions(PIPELINE).length
  if (after !== before + 1) throw new Error(`Expected one new execution, found ${after - before}.`)
  return sample
}

function timedNode(args: string[], env: Record<string, string>, cwd?: string): Promise<Sample> {
  const rssFile = join(work, `rss-${randomUUID()}`)
  return timed(
    ACTION_NODE,
    args,
    { ...env, NODE_OPTIONS: `--require ${RSS_PRELOAD}`, BENCH_RSS_FILE: rssFile },
    cwd
  ).then(sample => ({ ...sample, ...readUsage(rssFile) }))
}

/** Runs a command to its end; under /usr/bin/time when there is one and it is not Node. */
async function timed(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string
): Promise<Sample> {
  const rssFile = join(work, `rss-${randomUUID()}`)
  const underTime = command !== ACTION_NODE && existsSync(TIME)
  const [file, argv] = underTime
    ? [TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]]
    : [command, args]
  const started = performance.now()
  const child = spawn(file, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const ms = performance.now() - started
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)
  if (!underTime) return { ms, maxRssKb: undefined, cpuMs: undefined }
  // /usr/bin/time: "KiB user-seconds system-seconds"
  const usage = readUsage(rssFile)
  return { ms, maxRssKb: usage.maxRssKb, cpuMs: usage.cpuMs && usage.cpuMs * 1000 }
}

/** "maxRSS-KiB cpu" (cpu: ms from the preload) or "KiB user system" (seconds, from /usr/bin/time). */
function readUsage(file: string): { maxRssKb: number | undefined; cpuMs: number | undefined } {
  if (!existsSync(file)) return { maxRssKb: undefined, cpuMs: undefined }
  const [kb, ...cpu] = (readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '')
    .split(' ')
    .map(Number)
  const total = cpu.reduce((sum, part) => sum + part, 0)
  return {
    maxRssKb: Number.isFinite(kb) ? kb : undefined,
    cpuMs: cpu.length && Number.isFinite(total) ? total : undefined
  }
}

/** Bundles a floor script as scripts/package.js bundles the action. */
function buildFloor(entry: string, name: string): string {
  const out = join(work, name)
  execFileSync(process.execPath, [NCC, 'build', entry, '-o', out, ...NCC_OPTIONS], {
    cwd: ROOT,
    stdio: 'pipe'
  })
  return join(out, 'index.js')
}

/** Nothing from this machine but PATH, as runAction does; HOME is an empty folder. */
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: work }
}

function awsEnv(emulator: Emulator): Record<string, string> {
  return {
    ...baseEnv(),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_ENDPOINT_URL_SAGEMAKER: emulator.endpoint,
    AWS_CONFIG_FILE: join(work, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true'
  }
}

function withFreshToken(request: object): string {
  return JSON.stringify({ ...request, ClientRequestToken: token('b') })
}

/** A new client request token (32 to 128 characters), so each run starts an execution. */
function token(prefix: string): string {
  return `bench-${prefix}-${randomUUID()}`
}

function findOnPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map(dir => join(dir, name))
    .find(existsSync)
}

function awsVersion(cli: string): string {
  try {
    return execFileSync(cli, ['--version'], { encoding: 'utf8', stdio: 'pipe' }).trim()
  } catch {
    return 'version unknown'
  }
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN
}

function verdict(value: number | undefined, pass: (v: number) => boolean): string {
  if (value === undefined || Number.isNaN(value)) return 'n/a'
  return pass(value) ? 'PASS' : 'FAIL'
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits)
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

function minutes(ms: number): string {
  return ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
  console.log(line(header))
  for (const row of rows) console.log(line(row))
}
