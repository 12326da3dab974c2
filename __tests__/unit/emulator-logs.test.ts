// The emulator's CloudWatch Logs: the jobs of an execution's steps write their lines as the clock
// runs, and the real SDK reads them from the same endpoint as SageMaker's.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import type { GetLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs'
import {
  ListPipelineExecutionStepsCommand,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand
} from '@aws-sdk/client-sagemaker'
import { loadLogsModel, startEmulator, validateShape } from '../../emulator/index.js'
import type { Emulator, StepSpec } from '../../emulator/index.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
let clock = T0
const at = (ms: number): void => {
  clock = T0 + ms
}

const TRAINING = '/aws/sagemaker/TrainingJobs'
const PROCESSING = '/aws/sagemaker/ProcessingJobs'
const TRANSFORM = '/aws/sagemaker/TransformJobs'
const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }

let emu: Emulator
let logs: CloudWatchLogsClient
let sagemaker: SageMakerClient

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock })
  sagemaker = new SageMakerClient({
    region: 'us-east-1',
    endpoint: emu.endpoint,
    credentials: CREDENTIALS,
    maxAttempts: 1
  })
  // Found the way the action will find it: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS.
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = emu.endpoint
  logs = new CloudWatchLogsClient({ region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 })
})

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS
  sagemaker.destroy()
  logs.destroy()
  await emu.close()
})

beforeEach(() => {
  emu.reset()
  at(0)
})

afterEach(() => {
  expect(emu.violations).toEqual([])
})

let runs = 0

/** Starts an execution of a pipeline of `steps` at the current time; returns its ARN. */
async function run(steps: StepSpec[]): Promise<string> {
  runs += 1
  emu.addPipeline({ name: 'train', steps })
  const started = await sagemaker.send(
    new StartPipelineExecutionCommand({
      PipelineName: 'train',
      ClientRequestToken: `run-${runs}`.padEnd(32, '0')
    })
  )
  return started.PipelineExecutionArn as string
}

/** The job name of a step, as the action finds it: the last part of its Metadata's job ARN. */
async function jobOf(executionArn: string, stepName: string): Promise<string> {
  const listed = await sagemaker.send(
    new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: executionArn })
  )
  const step = listed.PipelineExecutionSteps?.find(s => s.StepName === stepName)
  const metadata = step?.Metadata
  const arn =
    metadata?.TrainingJob?.Arn ?? metadata?.ProcessingJob?.Arn ?? metadata?.TransformJob?.Arn
  return (arn ?? '').split('/').at(-1) as string
}

const messages = (output: { events?: Array<{ message?: string }> }): string[] =>
  (output.events ?? []).map(e => e.message as string)

