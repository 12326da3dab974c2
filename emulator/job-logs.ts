// What the job of a Training, Processing or Transform step writes to CloudWatch Logs, derived from
// the step's timeline like everything else: the same lines on every read, more as the clock runs.
import { shortHash } from './arns.js'
import { jobName } from './step-metadata.js'
import type { StepState, StopRequest } from './timeline.js'
import type { StepLogs, StepType } from './types.js'

export const LOG_GROUPS = {
  Training: '/aws/sagemaker/TrainingJobs',
  Processing: '/aws/sagemaker/ProcessingJobs',
  Transform: '/aws/sagemaker/TransformJobs'
} as const satisfies Partial<Record<StepType, string>>

type JobType = keyof typeof LOG_GROUPS

export interface LogEvent {
  timestamp: number
  message: string
}

export interface JobStream {
  group: string
  name: string
  /** Oldest first; only those written by the time asked for. */
  events: LogEvent[]
}

// Lines a program writes together (a traceback, its start-up banner) are this far apart.
const BURST_MS = 10
// A job that ends writes this many progress lines while it runs; one that never ends (a seeded
// Executing run) writes one this often.
const PROGRESS_LINES = 5
const OPEN_ENDED_PROGRESS_MS = 30_000
const DEFAULT_EXCEPTION = 'ValueError: Input X contains NaN.'

const isJobType = (type: StepType): type is JobType => Object.hasOwn(LOG_GROUPS, type)

/** The streams the job of a step (as of `now`) has written to, each with its events so far. */
export function jobStreams(
  state: StepState,
  executionId: string,
  stop: StopRequest | undefined,
  now: number
): JobStream[] {
  const { step } = state
  if (!isJobType(step.type)) return []
  const job = jobName(executionId, step)
  const group = LOG_GROUPS[step.type]
  const lines = instanceLines(state, stop, now)
  const count = step.logs?.instanceCount ?? 1
  const first = lines[0]
  if (!first) return []
  const epoch = Math.floor(first.timestamp / 1000)
  const streams: JobStream[] = []
  for (let n = 1; n <= count; n++) {
    // Instances write the same lines a moment apart, but never after the step ended.
    const latest = state.endTime ?? Infinity
    const written = lines
      .map(({ timestamp, line }) => render(line, Math.min(timestamp + n - 1, latest)))
      .filter(e => e.timestamp <= now)
    if (written.length === 0) continue
    if (step.type === 'Transform') {
      const host = `${instanceId(job, n)}-${epoch}`
      streams.push({ group, name: `${job}/${host}`, events: written })
      if (step.logs?.lines === undefined) {
        const data = dataLogLines(state, stop, now).filter(e => e.timestamp <= now)
        if (data.length > 0) streams.push({ group, name: `${job}/${host}/data-log`, events: data })
      }
    } else {
      streams.push({ group, name: `${job}/algo-${n}-${epoch}`, events: written })
    }
  }
  return streams
}

/** Scenario settings that could never be logs; checked when the pipeline is added. */
export function checkStepLogs(step: string, logs: StepLogs | undefined): void {
  const count = logs?.instanceCount
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) {
    throw new Error(
      `Step ${step}: logs.instanceCount must be a whole number of at least 1, not ${count}`
    )
  }
  // CloudWatch Logs takes no empty event (EventMessage has min 1).
  if (logs?.lines?.some(line => line === '')) {
    throw new Error(`Step ${step}: logs.lines must not hold an empty line`)
  }
}

// EC2 instance ids: i- and 17 hex digits.
const instanceId = (job: string, n: number): string =>
  `i-0${shortHash(job, String(n))}${shortHash(String(n), job).slice(0, 6)}`

interface Script {
  /** Written when the container starts. */
  start: readonly Line[]
  /** The k-th line written while it runs (1-based), of `total` if the job ends. */
  progress: (k: number, total?: number) => Line
  succeeded: readonly Line[]
  /** For a failure, given the exception line (`ValueError: ...`). */
  failed: (exception: string) => readonly Line[]
  /** Written when the job gets a stop request. */
  stopped: readonly Line[]
}

/** A line as written; `level` marks the SageMaker toolkit's own, which start with a timestamp. */
interface Line {
  text: string
  level?: 'INFO' | 'ERROR'
}

/** A line and when it is written. */
interface Scheduled {
  timestamp: number
  line: Line
}

