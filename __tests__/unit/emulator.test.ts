import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribePipelineCommand,
  DescribePipelineDefinitionForExecutionCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineExecutionsCommand,
  ListPipelineParametersForExecutionCommand,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand
} from '@aws-sdk/client-sagemaker'
import type { PipelineExecutionStep } from '@aws-sdk/client-sagemaker'
import {
  churnTrainingPipeline,
  loadModel,
  startEmulator,
  validateInput,
  validateShape
} from '../../emulator/index.js'
import type { Emulator, StepSpec } from '../../emulator/index.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
let clock = T0
const advance = (ms: number): void => {
  clock += ms
}

const token = (label: string): string => label.padEnd(32, '0')
const EXECUTION_ARN =
  /^arn:aws:sagemaker:us-east-1:123456789012:pipeline\/train\/execution\/[a-z0-9]{12}$/

// Preprocess 0–1000 ms (Starting for its first 100), Train 1000–3000, Check 3000–3500.
const steps: StepSpec[] = [
  { name: 'Preprocess', type: 'Processing', durationMs: 1000 },
  { name: 'Train', type: 'Training', durationMs: 2000, displayName: 'Train model' },
  { name: 'Check', type: 'Condition', durationMs: 500 }
]

const model = loadModel()
let emu: Emulator
let client: SageMakerClient

const newClient = (options: { region?: string; maxAttempts?: number } = {}): SageMakerClient =>
  new SageMakerClient({
    region: options.region ?? 'us-east-1',
    endpoint: emu.endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: options.maxAttempts ?? 1
  })

/** A request the SDK would not build: any body, no signature. */
async function raw(
  operation: string,
  body: unknown
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(emu.endpoint, {
    method: 'POST',
    headers: {
      'X-Amz-Target': `SageMaker.${operation}`,
      'Content-Type': 'application/x-amz-json-1.1'
    },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>
  }
}

const start = async (label = 'start', extra: Record<string, unknown> = {}): Promise<string> => {
  const output = await client.send(
    new StartPipelineExecutionCommand({
      PipelineName: 'train',
      ClientRequestToken: token(label),
      ...extra
    })
  )
  return output.PipelineExecutionArn ?? ''
}

const describeExecution = (arn: string) =>
  client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }))

const listSteps = async (arn: string): Promise<PipelineExecutionStep[]> =>
  (await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn })))
    .PipelineExecutionSteps ?? []

const statuses = (list: PipelineExecutionStep[]): string[] =>
  list.map(s => `${s.StepName}:${s.StepStatus}`)

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock, stopDelayMs: 5000 })
  client = newClient()
})

afterAll(async () => {
  client.destroy()
  await emu.close()
})

beforeEach(() => {
  emu.reset()
  clock = T0
  emu.addPipeline({
    name: 'train',
    steps,
    parameters: [
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
      { Name: 'DataPath', Type: 'String' }
    ]
  })
})

