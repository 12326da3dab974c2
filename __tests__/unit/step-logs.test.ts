// Reading a failed step's log, against a mocked CloudWatch Logs: the calls made, the lines printed
// (where no line can be a workflow command), and failures that are only warnings.
import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  AccessDeniedException,
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  ResourceNotFoundException
} from '@aws-sdk/client-cloudwatch-logs'
import { mockClient } from 'aws-sdk-client-mock'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { connect } = await import('../../src/client.js')
const { showStepLogs } = await import('../../src/logs/step-logs.js')

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012'
const TRAIN = {
  name: 'Train',
  status: 'Failed',
  type: 'Training',
  jobArn: `${ARN}:training-job/pipelines-abc-Train-x1`
}
const GROUP = '/aws/sagemaker/TrainingJobs'
const STREAMS = [
  'pipelines-abc-Train-x1/algo-1-1765101234',
  'pipelines-abc-Train-x1/algo-2-1765101234'
]

const logs = mockClient(CloudWatchLogsClient)
let sagemaker: Awaited<ReturnType<typeof connect>>
const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' }

beforeAll(async () => {
  sagemaker = await connect('us-east-1', env, async () => ({
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret'
  }))
})

beforeEach(() => {
  logs.reset()
  jest.clearAllMocks()
})

const printed = () => core.info.mock.calls.map(([line]) => line)

describe('showStepLogs', () => {
  it("prints the last lines of the job's streams, merged in time order, between stop-commands and its token", async () => {
    logs
      .on(DescribeLogStreamsCommand)
      .resolves({ logStreams: STREAMS.map(logStreamName => ({ logStreamName })) })
    logs
      .on(GetLogEventsCommand, { logStreamName: STREAMS[0] })
      .resolves({
        events: [
          { timestamp: 1, message: 'epoch 1' },
          { timestamp: 3, message: '::error::injected' }
        ]
      })
      .on(GetLogEventsCommand, { logStreamName: STREAMS[1] })
      .resolves({
        events: [
          { timestamp: 2, message: 'epoch 1 (2)' },
          { timestamp: 4, message: 'ValueError: NaN' }
        ]
      })

    const shown = await showStepLogs(sagemaker, [TRAIN], 3, env)

    expect(logs.commandCalls(DescribeLogStreamsCommand)[0]?.args[0].input).toMatchObject({
      logGroupName: GROUP,
      logStreamNamePrefix: 'pipelines-abc-Train-x1/'
    })
    for (const call of logs.commandCalls(GetLogEventsCommand))
      expect(call.args[0].input).toMatchObject({
        logGroupName: GROUP,
        startFromHead: false,
        limit: 3
      })
    const lines = printed()
    const token = /^::stop-commands::(.+)$/.exec(lines[0] ?? '')?.[1]
    expect(token).toMatch(/^[0-9a-f-]{36}$/)
    expect(lines).toEqual([
      `::stop-commands::${token}`,
      '[algo-2] epoch 1 (2)',
      '[algo-1] ::error::injected',
      '[algo-2] ValueError: NaN',
      `::${token}::`
    ])
    expect(core.startGroup).toHaveBeenCalledWith(
      `Log of Train: the last 3 lines of ${GROUP}/pipelines-abc-Train-x1/* (2 streams)`
    )
    expect(shown).toEqual([
      {
        step: 'Train',
        group: GROUP,
        streams: STREAMS,
        lines: ['[algo-2] epoch 1 (2)', '[algo-1] ::error::injected', '[algo-2] ValueError: NaN']
      }
    ])
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('says a job wrote no log when its group does not exist', async () => {
    logs.on(DescribeLogStreamsCommand).rejects(
      new ResourceNotFoundException({
        message: 'The specified log group does not exist.',
        $metadata: {}
      })
    )
    const shown = await showStepLogs(sagemaker, [TRAIN], 100, env)
    expect(shown).toEqual([
      expect.objectContaining({
        step: 'Train',
        streams: [],
        lines: [],
        note: 'pipelines-abc-Train-x1 wrote no log: it failed before its first line.'
      })
    ])
    expect(logs.commandCalls(GetLogEventsCommand)).toHaveLength(0)
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('is one warning naming the permissions when access is denied', async () => {
    logs
      .on(DescribeLogStreamsCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }))
    const shown = await showStepLogs(sagemaker, [TRAIN, { ...TRAIN, name: 'Train2' }], 100, env)
    expect(shown).toEqual([])
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning.mock.calls[0]?.[0]).toContain(
      'Allow logs:DescribeLogStreams and logs:GetLogEvents on arn:aws:logs:us-east-1:ACCOUNT:log-group:/aws/sagemaker/*'
    )
  })
})