/** One instance's lines, as of `now`; some may lie after `now` (those planned while it runs). */
function instanceLines(state: StepState, stop: StopRequest | undefined, now: number): Scheduled[] {
  const { step } = state
  const from = Math.min(step.startAt + step.startingMs, step.endAt)
  // Nothing is written once a stop was asked for, nor by a job stopped before its container started.
  const cutoff = stop && stop.requestedAt < step.endAt ? stop.requestedAt : Infinity
  if (cutoff < from) return []
  const custom = step.logs?.lines
  if (custom) return customLines(custom, from, step.endAt).filter(e => e.timestamp < cutoff)
  const script = SCRIPTS[step.type as JobType]
  const end = endLines(state, script)
  const started = burst(script.start, from)
  const reserved = Math.max(script.succeeded.length, script.failed('').length) * BURST_MS
  const progress = progressTimes(from + started.length * BURST_MS, step.endAt - reserved, now).map(
    (timestamp, i, all) => ({
      timestamp,
      line: script.progress(i + 1, Number.isFinite(step.endAt) ? all.length : undefined)
    })
  )
  const written = [...started, ...progress].filter(e => e.timestamp < cutoff)
  if (stop && cutoff !== Infinity) written.push(...burst(script.stopped, cutoff))
  else if (end && state.endTime !== undefined) {
    written.push(...burst(end, state.endTime - (end.length - 1) * BURST_MS))
  }
  return written
}

/** The lines a job writes as it ends, once it has; undefined while it runs or when it stopped. */
function endLines(state: StepState, script: Script): readonly Line[] | undefined {
  if (state.status === 'Succeeded') return script.succeeded
  if (state.status !== 'Failed') return undefined
  const reason = state.failureReason ?? ''
  // A training job's failure is its script's; other jobs fail in their script on AlgorithmError.
  if (state.step.type !== 'Training' && !/AlgorithmError/.test(reason)) return []
  return script.failed(exceptionLine(reason))
}

// SageMaker wraps the script's exception: `AlgorithmError: ExecuteUserScriptError: ... ErrorMessage
// "ValueError: ..."`; the wrappers are not what the script raised.
const WRAPPERS = new Set(['AlgorithmError', 'ClientError', 'ExecuteUserScriptError'])

/** The exception a failure reason names, or a typical one. */
function exceptionLine(reason: string): string {
  const quoted = /ErrorMessage "([^"\n]+)"/.exec(reason)?.[1]
  if (quoted) return quoted
  const named = [...reason.matchAll(/\b([A-Z]\w*(?:Error|Exception)): /g)].find(
    m => !WRAPPERS.has(m[1] ?? '')
  )
  return named ? (reason.slice(named.index).split('\n')[0] as string) : DEFAULT_EXCEPTION
}

/** When progress lines are written between `from` and `to`: evenly, or without end up to `now`. */
function progressTimes(from: number, to: number, now: number): number[] {
  if (!Number.isFinite(to)) {
    const count = Math.max(0, Math.floor((now - from) / OPEN_ENDED_PROGRESS_MS))
    return Array.from({ length: count }, (_, i) => from + (i + 1) * OPEN_ENDED_PROGRESS_MS)
  }
  if (to <= from) return []
  const step = (to - from) / (PROGRESS_LINES + 1)
  return Array.from({ length: PROGRESS_LINES }, (_, i) => Math.floor(from + (i + 1) * step))
}

function customLines(lines: readonly string[], from: number, to: number): Scheduled[] {
  const spacing = Number.isFinite(to) && lines.length > 1 ? (to - from) / (lines.length - 1) : 1000
  return lines.map((message, i) => ({
    timestamp: Math.floor(Number.isFinite(to) && i === lines.length - 1 ? to : from + i * spacing),
    line: text(message)
  }))
}

const burst = (lines: readonly Line[], from: number): Scheduled[] =>
  lines.map((line, i) => ({ timestamp: from + i * BURST_MS, line }))

// The toolkit's own lines, as `2026-01-01 00:00:01,234 sagemaker-training-toolkit INFO     ...`.
function render(line: Line, timestamp: number): LogEvent {
  if (!line.level) return { timestamp, message: line.text }
  const time = new Date(timestamp).toISOString().replace('T', ' ').replace('.', ',').slice(0, -1)
  return {
    timestamp,
    message: `${time} sagemaker-training-toolkit ${line.level.padEnd(8)} ${line.text}`
  }
}

