// The CloudWatch Logs calls the action makes, on a client set up as the SageMaker one is (retries,
// proxy, credentials). Loaded only when a log is to be read: a chunk of its own in dist/.
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import { getEndpointFromInstructions } from '@smithy/core/endpoints'
import { configured, type SageMaker } from '../client.js'
import { errorName } from '../errors.js'
import { instanceOf, type LogLocation } from './log-location.js'
import type { LogEvent } from './log-lines.js'

/** DescribeLogStreams' largest page (DescribeLimit). */
const STREAMS_PAGE_SIZE = 50
/** A job has a stream per instance (and transform jobs a data log each): 10 pages are plenty. */
const MOST_STREAM_PAGES = 10

/**
 * The logs client, with the SageMaker client's credentials (the same provider, renewed as it is)
 * and region; its endpoint the SDK's own (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, ...).
 */
export async function connectLogs(
  sagemaker: SageMaker,
  env: NodeJS.ProcessEnv
): Promise<CloudWatchLogsClient> {
  const { client } = await configured(
    shared =>
      new CloudWatchLogsClient({
        region: sagemaker.region,
        credentials: sagemaker.client.config.credentials,
        ...shared
      }),
    async client => {
      const { url } = await getEndpointFromInstructions({}, GetLogEventsCommand, client.config)
      return url.href.replace(/\/$/, '')
    },
    env
  )
  return client
}

/** The job's streams; none when the group does not exist (the job wrote nothing yet). */
export async function findStreams(
  logs: CloudWatchLogsClient,
  location: LogLocation
): Promise<string[]> {
  const streams: string[] = []
  let nextToken: string | undefined
  let pages = 0
  try {
    do {
      const page = await logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: location.group,
          logStreamNamePrefix: location.streamPrefix,
          limit: STREAMS_PAGE_SIZE,
          nextToken
        })
      )
      for (const stream of page.logStreams ?? [])
        if (stream.logStreamName) streams.push(stream.logStreamName)
      nextToken = page.nextToken
    } while (nextToken && ++pages < MOST_STREAM_PAGES)
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return []
    throw error
  }
  return streams
}

/** A stream's last `count` events, oldest first. */
export async function readTail(
  logs: CloudWatchLogsClient,
  location: LogLocation,
  stream: string,
  count: number
): Promise<LogEvent[]> {
  const page = await logs.send(
    new GetLogEventsCommand({
      logGroupName: location.group,
      logStreamName: stream,
      startFromHead: false,
      limit: count
    })
  )
  return eventsOf(page.events, instanceOf(stream, location))
}

/**
 * The events of a stream after `token` (from its start without one), and the token to read on
 * from: the same token again when nothing new has arrived, which is not the end of the stream.
 */
export async function readForward(
  logs: CloudWatchLogsClient,
  location: LogLocation,
  stream: string,
  token: string | undefined,
  abortSignal: AbortSignal
): Promise<{ events: LogEvent[]; token: string | undefined }> {
  const page = await logs.send(
    new GetLogEventsCommand({
      logGroupName: location.group,
      logStreamName: stream,
      startFromHead: true,
      ...(token !== undefined && { nextToken: token })
    }),
    { abortSignal }
  )
  return {
    events: eventsOf(page.events, instanceOf(stream, location)),
    token: page.nextForwardToken ?? token
  }
}

/** GetLogEvents' events as the action keeps them, each named by its stream's instance. */
function eventsOf(
  events: Array<{ timestamp?: number; message?: string }> | undefined,
  instance: string
): LogEvent[] {
  return (events ?? []).map(event => ({
    timestamp: event.timestamp ?? 0,
    message: event.message ?? '',
    instance
  }))
}