/** A request the SDK would not build, to see the answer as sent. */
async function raw(
  operation: string,
  body: unknown
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(emu.endpoint, {
    method: 'POST',
    headers: {
      'X-Amz-Target': `Logs_20140328.${operation}`,
      'Content-Type': 'application/x-amz-json-1.1'
    },
    body: JSON.stringify(body)
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

// Train: Starting 0–1 s, Executing 1–20 s.
const TRAIN: StepSpec = { name: 'Train', type: 'Training', durationMs: 20_000, startingMs: 1000 }

describe('log streams as SageMaker names them', () => {
  it('gives a training job one stream per instance, <job>/algo-<n>-<epoch seconds>', async () => {
    const arn = await run([{ ...TRAIN, logs: { instanceCount: 2 } }])
    at(500)
    const job = await jobOf(arn, 'Train')
    expect(job).toMatch(/^pipelines-[a-z0-9]{12}-[0-9a-f]{10}$/)
    // Still Starting: the container has written nothing, so there is no stream yet.
    expect(emu.logStreams(TRAINING)).toEqual([])
    at(1500)
    const epoch = (T0 + 1000) / 1000
    const described = await logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }))
    expect(described.logStreams?.map(s => s.logStreamName)).toEqual([
      `${job}/algo-1-${epoch}`,
      `${job}/algo-2-${epoch}`
    ])
    expect(described.logStreams?.[0]).toMatchObject({
      creationTime: T0 + 1000,
      firstEventTimestamp: T0 + 1000,
      arn: `arn:aws:logs:us-east-1:123456789012:log-group:${TRAINING}:log-stream:${job}/algo-1-${epoch}`
    })
    expect(emu.logStreams(TRAINING).map(s => s.name)).toEqual([
      `${job}/algo-1-${epoch}`,
      `${job}/algo-2-${epoch}`
    ])
    expect(emu.requestsFor('DescribeLogStreams')).toHaveLength(1)
    expect(emu.requestsFor('DescribeLogStreams')[0]?.service).toBe('logs')
  })

  it('gives a processing job <job>/algo-1-<epoch> and a transform job <job>/<instance id>-<epoch> and its data-log', async () => {
    const arn = await run([
      { name: 'Prep', type: 'Processing', durationMs: 5000, startingMs: 1000 },
      { name: 'Score', type: 'Transform', durationMs: 5000, startingMs: 1000 }
    ])
    at(10_000)
    const prep = await jobOf(arn, 'Prep')
    const score = await jobOf(arn, 'Score')
    expect(emu.logStreams(PROCESSING).map(s => s.name)).toEqual([
      `${prep}/algo-1-${(T0 + 1000) / 1000}`
    ])
    const epoch = (T0 + 6000) / 1000
    const transform = emu.logStreams(TRANSFORM).map(s => s.name)
    expect(transform).toHaveLength(2)
    expect(transform[0]).toMatch(new RegExp(`^${score}/i-0[0-9a-f]{16}-${epoch}$`))
    expect(transform[1]).toBe(`${transform[0]}/data-log`)
    expect(emu.logStreams(TRAINING)).toEqual([])
  })

  it('orders streams by last event time and pages them', async () => {
    const arn = await run([
      { name: 'Prep', type: 'Processing', durationMs: 5000, startingMs: 1000 },
      { name: 'Prep2', type: 'Processing', durationMs: 5000, startingMs: 1000 }
    ])
    at(10_000)
    const [prep, prep2] = [await jobOf(arn, 'Prep'), await jobOf(arn, 'Prep2')]
    const byTime = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: `arn:aws:logs:us-east-1:123456789012:log-group:${PROCESSING}`,
        orderBy: 'LastEventTime',
        descending: true,
        limit: 1
      })
    )
    expect(byTime.logStreams?.map(s => s.logStreamName?.split('/')[0])).toEqual([prep2])
    const next = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: `arn:aws:logs:us-east-1:123456789012:log-group:${PROCESSING}`,
        orderBy: 'LastEventTime',
        descending: true,
        limit: 1,
        nextToken: byTime.nextToken
      })
    )
    expect(next.logStreams?.map(s => s.logStreamName?.split('/')[0])).toEqual([prep])
    expect(next.nextToken).toBeUndefined()
    const byPrefix = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: PROCESSING, logStreamNamePrefix: `${prep}/` })
    )
    expect(byPrefix.logStreams).toHaveLength(1)
  })
})