describe('protocol', () => {
  it('answers in AWS JSON 1.1 with the emulator clock and records the request', async () => {
    const response = await raw('DescribePipeline', { PipelineName: 'train' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(response.headers.get('date')).toBe('Thu, 01 Jan 2026 00:00:00 GMT')
    expect(response.json.CreationTime).toBe(T0 / 1000)
    expect(emu.requests).toHaveLength(1)
    expect(emu.requests[0]).toMatchObject({
      operation: 'DescribePipeline',
      body: { PipelineName: 'train' },
      signed: false,
      region: 'us-east-1',
      response: { status: 200 }
    })
  })

  it('takes the region from the SigV4 credential scope', async () => {
    const regional = newClient({ region: 'eu-west-1' })
    try {
      const output = await regional.send(
        new StartPipelineExecutionCommand({
          PipelineName: 'train',
          ClientRequestToken: token('eu')
        })
      )
      expect(output.PipelineExecutionArn).toMatch(
        /^arn:aws:sagemaker:eu-west-1:123456789012:pipeline\/train\/execution\//
      )
      const [request] = emu.requestsFor('StartPipelineExecution')
      expect(request?.signed).toBe(true)
      expect(request?.region).toBe('eu-west-1')
      expect(request?.headers.authorization).toContain('/eu-west-1/sagemaker/aws4_request')
    } finally {
      regional.destroy()
    }
  })

  it('rejects unknown operations and bodies that are not JSON', async () => {
    const unknown = await raw('DeleteEverything', {})
    expect(unknown.status).toBe(400)
    expect(unknown.json.__type).toBe('UnknownOperationException')
    const notJson = await raw('DescribePipeline', '{not json')
    expect(notJson.json.__type).toBe('SerializationException')
  })
})

describe('pipelines and executions', () => {
  it('describes a pipeline by name or ARN, with a generated definition', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/train'
    for (const name of ['train', arn]) {
      const pipeline = await client.send(new DescribePipelineCommand({ PipelineName: name }))
      expect(pipeline).toMatchObject({
        PipelineArn: arn,
        PipelineName: 'train',
        PipelineStatus: 'Active'
      })
      expect(pipeline.CreationTime).toEqual(new Date(T0))
      const definition = JSON.parse(pipeline.PipelineDefinition ?? '{}') as Record<string, unknown>
      expect(definition).toMatchObject({
        Version: '2020-12-01',
        Parameters: [
          { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
          { Name: 'DataPath', Type: 'String' }
        ],
        Steps: [
          { Name: 'Preprocess', Type: 'Processing' },
          { Name: 'Train', Type: 'Training', DisplayName: 'Train model' },
          { Name: 'Check', Type: 'Condition' }
        ]
      })
    }
  })

  it('starts an execution once per token and describes it', async () => {
    const arn = await start('first', {
      PipelineExecutionDisplayName: 'commit-abc123',
      PipelineExecutionDescription: 'Started by CI',
      PipelineParameters: [{ Name: 'Epochs', Value: '3' }],
      ParallelismConfiguration: { MaxParallelExecutionSteps: 2 }
    })
    expect(arn).toMatch(EXECUTION_ARN)

    const described = await describeExecution(arn)
    expect(described).toMatchObject({
      PipelineArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/train',
      PipelineExecutionArn: arn,
      PipelineExecutionDisplayName: 'commit-abc123',
      PipelineExecutionDescription: 'Started by CI',
      PipelineExecutionStatus: 'Executing',
      ParallelismConfiguration: { MaxParallelExecutionSteps: 2 },
      PipelineVersionId: 1
    })
    expect(described.CreationTime).toEqual(new Date(T0))

    advance(10)
    const again = await start('first', { PipelineParameters: [{ Name: 'Epochs', Value: '9' }] })
    expect(again).toBe(arn)
    const [execution, ...others] = emu.executions('train')
    expect(others).toHaveLength(0)
    expect(execution).toMatchObject({
      arn,
      startToken: token('first'),
      displayName: 'commit-abc123',
      request: { parameters: [{ Name: 'Epochs', Value: '3' }] },
      replays: [{ differs: true, receivedAt: new Date(T0 + 10) }]
    })
  })

  it('defaults the display name to the execution id', async () => {
    const arn = await start()
    const described = await describeExecution(arn)
    expect(described.PipelineExecutionDisplayName).toBe(arn.split('/').at(-1))
  })

  it('answers ResourceNotFound for unknown pipelines and executions', async () => {
    await expect(
      client.send(new DescribePipelineCommand({ PipelineName: 'missing' }))
    ).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: "Pipeline 'missing' does not exist.",
      $metadata: { httpStatusCode: 400 }
    })
    await expect(
      client.send(
        new StartPipelineExecutionCommand({
          PipelineName: 'missing',
          ClientRequestToken: token('x')
        })
      )
    ).rejects.toMatchObject({ name: 'ResourceNotFound' })
    await expect(
      describeExecution(
        'arn:aws:sagemaker:us-east-1:123456789012:pipeline/train/execution/nothing12345'
      )
    ).rejects.toMatchObject({ name: 'ResourceNotFound' })
    expect(emu.executions()).toHaveLength(0)
  })

  it('moves through the steps as the clock advances', async () => {
    const arn = await start()
    expect(statuses(await listSteps(arn))).toEqual(['Preprocess:Starting'])
    advance(100)
    expect(statuses(await listSteps(arn))).toEqual(['Preprocess:Executing'])
    advance(900)
    const running = await listSteps(arn)
    expect(statuses(running)).toEqual(['Train:Starting', 'Preprocess:Succeeded'])
    expect(running[0]).toMatchObject({
      StepDisplayName: 'Train model',
      AttemptCount: 1,
      StartTime: new Date(T0 + 1000),
      Metadata: {
        TrainingJob: {
          Arn: expect.stringMatching(
            /^arn:aws:sagemaker:us-east-1:123456789012:training-job\/pipelines-[a-z0-9]{12}-[0-9a-f]{10}$/
          )
        }
      }
    })
    expect(running[1]?.Metadata?.ProcessingJob?.Arn).toContain(':processing-job/pipelines-')
    expect(running[1]?.EndTime).toEqual(new Date(T0 + 1000))
    expect((await describeExecution(arn)).PipelineExecutionStatus).toBe('Executing')

    advance(2500)
    const done = await listSteps(arn)
    expect(statuses(done)).toEqual(['Check:Succeeded', 'Train:Succeeded', 'Preprocess:Succeeded'])
    expect(done[0]?.Metadata?.Condition?.Outcome).toBe('True')
    const described = await describeExecution(arn)
    expect(described.PipelineExecutionStatus).toBe('Succeeded')
    expect(described.LastModifiedTime).toEqual(new Date(T0 + 3500))
    const ascending = await client.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending' })
    )
    expect(ascending.PipelineExecutionSteps?.map(s => s.StepName)).toEqual([
      'Preprocess',
      'Train',
      'Check'
    ])
  })

  it('fails at a failing step and never starts the later ones', async () => {
    emu.addPipeline({
      name: 'train',
      steps: steps.map(s =>
        s.name === 'Train' ? { ...s, fails: 'AlgorithmError: out of memory' } : s
      )
    })
    const arn = await start()
    advance(10_000)
    const listed = await listSteps(arn)
    expect(statuses(listed)).toEqual(['Train:Failed', 'Preprocess:Succeeded'])
    expect(listed[0]?.FailureReason).toBe('AlgorithmError: out of memory')
    const described = await describeExecution(arn)
    expect(described).toMatchObject({
      PipelineExecutionStatus: 'Failed',
      FailureReason: 'Step failure: One or multiple steps failed.'
    })
    expect(described.LastModifiedTime).toEqual(new Date(T0 + 3000))
    const summaries = await client.send(
      new ListPipelineExecutionsCommand({ PipelineName: 'train' })
    )
    expect(summaries.PipelineExecutionSummaries).toEqual([
      expect.objectContaining({
        PipelineExecutionArn: arn,
        PipelineExecutionStatus: 'Failed',
        PipelineExecutionFailureReason: 'Step failure: One or multiple steps failed.'
      })
    ])
  })

  it('stops: Stopping, then Stopped after the stop delay, idempotent by token', async () => {
    const arn = await start()
    advance(1500)
    const stop = () =>
      client.send(
        new StopPipelineExecutionCommand({
          PipelineExecutionArn: arn,
          ClientRequestToken: token('stop')
        })
      )
    expect((await stop()).PipelineExecutionArn).toBe(arn)
    expect((await describeExecution(arn)).PipelineExecutionStatus).toBe('Stopping')
    expect(statuses(await listSteps(arn))).toEqual(['Train:Stopping', 'Preprocess:Succeeded'])

    advance(5000)
    const stopped = await describeExecution(arn)
    expect(stopped.PipelineExecutionStatus).toBe('Stopped')
    expect(stopped.LastModifiedTime).toEqual(new Date(T0 + 6500))
    const listed = await listSteps(arn)
    expect(statuses(listed)).toEqual(['Train:Stopped', 'Preprocess:Succeeded'])
    expect(listed[0]?.EndTime).toEqual(new Date(T0 + 6500))

    expect((await stop()).PipelineExecutionArn).toBe(arn)
    await expect(
      client.send(
        new StopPipelineExecutionCommand({
          PipelineExecutionArn: arn,
          ClientRequestToken: token('again')
        })
      )
    ).rejects.toMatchObject({ name: 'ConflictException' })
    expect(emu.executions()[0]?.stopTokens).toEqual([token('stop')])
  })

  it('pages through 150 steps', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      name: `Step${i + 1}`,
      type: 'Processing',
      durationMs: 10
    }))
    emu.addPipeline({ name: 'train', steps: many })
    const arn = await start()
    advance(1500)

    const firstPage = await client.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn })
    )
    expect(firstPage.PipelineExecutionSteps).toHaveLength(10)
    expect(firstPage.NextToken).toEqual(expect.any(String))

    const names: string[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await client.send(
        new ListPipelineExecutionStepsCommand({
          PipelineExecutionArn: arn,
          MaxResults: 100,
          NextToken: nextToken
        })
      )
      names.push(...(page.PipelineExecutionSteps ?? []).map(s => s.StepName ?? ''))
      nextToken = page.NextToken
      pages += 1
    } while (nextToken)
    expect(pages).toBe(2)
    expect(names).toHaveLength(150)
    expect(new Set(names).size).toBe(150)
    expect(names[0]).toBe('Step150')
    expect(names[149]).toBe('Step1')

    await expect(
      client.send(
        new ListPipelineExecutionsCommand({ PipelineName: 'train', NextToken: firstPage.NextToken })
      )
    ).rejects.toMatchObject({ name: 'ValidationException' })
  })

  it('pages and filters executions, newest first', async () => {
    const arns: string[] = []
    for (const label of ['a', 'b', 'c']) {
      arns.push(await start(label))
      advance(1000)
    }
    const first = await client.send(
      new ListPipelineExecutionsCommand({ PipelineName: 'train', MaxResults: 2 })
    )
    const second = await client.send(
      new ListPipelineExecutionsCommand({
        PipelineName: 'train',
        MaxResults: 2,
        NextToken: first.NextToken
      })
    )
    const listed = [
      ...(first.PipelineExecutionSummaries ?? []),
      ...(second.PipelineExecutionSummaries ?? [])
    ]
    expect(listed.map(s => s.PipelineExecutionArn)).toEqual([...arns].reverse())
    expect(second.NextToken).toBeUndefined()
    const after = await client.send(
      new ListPipelineExecutionsCommand({
        PipelineName: 'train',
        CreatedAfter: new Date(T0 + 500),
        SortOrder: 'Ascending'
      })
    )
    expect(after.PipelineExecutionSummaries?.map(s => s.PipelineExecutionArn)).toEqual(
      arns.slice(1)
    )
  })

  it('runs only the selected steps of a selective execution', async () => {
    const arn = await start('selective', {
      SelectiveExecutionConfig: { SelectedSteps: [{ StepName: 'Train' }] }
    })
    advance(2000)
    expect(statuses(await listSteps(arn))).toEqual(['Train:Succeeded'])
    expect((await describeExecution(arn)).SelectiveExecutionConfig).toEqual({
      SelectedSteps: [{ StepName: 'Train' }]
    })
    await expect(
      start('unknown-step', { SelectiveExecutionConfig: { SelectedSteps: [{ StepName: 'Nope' }] } })
    ).rejects.toMatchObject({ name: 'ValidationException' })
  })

  it('seeds old executions, which their token finds again', async () => {
    const failed = emu.seedExecution({
      pipelineName: 'train',
      status: 'Failed',
      token: token('commit-abc'),
      creationTime: new Date(T0 - 86_400_000),
      failedStep: 'Train',
      failureReason: 'ClientError: bad data'
    })
    const succeeded = emu.seedExecution({ pipelineName: 'train', status: 'Succeeded' })
    const executing = emu.seedExecution({ pipelineName: 'train', status: 'Executing' })
    const stopped = emu.seedExecution({ pipelineName: 'train', status: 'Stopped' })
    advance(3_600_000)

    expect(await start('commit-abc')).toBe(failed)
    const described = await describeExecution(failed)
    expect(described.PipelineExecutionStatus).toBe('Failed')
    expect(described.CreationTime).toEqual(new Date(T0 - 86_400_000))
    const failedSteps = await listSteps(failed)
    expect(statuses(failedSteps)).toEqual(['Train:Failed', 'Preprocess:Succeeded'])
    expect(failedSteps[0]?.FailureReason).toBe('ClientError: bad data')
    expect((await describeExecution(succeeded)).PipelineExecutionStatus).toBe('Succeeded')
    expect((await describeExecution(executing)).PipelineExecutionStatus).toBe('Executing')
    expect((await describeExecution(stopped)).PipelineExecutionStatus).toBe('Stopped')
    expect(emu.executions('train').map(e => e.seeded)).toEqual([true, true, true, true])
  })

  it('answers ResourceLimitExceeded beyond the concurrency limit', async () => {
    emu.addPipeline({ name: 'train', steps, maxConcurrentExecutions: 1 })
    emu.seedExecution({ pipelineName: 'train', status: 'Executing' })
    await expect(start('over')).rejects.toMatchObject({ name: 'ResourceLimitExceeded' })
    emu.addPipeline({ name: 'train', steps, maxConcurrentExecutions: 2 })
    expect(await start('under')).toMatch(EXECUTION_ARN)
  })

  it('retries a failed execution from the failed step', async () => {
    emu.addPipeline({
      name: 'train',
      steps: steps.map(s => (s.name === 'Train' ? { ...s, fails: 'InternalServerError' } : s))
    })
    const arn = await start()
    advance(5000)
    const retry = (label: string) =>
      client.send(
        new RetryPipelineExecutionCommand({
          PipelineExecutionArn: arn,
          ClientRequestToken: token(label)
        })
      )
    expect((await retry('retry')).PipelineExecutionArn).toBe(arn)
    expect((await describeExecution(arn)).PipelineExecutionStatus).toBe('Executing')
    advance(2500)
    const listed = await listSteps(arn)
    expect(statuses(listed)).toEqual(['Check:Succeeded', 'Train:Succeeded', 'Preprocess:Succeeded'])
    expect(listed[1]?.AttemptCount).toBe(2)
    expect((await describeExecution(arn)).PipelineExecutionStatus).toBe('Succeeded')
    await expect(retry('retry-again')).rejects.toMatchObject({ name: 'ConflictException' })
  })

  it('returns the definition and resolved parameters of an execution', async () => {
    const arn = await start('params', {
      PipelineParameters: [{ Name: 'DataPath', Value: 's3://b/k' }]
    })
    const definition = await client.send(
      new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: arn })
    )
    expect(JSON.parse(definition.PipelineDefinition ?? '')).toMatchObject({ Version: '2020-12-01' })
    const parameters = await client.send(
      new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: arn })
    )
    expect(parameters.PipelineParameters).toEqual([
      { Name: 'DataPath', Value: 's3://b/k' },
      { Name: 'Epochs', Value: '5' }
    ])
  })

  it('serves the sample pipeline', async () => {
    const arn = emu.addPipeline(churnTrainingPipeline)
    const pipeline = await client.send(new DescribePipelineCommand({ PipelineName: arn }))
    const definition = JSON.parse(pipeline.PipelineDefinition ?? '') as {
      Steps: Array<{ Name: string }>
    }
    expect(definition.Steps.map(s => s.Name)).toEqual([
      'Preprocess',
      'Train',
      'Evaluate',
      'CheckAccuracy',
      'RegisterModel'
    ])
  })
})

