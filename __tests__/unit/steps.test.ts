import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  type PipelineExecutionStep
} from '@aws-sdk/client-sagemaker'
import { mockClient } from 'aws-sdk-client-mock'
import { connect, type SageMaker } from '../../src/client.js'
import { isTerminalStatus } from '../../src/execution.js'
import { listSteps } from '../../src/sagemaker.js'
import {
  describeChange,
  inStartOrder,
  isStepDone,
  stepChanges,
  toStepRecord,
  type StepRecord
} from '../../src/steps.js'

const START = new Date('2026-11-25T12:00:00Z')
const END = new Date('2026-11-25T12:04:12Z')

describe('isTerminalStatus and isStepDone', () => {
  // Every value of PipelineExecutionStatus and StepStatus in the API model.
  it.each([
    ['Starting', false],
    ['Executing', false],
    ['Stopping', false],
    ['Stopped', true],
    ['Failed', true],
    ['Succeeded', true]
  ])('%s has ended: %s', (status, ended) => {
    expect(isTerminalStatus(status)).toBe(ended)
    expect(isStepDone({ name: 'Train', status })).toBe(ended)
  })

  it('takes an unknown or missing status as still running', () => {
    expect(isTerminalStatus(undefined)).toBe(false)
    expect(isTerminalStatus('Unknown')).toBe(false)
    expect(isStepDone({ name: 'Train', status: 'Unknown' })).toBe(false)
  })
})

describe('toStepRecord', () => {
  it('takes the type and the job ARN from the metadata', () => {
    expect(
      toStepRecord({
        StepName: 'Train',
        StepDisplayName: 'Train the model',
        StepStatus: 'Succeeded',
        StartTime: START,
        EndTime: END,
        AttemptCount: 1,
        Metadata: { TrainingJob: { Arn: 'arn:aws:sagemaker:us-east-1:1:training-job/x' } }
      })
    ).toEqual({
      name: 'Train',
      displayName: 'Train the model',
      type: 'Training',
      status: 'Succeeded',
      startTime: '2026-11-25T12:00:00.000Z',
      endTime: '2026-11-25T12:04:12.000Z',
      attemptCount: 1,
      jobArn: 'arn:aws:sagemaker:us-east-1:1:training-job/x'
    })
  })

  it.each([
    [
      'Fail',
      { Fail: { ErrorMessage: 'Accuracy 0.61 is below 0.8' } },
      'Accuracy 0.61 is below 0.8'
    ],
    [
      'Lambda',
      {
        Lambda: {
          Arn: 'arn:aws:lambda:us-east-1:1:function:f',
          OutputParameters: [
            { Name: 'approved', Value: 'yes' },
            { Name: 'score', Value: '0.93' }
          ]
        }
      },
      'Output: approved=yes, score=0.93'
    ],
    [
      'Callback',
      { Callback: { CallbackToken: 't', OutputParameters: [{ Name: 'ok', Value: '1' }] } },
      'Output: ok=1'
    ],
    [
      'EMR',
      { EMR: { ClusterId: 'j-1', LogFilePath: 's3://logs/j-1/steps/s-1/' } },
      'Log: s3://logs/j-1/steps/s-1/'
    ]
  ])('says what a %s step tells of itself', (_type, Metadata, says) => {
    expect(toStepRecord({ StepName: 'S', StepStatus: 'Failed', Metadata })).toMatchObject({ says })
  })

  it('says nothing for a job step, or a Lambda step without output', () => {
    expect(
      toStepRecord({ StepName: 'T', StepStatus: 'Failed', Metadata: { TrainingJob: { Arn: 'x' } } })
    ).not.toHaveProperty('says')
    expect(
      toStepRecord({
        StepName: 'L',
        StepStatus: 'Failed',
        Metadata: { Lambda: { Arn: 'x', OutputParameters: [] } }
      })
    ).not.toHaveProperty('says')
  })

  it("takes a check step's job from CheckJobArn, and its violation report", () => {
    const job = 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/pipelines-abc-check'
    expect(
      toStepRecord({
        StepName: 'CheckDataQuality',
        StepStatus: 'Failed',
        Metadata: {
          QualityCheck: {
            CheckType: 'DATA_QUALITY',
            CheckJobArn: job,
            ViolationReport: 's3://bucket/check/constraint_violations.json'
          }
        }
      })
    ).toEqual({
      name: 'CheckDataQuality',
      type: 'QualityCheck',
      status: 'Failed',
      jobArn: job,
      violationReport: 's3://bucket/check/constraint_violations.json'
    })
  })

  it('keeps steps without metadata or a job', () => {
    expect(
      toStepRecord({
        StepName: 'Check',
        StepStatus: 'Failed',
        FailureReason: 'too low',
        Metadata: { Condition: { Outcome: 'False' } }
      })
    ).toEqual({
      name: 'Check',
      type: 'Condition',
      status: 'Failed',
      failureReason: 'too low',
      says: 'Outcome: False'
    })
    expect(toStepRecord({ StepName: 'New', StepStatus: 'Starting' })).toEqual({
      name: 'New',
      status: 'Starting'
    })
  })
})