// The transform agent's record of what it sent the model: its settings, then one line per input file.
function dataLogLines(state: StepState, stop: StopRequest | undefined, now: number): LogEvent[] {
  return instanceLines(state, stop, now).map((e, i) => {
    const at = `${new Date(e.timestamp).toISOString().slice(0, -1)}:[sagemaker logs]`
    return {
      timestamp: e.timestamp,
      message:
        i === 0
          ? `${at}: MaxConcurrentTransforms=1, MaxPayloadInMB=6, BatchStrategy=MULTI_RECORD`
          : `${at}: s3://example-bucket/churn/batch/part-${String(i).padStart(5, '0')}.csv: 200`
    }
  })
}

const text = (value: string): Line => ({ text: value })
const info = (value: string): Line => ({ text: value, level: 'INFO' })
const error = (value: string): Line => ({ text: value, level: 'ERROR' })

const TRAIN_COMMAND = '/opt/conda/bin/python3.10 train.py --epochs 5'

/** A Python traceback as a script that fails in `frames` prints it, one line per event. */
const traceback = (
  frames: ReadonlyArray<[string, number, string, string]>,
  exception: string
): Line[] => [
  text('Traceback (most recent call last):'),
  ...frames.flatMap(([file, lineNo, where, code]) => [
    text(`  File "${file}", line ${lineNo}, in ${where}`),
    text(`    ${code}`)
  ]),
  text(exception)
]

const SKLEARN = '/opt/conda/lib/python3.10/site-packages/sklearn'

const SCRIPTS: Record<JobType, Script> = {
  Training: {
    start: [
      info('Imported framework sagemaker_sklearn_container.training'),
      info('No GPUs detected (normal if no gpus installed)'),
      info('Invoking user script'),
      text('Invoking script with the following command:'),
      text(TRAIN_COMMAND)
    ],
    progress: (k, total) => {
      const loss = (0.69 * 0.8 ** k).toFixed(4)
      const validation = (0.71 * 0.82 ** k).toFixed(4)
      return text(`Epoch ${k}${total ? `/${total}` : ''} - loss: ${loss} - val_loss: ${validation}`)
    },
    succeeded: [
      text('Training complete. Saving the model to /opt/ml/model'),
      info('Reporting training SUCCESS')
    ],
    failed: exception => [
      ...traceback(
        [
          ['/opt/ml/code/train.py', 42, '<module>', 'main()'],
          ['/opt/ml/code/train.py', 36, 'main', 'model.fit(features, labels)'],
          [`${SKLEARN}/base.py`, 1151, 'wrapper', 'return fit_method(estimator, *args, **kwargs)'],
          [
            `${SKLEARN}/utils/validation.py`,
            147,
            '_assert_all_finite',
            `raise ${exception.split(':')[0]}(msg_err)`
          ]
        ],
        exception
      ),
      error('Reporting training FAILURE'),
      error('ExecuteUserScriptError:'),
      text('ExitCode 1'),
      text(`ErrorMessage "${exception}"`),
      text(`Command "${TRAIN_COMMAND}"`)
    ],
    stopped: [text('Received SIGTERM, stopping training'), info('Reporting training STOPPED')]
  },
  Processing: {
    start: [
      text('Received arguments Namespace(train_test_split_ratio=0.2)'),
      text('Reading input data from /opt/ml/processing/input/data.csv')
    ],
    progress: k => text(`Processed ${k * 2000} rows`),
    succeeded: [
      text('Saving train features to /opt/ml/processing/output/train/train_features.csv'),
      text('Saving test features to /opt/ml/processing/output/test/test_features.csv')
    ],
    failed: exception =>
      traceback(
        [
          [
            '/opt/ml/processing/input/code/preprocess.py',
            58,
            '<module>',
            'features = transform(df)'
          ],
          [
            '/opt/ml/processing/input/code/preprocess.py',
            31,
            'transform',
            'return scaler.fit_transform(df)'
          ]
        ],
        exception
      ),
    stopped: [text('Received SIGTERM, stopping')]
  },
  Transform: {
    start: [
      text('Starting the inference server with 2 workers.'),
      text('[INFO] Listening at: unix:/tmp/gunicorn.sock'),
      text('[INFO] Booting worker with pid: 21')
    ],
    progress: k => text(`169.254.255.130 - - "POST /invocations HTTP/1.1" 200 ${1000 + k * 17}`),
    succeeded: [text('[INFO] Handling signal: term'), text('[INFO] Shutting down: Master')],
    failed: exception =>
      traceback(
        [
          ['/opt/ml/model/code/inference.py', 27, 'predict_fn', 'return model.predict(input_data)'],
          [`${SKLEARN}/base.py`, 1151, 'wrapper', 'return fit_method(estimator, *args, **kwargs)']
        ],
        exception
      ),
    stopped: [text('[INFO] Handling signal: term')]
  }
}