describe('faults', () => {
  it('throttles the next call only', async () => {
    emu.inject('StartPipelineExecution', { kind: 'throttle' })
    await expect(start()).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 }
    })
    expect(emu.executions()).toHaveLength(0)
    expect(await start()).toMatch(EXECUTION_ARN)
    expect(emu.requestsFor('StartPipelineExecution').map(r => r.fault)).toEqual([
      'throttle',
      undefined
    ])
  })

  it('answers server errors', async () => {
    emu.inject('DescribePipeline', { kind: 'server-error' })
    emu.inject('DescribePipeline', { kind: 'server-error', status: 503 })
    const describe = () => client.send(new DescribePipelineCommand({ PipelineName: 'train' }))
    await expect(describe()).rejects.toMatchObject({
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 }
    })
    await expect(describe()).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 }
    })
    await expect(describe()).resolves.toMatchObject({ PipelineName: 'train' })
  })

  it('answers any AWS error', async () => {
    emu.inject('*', { kind: 'error', type: 'AccessDeniedException', message: 'Not authorized' })
    await expect(start()).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'Not authorized',
      $metadata: { httpStatusCode: 400 }
    })
    emu.inject('StartPipelineExecution', {
      kind: 'error',
      type: 'ExpiredTokenException',
      status: 403
    })
    await expect(start()).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      $metadata: { httpStatusCode: 403 }
    })
  })

  it('applies a fault from the Nth matching call, the given number of times', async () => {
    emu.inject('*', { kind: 'throttle', fromCall: 2, times: 2 })
    const describe = () => client.send(new DescribePipelineCommand({ PipelineName: 'train' }))
    const outcomes = []
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await describe().then(
          () => 'ok',
          (error: Error) => error.name
        )
      )
    }
    expect(outcomes).toEqual(['ok', 'ThrottlingException', 'ThrottlingException', 'ok'])
  })

  it('drops the connection before the call takes effect', async () => {
    emu.inject('StartPipelineExecution', { kind: 'drop', when: 'before' })
    await expect(start()).rejects.toThrow()
    expect(emu.executions()).toHaveLength(0)
    expect(emu.requests[0]?.response).toBeUndefined()
  })

  it('drops the connection after Start took effect; a retry with the token gets the same execution', async () => {
    emu.inject('StartPipelineExecution', { kind: 'drop', when: 'after' })
    await expect(start('dropped')).rejects.toThrow()
    expect(emu.executions()).toHaveLength(1)
    const arn = await start('dropped')
    expect(emu.executions()).toEqual([
      expect.objectContaining({ arn, replays: [expect.anything()] })
    ])
  })

  it('lets the SDK retry a dropped Start with the same token', async () => {
    const retrying = newClient({ maxAttempts: 3 })
    try {
      emu.inject('StartPipelineExecution', { kind: 'drop', when: 'after' })
      const output = await retrying.send(
        new StartPipelineExecutionCommand({ PipelineName: 'train' })
      )
      const sent = emu.requestsFor('StartPipelineExecution')
      expect(sent).toHaveLength(2)
      const tokens = sent.map(r => (r.body as { ClientRequestToken: string }).ClientRequestToken)
      expect(tokens[0]).toBe(tokens[1])
      expect(emu.executions().map(e => e.arn)).toEqual([output.PipelineExecutionArn])
    } finally {
      retrying.destroy()
    }
  })

  it('delays the response', async () => {
    emu.inject('DescribePipeline', { kind: 'latency', ms: 200 })
    const began = performance.now()
    await client.send(new DescribePipelineCommand({ PipelineName: 'train' }))
    expect(performance.now() - began).toBeGreaterThanOrEqual(190)
  })
})