describe('GetLogEvents', () => {
  it('reads forward as lines arrive, and gives the same token back when nothing is new', async () => {
    const arn = await run([TRAIN])
    at(1500)
    const [stream] = emu.logStreams(TRAINING)
    const name = stream?.name as string
    const read = (nextToken?: string): Promise<GetLogEventsCommandOutput> =>
      logs.send(
        new GetLogEventsCommand({
          logGroupName: TRAINING,
          logStreamName: name,
          startFromHead: true,
          nextToken
        })
      )
    const first = await read()
    expect(messages(first)[0]).toMatch(
      /^2026-01-01 00:00:01,000 sagemaker-training-toolkit INFO {5}Imported framework/
    )
    expect(first.events?.length).toBeGreaterThanOrEqual(3)
    expect(first.events?.[0]).toEqual({
      timestamp: T0 + 1000,
      message: expect.any(String),
      ingestionTime: T0 + 1000
    })
    const again = await read(first.nextForwardToken)
    expect(again.events).toEqual([])
    expect(again.nextForwardToken).toBe(first.nextForwardToken)
    at(8000)
    const later = await read(again.nextForwardToken)
    expect(messages(later).length).toBeGreaterThan(0)
    expect(messages(later)[0]).toMatch(/^Epoch 1\/5 - loss: /)
    expect(later.nextForwardToken).not.toBe(first.nextForwardToken)
    at(20_000)
    const end = await read(later.nextForwardToken)
    expect(messages(end).at(-1)).toMatch(/Reporting training SUCCESS$/)
    const all = await read()
    expect(messages(all)).toEqual([...messages(first), ...messages(later), ...messages(end)])
    expect(emu.requestsFor('GetLogEvents')).toHaveLength(5)
    void arn
  })

  it('gives the last events by default, and reads backwards with nextBackwardToken', async () => {
    await run([TRAIN])
    at(30_000)
    const name = emu.logStreams(TRAINING)[0]?.name as string
    const all = emu.logStreams(TRAINING)[0]?.events.map(e => e.message) ?? []
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: name, limit: 3 })
    )
    expect(messages(tail)).toEqual(all.slice(-3))
    const before = await logs.send(
      new GetLogEventsCommand({
        logGroupName: TRAINING,
        logStreamName: name,
        limit: 3,
        nextToken: tail.nextBackwardToken
      })
    )
    expect(messages(before)).toEqual(all.slice(-6, -3))
    const ranged = await logs.send(
      new GetLogEventsCommand({
        logGroupName: TRAINING,
        logStreamName: name,
        startFromHead: true,
        startTime: T0 + 1010,
        endTime: T0 + 1030
      })
    )
    expect(ranged.events?.map(e => e.timestamp)).toEqual([T0 + 1010, T0 + 1020])
  })

  it('ends a failed training job with its Python traceback, indentation kept', async () => {
    const reason =
      'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "ValueError: Input X contains NaN."'
    await run([{ ...TRAIN, fails: reason }])
    at(19_999)
    const stream = emu.logStreams(TRAINING)[0]
    expect(stream?.events.map(e => e.message)).not.toContain('Traceback (most recent call last):')
    at(20_000)
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: stream?.name as string })
    )
    const lines = messages(tail)
    const from = lines.indexOf('Traceback (most recent call last):')
    expect(lines.slice(from, from + 3)).toEqual([
      'Traceback (most recent call last):',
      '  File "/opt/ml/code/train.py", line 42, in <module>',
      '    main()'
    ])
    expect(lines).toContain('ValueError: Input X contains NaN.')
    expect(lines.at(-2)).toBe('ErrorMessage "ValueError: Input X contains NaN."')
    expect(tail.events?.at(-1)?.timestamp).toBe(T0 + 20_000)
  })

  it("writes a traceback for the demo's failure too, and keeps a retried attempt's logs", async () => {
    const arn = await run([{ ...TRAIN, fails: 'ResourceLimitExceeded: no ml.p3.2xlarge capacity' }])
    at(20_000)
    const failedJob = await jobOf(arn, 'Train')
    await sagemaker.send(
      new RetryPipelineExecutionCommand({
        PipelineExecutionArn: arn,
        ClientRequestToken: 'retry'.padEnd(32, '0')
      })
    )
    at(45_000)
    const retriedJob = await jobOf(arn, 'Train')
    expect(retriedJob).not.toBe(failedJob)
    const streams = emu.logStreams(TRAINING)
    expect(streams.map(s => s.name.split('/')[0]).sort()).toEqual([failedJob, retriedJob].sort())
    const failed = streams.find(s => s.name.startsWith(failedJob))
    expect(failed?.events.map(e => e.message)).toContain('ValueError: Input X contains NaN.')
  })

  it('ends other jobs with a traceback only when they fail with an AlgorithmError', async () => {
    await run([
      {
        name: 'Prep',
        type: 'Processing',
        durationMs: 5000,
        fails: 'AlgorithmError: KeyError: churned'
      }
    ])
    at(5000)
    const lines = emu.logStreams(PROCESSING)[0]?.events.map(e => e.message) ?? []
    expect(lines).toContain('Traceback (most recent call last):')
    expect(lines.at(-1)).toBe('KeyError: churned')
    emu.reset()
    at(0)
    await run([{ name: 'Prep', type: 'Processing', durationMs: 5000, fails: 'Stopped by quota' }])
    at(5000)
    const plain = emu.logStreams(PROCESSING)[0]?.events.map(e => e.message) ?? []
    expect(plain.at(-1)).toMatch(/^Processed \d+ rows$/)
  })

  it('answers at most 1 MB of events, counting 26 bytes an event', async () => {
    const long = (n: number): string => `${n}`.padEnd(200_000, 'x')
    await run([{ ...TRAIN, logs: { lines: [1, 2, 3, 4, 5, 6].map(long) } }])
    at(20_000)
    const name = emu.logStreams(TRAINING)[0]?.name as string
    const read = (nextToken?: string): Promise<GetLogEventsCommandOutput> =>
      logs.send(
        new GetLogEventsCommand({
          logGroupName: TRAINING,
          logStreamName: name,
          startFromHead: true,
          nextToken
        })
      )
    const first = await read()
    expect(first.events).toHaveLength(5)
    const rest = await read(first.nextForwardToken)
    expect(messages(rest)).toEqual([long(6)])
  })

  it('answers ResourceNotFoundException for a stream that does not exist', async () => {
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: 'nope/algo-1-1' }))
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it("refuses another stream's token", async () => {
    await run([{ ...TRAIN, logs: { instanceCount: 2 } }])
    at(2000)
    const [one, two] = emu.logStreams(TRAINING).map(s => s.name)
    const first = await logs.send(
      new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: one as string })
    )
    await expect(
      logs.send(
        new GetLogEventsCommand({
          logGroupName: TRAINING,
          logStreamName: two as string,
          nextToken: first.nextForwardToken
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})

describe('FilterLogEvents', () => {
  it("merges the instances' lines in time order, and pages them", async () => {
    const arn = await run([{ ...TRAIN, logs: { instanceCount: 2 } }])
    at(1500)
    const job = await jobOf(arn, 'Train')
    const filtered = await logs.send(
      new FilterLogEventsCommand({ logGroupName: TRAINING, logStreamNamePrefix: `${job}/` })
    )
    const events = filtered.events ?? []
    expect(events.length).toBeGreaterThanOrEqual(6)
    expect(events.slice(0, 2).map(e => e.logStreamName?.split('/')[1]?.slice(0, 6))).toEqual([
      'algo-1',
      'algo-2'
    ])
    const times = events.map(e => e.timestamp as number)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(events[0]).toMatchObject({ eventId: expect.stringMatching(/^\d{56}$/) })

    const pages: string[] = []
    let nextToken: string | undefined
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: TRAINING,
          logStreamNames: emu.logStreams(TRAINING).map(s => s.name),
          limit: 4,
          nextToken
        })
      )
      expect(page.events?.length).toBeLessThanOrEqual(4)
      pages.push(...messages(page))
      nextToken = page.nextToken
    } while (nextToken)
    expect(pages).toEqual(messages(filtered))
  })

  it('filters by time and by terms', async () => {
    await run([TRAIN])
    at(30_000)
    const epochs = await logs.send(
      new FilterLogEventsCommand({ logGroupName: TRAINING, filterPattern: '"Epoch 2/5"' })
    )
    expect(messages(epochs)).toHaveLength(1)
    const early = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: TRAINING,
        startTime: T0 + 1000,
        endTime: T0 + 1010
      })
    )
    expect(early.events?.map(e => e.timestamp)).toEqual([T0 + 1000, T0 + 1010])
  })
})

