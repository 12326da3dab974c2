import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { StepLogLines, parseLogSettings } from '../../src/inputs/log-inputs.js'
import { instanceOf, logLocation, stepsToExplain } from '../../src/logs/log-location.js'
import { LONGEST_LINE, lastEvents, toLines } from '../../src/logs/log-lines.js'
import { logStreamConsoleUrl } from '../../src/report/console.js'
import { errorOf } from './input-error-of.js'

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const ARN = 'arn:aws:sagemaker:eu-west-1:123456789012'

describe('parseLogSettings', () => {
  it('shows the last 100 lines of failed steps by default', () => {
    expect(parseLogSettings(inputs({}))).toEqual({ mode: 'failed', lines: 100 })
  })

  it('reads both inputs', () => {
    expect(parseLogSettings(inputs({ 'step-logs': 'none', 'step-log-lines': '10000' }))).toEqual({
      mode: 'none',
      lines: 10_000
    })
  })

  it.each([
    ['step-logs', 'Failed', 'must be failed, all or none'],
    ['step-log-lines', '0', 'must be from 1 to 10000 (EventsLimit)'],
    ['step-log-lines', '10001', 'must be from 1 to 10000 (EventsLimit)'],
    ['step-log-lines', '1e3', 'must be a whole number']
  ])('rejects %s %j', (input, value, rule) => {
    const error = errorOf(() => parseLogSettings(inputs({ [input]: value })))
    expect(error.input).toBe(input)
    expect(error.message).toContain(rule)
  })

  it("keeps to GetLogEvents' limit in CloudWatch Logs' model", () => {
    const model = JSON.parse(
      readFileSync(
        new URL('../../emulator/data/cloudwatch-logs-model.json', import.meta.url),
        'utf8'
      )
    ) as { shapes: Record<string, { min?: number; max?: number }> }
    expect(model.shapes.GetLogEventsRequest).toMatchObject({
      members: { limit: { shape: StepLogLines.shape } }
    })
    expect(StepLogLines).toMatchObject({
      min: model.shapes[StepLogLines.shape]?.min,
      max: model.shapes[StepLogLines.shape]?.max
    })
  })
})

describe('logLocation', () => {
  it.each([
    ['Training', `${ARN}:training-job/pipelines-abc-Train-x1`, '/aws/sagemaker/TrainingJobs'],
    ['Processing', `${ARN}:processing-job/pipelines-abc-Prep-x2`, '/aws/sagemaker/ProcessingJobs'],
    ['Transform', `${ARN}:transform-job/pipelines-abc-Score-x3`, '/aws/sagemaker/TransformJobs']
  ])("finds a %s job's group and streams from its ARN", (type, jobArn, group) => {
    const job = jobArn.split('/')[1]
    expect(logLocation({ name: 'S', status: 'Failed', type, jobArn })).toEqual({
      group,
      streamPrefix: `${job}/`,
      job
    })
  })

  it('has none for a step without a job of those kinds', () => {
    expect(logLocation({ name: 'Check', status: 'Failed', type: 'Condition' })).toBeUndefined()
    expect(
      logLocation({
        name: 'Reg',
        status: 'Failed',
        type: 'RegisterModel',
        jobArn: `${ARN}:model-package/churn/7`
      })
    ).toBeUndefined()
    expect(logLocation({ name: 'T', status: 'Failed', type: 'Training' })).toBeUndefined()
  })

  it('explains the job steps that failed or were stopped, not the others', () => {
    const job = (name: string, status: string) => ({
      name,
      status,
      type: 'Training',
      jobArn: `${ARN}:training-job/${name}`
    })
    const steps = [
      job('a', 'Succeeded'),
      job('b', 'Failed'),
      job('c', 'Stopped'),
      job('d', 'Executing'),
      { name: 'e', status: 'Failed', type: 'Fail' }
    ]
    expect(stepsToExplain(steps).map(step => step.name)).toEqual(['b', 'c'])
  })

  it("names a stream's instance without the job and the time", () => {
    const location = { group: 'g', streamPrefix: 'job-1/', job: 'job-1' }
    expect(instanceOf('job-1/algo-2-1765101234', location)).toBe('algo-2')
    expect(instanceOf('job-1/i-0abc-1765101234/data-log', location)).toBe('i-0abc/data-log')
  })
})

describe('lastEvents and toLines', () => {
  const event = (timestamp: number, message: string, instance = 'algo-1') => ({
    timestamp,
    message,
    instance
  })

  it('merges the streams in time order and keeps the last ones', () => {
    const one = [event(1, 'a1'), event(4, 'a4'), event(6, 'a6')]
    const two = [event(2, 'b2', 'algo-2'), event(4, 'b4', 'algo-2'), event(5, 'b5', 'algo-2')]
    expect(lastEvents([one, two], 4).map(e => e.message)).toEqual(['a4', 'b4', 'b5', 'a6'])
    expect(lastEvents([one, two], 0)).toEqual([])
  })

  it('splits a message into its lines, with the instance when there are several', () => {
    const traceback =
      'Traceback (most recent call last):\n  File "train.py", line 3\nValueError: x\n'
    expect(toLines([event(1, traceback, 'algo-2')], true)).toEqual([
      '[algo-2] Traceback (most recent call last):',
      '[algo-2]   File "train.py", line 3',
      '[algo-2] ValueError: x'
    ])
    expect(toLines([event(1, '  indented')], false)).toEqual(['  indented'])
  })

  it('cuts a line the runner would not take whole', () => {
    const [line] = toLines([event(1, 'x'.repeat(LONGEST_LINE + 5))], false)
    expect(line).toBe(`${'x'.repeat(LONGEST_LINE)}…`)
  })
})

describe('logStreamConsoleUrl', () => {
  it("links the stream in its region's console, with the console's escaping", () => {
    expect(
      logStreamConsoleUrl('eu-west-1', '/aws/sagemaker/TrainingJobs', 'job-1/algo-1-1765101234')
    ).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Fsagemaker$252FTrainingJobs/log-events/job-1$252Falgo-1-1765101234'
    )
    expect(logStreamConsoleUrl('cn-north-1', 'g', 's')).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\/cloudwatch\//
    )
    expect(logStreamConsoleUrl('us-iso-east-1', 'g', 's')).toBeUndefined()
  })
})