describe('model validation', () => {
  it('rejects bad patterns, lengths and unknown members like the service', async () => {
    const response = await raw('StartPipelineExecution', {
      PipelineName: 'train!',
      ClientRequestToken: 'too-short',
      Bogus: true
    })
    expect(response.status).toBe(400)
    expect(response.json.__type).toBe('ValidationException')
    expect(response.json.Message).toMatch(
      /^3 validation errors detected: Value 'train!' at 'pipelineName'/
    )
    expect(emu.violations).toEqual([
      expect.objectContaining({
        operation: 'StartPipelineExecution',
        path: 'PipelineName',
        rule: 'pattern'
      }),
      expect.objectContaining({ path: 'ClientRequestToken', rule: 'min-length' }),
      expect.objectContaining({ path: 'Bogus', rule: 'unknown-member' })
    ])
    expect(emu.executions()).toHaveLength(0)
  })

  it('catches what the SDK sends without checking', async () => {
    await expect(
      start('long', { PipelineParameters: [{ Name: 'DataPath', Value: 'x'.repeat(1025) }] })
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'pipelineParameters.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 1024"
      )
    })
    expect(emu.violations).toEqual([
      expect.objectContaining({ path: 'PipelineParameters[0].Value', rule: 'max-length' })
    ])
  })

  it('validates every type of member', () => {
    const violations = (operation: string, body: unknown) =>
      validateInput(model, operation, body).map(v => `${v.path}:${v.rule}`)
    expect(
      violations('StartPipelineExecution', {
        PipelineName: 'train',
        ClientRequestToken: token('ok')
      })
    ).toEqual([])
    expect(violations('StartPipelineExecution', { PipelineName: 'train' })).toEqual([
      'ClientRequestToken:required'
    ])
    expect(
      violations('StartPipelineExecution', {
        PipelineName: 'train',
        ClientRequestToken: token('ok'),
        PipelineParameters: [{ Name: 'a b', Value: 1 }],
        ParallelismConfiguration: { MaxParallelExecutionSteps: 0 },
        SelectiveExecutionConfig: { SelectedSteps: [] },
        PipelineVersionId: 1.5
      })
    ).toEqual([
      'PipelineParameters[0].Name:pattern',
      'PipelineParameters[0].Value:type',
      'ParallelismConfiguration.MaxParallelExecutionSteps:min-value',
      'SelectiveExecutionConfig.SelectedSteps:min-length',
      'PipelineVersionId:type'
    ])
    expect(
      violations('ListPipelineExecutions', {
        PipelineName: 'train',
        SortOrder: 'Up',
        MaxResults: 101,
        CreatedAfter: '2026-01-01'
      })
    ).toEqual(['SortOrder:enum', 'MaxResults:max-value', 'CreatedAfter:type'])
    expect(violations('DescribePipeline', [])).toEqual([':type'])
  })

  it('matches patterns against the whole value', () => {
    const pattern = model.shapes.PipelineExecutionName
    expect(pattern).toMatchObject({ pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}' })
    // Unanchored, the model's pattern finds a match inside 'ci run'; the service rejects it.
    expect(new RegExp('[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}').test('ci run')).toBe(true)
    const violations = validateInput(model, 'StartPipelineExecution', {
      PipelineName: 'train',
      ClientRequestToken: token('ok'),
      PipelineExecutionDisplayName: 'ci run'
    })
    expect(violations).toEqual([
      {
        operation: 'StartPipelineExecution',
        path: 'PipelineExecutionDisplayName',
        rule: 'pattern',
        message:
          "Value 'ci run' at 'pipelineExecutionDisplayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}"
      }
    ])
  })

  it('answers with bodies that fit the output shapes', async () => {
    emu.addPipeline({ name: 'train', steps: steps.map(s => ({ ...s, type: 'Training' })) })
    const arn = await start()
    advance(1500)
    const outputs: Array<[string, string, unknown]> = [
      ['DescribePipeline', 'DescribePipelineResponse', { PipelineName: 'train' }],
      [
        'DescribePipelineExecution',
        'DescribePipelineExecutionResponse',
        { PipelineExecutionArn: arn }
      ],
      [
        'ListPipelineExecutionSteps',
        'ListPipelineExecutionStepsResponse',
        { PipelineExecutionArn: arn }
      ],
      ['ListPipelineExecutions', 'ListPipelineExecutionsResponse', { PipelineName: 'train' }]
    ]
    for (const [operation, shape, body] of outputs) {
      const response = await raw(operation, body)
      expect(response.status).toBe(200)
      expect(validateShape(model, shape, response.json)).toEqual([])
    }
  })
})