describe('scenario controls', () => {
  it("writes a step's own lines verbatim, hostile ones included", async () => {
    const hostile = ['::error::x', '::add-mask::x', '::stop-commands::x', '````', '<script>']
    const arn = await run([{ ...TRAIN, logs: { lines: hostile }, fails: 'AlgorithmError: boom' }])
    at(20_000)
    const job = await jobOf(arn, 'Train')
    const [stream] = emu.logStreams(TRAINING)
    const read = await logs.send(
      new GetLogEventsCommand({
        logGroupName: TRAINING,
        logStreamName: stream?.name as string,
        startFromHead: true
      })
    )
    expect(stream?.name.startsWith(`${job}/algo-1-`)).toBe(true)
    expect(messages(read)).toEqual(hostile)
    expect(read.events?.at(-1)?.timestamp).toBe(T0 + 20_000)
  })

  it('has no stream for a job that failed before writing a line', async () => {
    await run([{ ...TRAIN, logs: { lines: [] }, fails: 'CapacityError: no capacity' }])
    at(25_000)
    const described = await logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }))
    expect(described.logStreams).toEqual([])
  })

  it('answers ResourceNotFoundException for a deleted or unknown log group', async () => {
    emu.deleteLogGroup(TRAINING)
    for (const logGroupName of [TRAINING, '/aws/lambda/other']) {
      await expect(
        logs.send(new DescribeLogStreamsCommand({ logGroupName }))
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'The specified log group does not exist.',
        $metadata: { httpStatusCode: 400 }
      })
    }
    expect(emu.logStreams(TRAINING)).toEqual([])
    emu.reset()
    await expect(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }))
    ).resolves.toMatchObject({ logStreams: [] })
  })

  it('denies or throttles the logs calls through inject, leaving SageMaker alone', async () => {
    const arn = await run([TRAIN])
    at(2000)
    emu.inject('logs:*', { kind: 'deny', times: Infinity })
    await expect(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: TRAINING }))
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `is not authorized to perform: logs:DescribeLogStreams on resource: arn:aws:logs:us-east-1:123456789012:log-group:${TRAINING}:log-stream:`
      ),
      $metadata: { httpStatusCode: 400 }
    })
    await expect(jobOf(arn, 'Train')).resolves.toMatch(/^pipelines-/)
    emu.reset()
    emu.inject('GetLogEvents', { kind: 'throttle' })
    at(0)
    await run([TRAIN])
    at(2000)
    const name = emu.logStreams(TRAINING)[0]?.name as string
    const get = new GetLogEventsCommand({ logGroupName: TRAINING, logStreamName: name })
    await expect(logs.send(get)).rejects.toMatchObject({ name: 'ThrottlingException' })
    await expect(logs.send(get)).resolves.toMatchObject({ events: expect.any(Array) })
    expect(emu.requestsFor('GetLogEvents').map(r => r.fault)).toEqual(['throttle', undefined])
  })

  it('stops writing when the execution is stopped', async () => {
    const arn = await run([TRAIN])
    at(5000)
    await sagemaker.send(
      new StopPipelineExecutionCommand({
        PipelineExecutionArn: arn,
        ClientRequestToken: 'stop'.padEnd(32, '0')
      })
    )
    at(60_000)
    const lines = emu.logStreams(TRAINING)[0]?.events.map(e => e.message) ?? []
    expect(lines).toContain('Received SIGTERM, stopping training')
    expect(lines.some(l => l.startsWith('Epoch 5/5'))).toBe(false)
  })

  it('keeps writing now and then for a run that never ends', async () => {
    emu.addPipeline({ name: 'train', steps: [TRAIN] })
    emu.seedExecution({ pipelineName: 'train', status: 'Executing', creationTime: T0 - 120_000 })
    const lines = emu.logStreams(TRAINING)[0]?.events.map(e => e.message) ?? []
    expect(lines.filter(l => l.startsWith('Epoch '))).toEqual([
      expect.stringMatching(/^Epoch 1 - loss/),
      expect.stringMatching(/^Epoch 2 - loss/),
      expect.stringMatching(/^Epoch 3 - loss/)
    ])
  })

  it('rejects scenario settings that could never be logs', () => {
    expect(() =>
      emu.addPipeline({ name: 'x', steps: [{ ...TRAIN, logs: { instanceCount: 0 } }] })
    ).toThrow(/instanceCount/)
    expect(() =>
      emu.addPipeline({ name: 'x', steps: [{ ...TRAIN, logs: { lines: [''] } }] })
    ).toThrow(/empty line/)
  })
})