describe('stepChanges and describeChange', () => {
  const before = new Map<string, StepRecord>([
    ['Prep', { name: 'Prep', status: 'Succeeded', attemptCount: 1 }],
    ['Train', { name: 'Train', type: 'Training', status: 'Executing', attemptCount: 1 }]
  ])

  it('finds new steps, new statuses and new attempts only', () => {
    const changes = stepChanges(before, [
      { name: 'Prep', status: 'Succeeded', attemptCount: 1 },
      { name: 'Train', type: 'Training', status: 'Executing', attemptCount: 2 },
      { name: 'Eval', status: 'Starting' }
    ])
    expect(changes.map(describeChange)).toEqual([
      'Train (Training): Executing -> Executing, attempt 2',
      'Eval: Starting'
    ])
  })

  it('says how long a finished step took', () => {
    const [change] = stepChanges(before, [
      {
        name: 'Train',
        type: 'Training',
        status: 'Succeeded',
        attemptCount: 1,
        startTime: START.toISOString(),
        endTime: END.toISOString()
      }
    ])
    expect(describeChange(change!)).toBe('Train (Training): Executing -> Succeeded in 4m12s')
  })

  it('orders steps by start', () => {
    expect(
      inStartOrder([
        { name: 'B', status: 'Executing', startTime: END.toISOString() },
        { name: 'A', status: 'Succeeded', startTime: START.toISOString() }
      ]).map(s => s.name)
    ).toEqual(['A', 'B'])
  })
})

describe('listSteps', () => {
  const sagemaker = mockClient(SageMakerClient)
  const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e'
  const step = (
    i: number,
    status: PipelineExecutionStep['StepStatus'] = 'Succeeded'
  ): PipelineExecutionStep => ({
    StepName: `S${i}`,
    StepStatus: status,
    AttemptCount: 1,
    StartTime: new Date(START.getTime() + i * 1000)
  })
  // Newest first, a hundred a page, as the API lists them with SortOrder Descending.
  function serve(steps: PipelineExecutionStep[]) {
    sagemaker.reset()
    const newestFirst = [...steps].reverse()
    sagemaker.on(ListPipelineExecutionStepsCommand).callsFake(input => {
      const from = Number(input.NextToken ?? 0)
      const page = newestFirst.slice(from, from + input.MaxResults)
      const next = from + input.MaxResults
      return {
        PipelineExecutionSteps: page,
        NextToken: next < newestFirst.length ? String(next) : undefined
      }
    })
  }
  let client: SageMaker
  // No credentials, endpoint or proxy: the mock answers each call before the SDK would look for
  // any of them.
  beforeAll(async () => {
    client = await connect('us-east-1', {})
  })

  it('reads every page the first time', async () => {
    serve(Array.from({ length: 250 }, (_, i) => step(i)))
    const steps = await listSteps(client, ARN, new Map())
    expect(steps).toHaveLength(250)
    expect(sagemaker.commandCalls(ListPipelineExecutionStepsCommand)).toHaveLength(3)
    expect(sagemaker.commandCalls(ListPipelineExecutionStepsCommand)[0]?.args[0].input).toEqual({
      PipelineExecutionArn: ARN,
      SortOrder: 'Descending',
      MaxResults: 100,
      NextToken: undefined
    })
  })

  it('stops paging once nothing older can have changed', async () => {
    const all = Array.from({ length: 250 }, (_, i) => step(i))
    serve(all)
    const known = new Map((await listSteps(client, ARN, new Map())).map(s => [s.name, s]))
    serve(all)

    const steps = await listSteps(client, ARN, known)

    expect(steps).toHaveLength(250)
    expect(sagemaker.commandCalls(ListPipelineExecutionStepsCommand)).toHaveLength(1)
  })

  it('reads on while a step that was running has not been seen again', async () => {
    const all = Array.from({ length: 250 }, (_, i) => step(i))
    all[5] = step(5, 'Executing')
    serve(all)
    const known = new Map((await listSteps(client, ARN, new Map())).map(s => [s.name, s]))
    all[5] = step(5, 'Succeeded')
    serve(all)

    const steps = await listSteps(client, ARN, known)

    expect(sagemaker.commandCalls(ListPipelineExecutionStepsCommand)).toHaveLength(3)
    expect(steps.find(s => s.name === 'S5')?.status).toBe('Succeeded')
  })
})