describe('requests checked against the CloudWatch Logs model', () => {
  afterEach(() => {
    emu.reset()
  })

  it('answers InvalidParameterException, worded as the service words it, with `message`', async () => {
    const bad = await raw('GetLogEvents', { logGroupName: 'bad group!', logStreamName: 'a:b' })
    expect(bad.status).toBe(400)
    expect(bad.json).toEqual({
      __type: 'InvalidParameterException',
      message:
        "2 validation errors detected: Value 'bad group!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"
    })
    expect(emu.violations.map(v => [v.operation, v.rule])).toEqual([
      ['GetLogEvents', 'pattern'],
      ['GetLogEvents', 'pattern']
    ])
    const missing = await raw('GetLogEvents', { logGroupName: TRAINING })
    expect(missing.json.message).toMatch(
      /'logStreamName' failed to satisfy constraint: Member must not be null/
    )
    const limits = await raw('DescribeLogStreams', { logGroupName: TRAINING, limit: 51 })
    expect(limits.json.message).toMatch(/Member must have value less than or equal to 50/)
    const order = await raw('DescribeLogStreams', { logGroupName: TRAINING, orderBy: 'Name' })
    expect(order.json.message).toMatch(/enum value set: \[LogStreamName, LastEventTime\]/)
  })

  it('answers InvalidParameterException for combinations the docs rule out', async () => {
    const cases: Array<[string, object]> = [
      [
        'DescribeLogStreams',
        { logGroupName: TRAINING, orderBy: 'LastEventTime', logStreamNamePrefix: 'a' }
      ],
      ['DescribeLogStreams', { logGroupName: TRAINING, logGroupIdentifier: TRAINING }],
      ['DescribeLogStreams', {}],
      [
        'FilterLogEvents',
        { logGroupName: TRAINING, logStreamNames: ['a'], logStreamNamePrefix: 'a' }
      ],
      ['GetLogEvents', { logGroupName: TRAINING, logStreamName: 'x', nextToken: 'f/nonsense' }]
    ]
    for (const [operation, body] of cases) {
      const answer = await raw(operation, body)
      expect([operation, answer.status, answer.json.__type]).toEqual([
        operation,
        400,
        operation === 'GetLogEvents' ? 'ResourceNotFoundException' : 'InvalidParameterException'
      ])
    }
    emu.reset()
  })

  it('answers in the shapes of the model', async () => {
    await run([{ ...TRAIN, logs: { instanceCount: 2 } }])
    at(3000)
    const name = emu.logStreams(TRAINING)[0]?.name
    const model = loadLogsModel()
    const answers: Array<[string, string, object]> = [
      ['DescribeLogStreams', 'DescribeLogStreamsResponse', { logGroupName: TRAINING }],
      ['GetLogEvents', 'GetLogEventsResponse', { logGroupName: TRAINING, logStreamName: name }],
      ['FilterLogEvents', 'FilterLogEventsResponse', { logGroupName: TRAINING, limit: 2 }]
    ]
    for (const [operation, shape, body] of answers) {
      const answer = await raw(operation, body)
      expect(answer.status).toBe(200)
      expect(validateShape(model, shape, answer.json)).toEqual([])
    }
  })
})
