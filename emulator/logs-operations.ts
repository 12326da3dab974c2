// The CloudWatch Logs operations a reader of job logs uses; the server validates bodies against
// emulator/data/cloudwatch-logs-model.json first. The logs are the jobs' (job-logs.ts), read from
// the executions as of the emulator's now.
import { ACCOUNT_ID } from './arns.js'
import { AwsError } from './aws-error.js'
import { stateOf } from './executions.js'
import { handler } from './handler.js'
import type { Context, EmulatorState, Handler } from './handler.js'
import { jobStreams, LOG_GROUPS } from './job-logs.js'
import type { JobStream, LogEvent } from './job-logs.js'
import { paginate } from './pagination.js'

const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message)
const groupNotFound = (): AwsError =>
  new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
const invalidToken = (): AwsError => invalidParameter('The specified nextToken is invalid.')

// From the API model's docs: GetLogEvents and FilterLogEvents answer at most 10,000 events or
// 1 MB, DescribeLogStreams 50 streams unless told fewer. An event counts its message's UTF-8
// bytes and 26 more, as in PutLogEvents.
const MAX_EVENTS = 10_000
const MAX_RESPONSE_BYTES = 1_048_576
const EVENT_OVERHEAD_BYTES = 26
const DEFAULT_STREAMS = 50
// FilterLogEvents reads backwards (startFromHead false) only from this time on.
const BACKWARD_FILTER_FROM = Date.parse('2024-01-01T00:00:00Z')

interface GroupFields {
  logGroupName?: string
  logGroupIdentifier?: string
}

/** Every stream the jobs of the region's executions have written to, in a group, as of now. */
export function logStreamsOf(
  state: EmulatorState,
  region: string,
  group: string,
  now: number
): JobStream[] {
  return state.executions
    .filter(e => e.region === region)
    .flatMap(e => [
      ...e.pastAttempts.flatMap(s => jobStreams(s, e.id, undefined, now)),
      ...stateOf(e, now).steps.flatMap(s => jobStreams(s, e.id, e.stop, now))
    ])
    .filter(s => s.group === group)
}

/** Whether SageMaker's groups exist: always, as in an account that ran jobs, unless deleted. */
export const hasLogGroup = (state: EmulatorState, group: string): boolean =>
  Object.values<string>(LOG_GROUPS).includes(group) && !state.deletedLogGroups.has(group)

const groupArnPattern = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:(.+)$/

/** The group a request names, by name or by identifier (name or ARN), if it exists. */
function groupOf(ctx: Context, body: GroupFields): string {
  const { logGroupName: name, logGroupIdentifier: identifier } = body
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.')
  }
  if (name === undefined && identifier === undefined) {
    throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.')
  }
  let group = name ?? (identifier as string)
  const arn = groupArnPattern.exec(group)
  if (arn) {
    if (arn[1] !== ctx.region || arn[2] !== ACCOUNT_ID) throw groupNotFound()
    group = arn[3] as string
  }
  if (!hasLogGroup(ctx.state, group)) throw groupNotFound()
  return group
}

const streamArn = (region: string, group: string, stream: string): string =>
  `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${group}:log-stream:${stream}`

interface DescribeBody extends GroupFields {
  logStreamNamePrefix?: string
  orderBy?: 'LogStreamName' | 'LastEventTime'
  descending?: boolean
  nextToken?: string
  limit?: number
}

const describeLogStreams = handler<DescribeBody>((ctx, body) => {
  const group = groupOf(ctx, body)
  const byTime = body.orderBy === 'LastEventTime'
  if (byTime && body.logStreamNamePrefix !== undefined) {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.')
  }
  const prefix = body.logStreamNamePrefix ?? ''
  const last = (s: JobStream): number => s.events.at(-1)?.timestamp ?? 0
  const sign = body.descending ? -1 : 1
  const streams = logStreamsOf(ctx.state, ctx.region, group, ctx.now)
    .filter(s => s.name.startsWith(prefix))
    .sort((a, b) => sign * (byTime ? last(a) - last(b) : compare(a.name, b.name)))
  const listing = `DescribeLogStreams:${group}:${prefix}:${body.orderBy ?? ''}:${sign}`
  const page = paginate(
    streams,
    listing,
    body.nextToken,
    body.limit ?? DEFAULT_STREAMS,
    invalidToken
  )
  return {
    logStreams: page.items.map(s => ({
      logStreamName: s.name,
      creationTime: s.events[0]?.timestamp,
      firstEventTimestamp: s.events[0]?.timestamp,
      lastEventTimestamp: last(s),
      lastIngestionTime: last(s),
      arn: streamArn(ctx.region, group, s.name),
      storedBytes: 0
    })),
    nextToken: page.nextToken
  }
})

// Code-point order, as the service sorts names; localeCompare would not.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

interface GetBody extends GroupFields {
  logStreamName: string
  startTime?: number
  endTime?: number
  nextToken?: string
  limit?: number
  startFromHead?: boolean
  unmask?: boolean
}

/**
 * A GetLogEvents token: a direction and a position between two events of one stream (0: before
 * the first). Events are only ever added after those already written, so positions stay put.
 */
interface Position {
  direction: 'f' | 'b'
  at: number
}

const encodePosition = (stream: string, { direction, at }: Position): string =>
  `${direction}/${Buffer.from(JSON.stringify({ stream, at })).toString('base64url')}`

function decodePosition(token: string, stream: string): Position {
  const [direction, payload = ''] = token.split('/', 2)
  try {
    const { stream: owner, at } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      stream?: unknown
      at?: unknown
    }
    if ((direction === 'f' || direction === 'b') && owner === stream && Number.isSafeInteger(at)) {
      return { direction, at: at as number }
    }
  } catch {
    // Reported below, like any other foreign token.
  }
  throw invalidToken()
}

const eventBytes = (event: LogEvent): number =>
  Buffer.byteLength(event.message) + EVENT_OVERHEAD_BYTES

/** As many events as fit one answer, from the front of `events` (or its back, `fromEnd`). */
function fitting<T extends LogEvent>(events: readonly T[], limit: number, fromEnd = false): T[] {
  const ordered = fromEnd ? [...events].reverse() : events
  const taken: T[] = []
  let bytes = 0
  for (const event of ordered) {
    if (taken.length === limit || bytes + eventBytes(event) > MAX_RESPONSE_BYTES) break
    taken.push(event)
    bytes += eventBytes(event)
  }
  return fromEnd ? taken.reverse() : taken
}

const getLogEvents = handler<GetBody>((ctx, body) => {
  const group = groupOf(ctx, body)
  const stream = logStreamsOf(ctx.state, ctx.region, group, ctx.now).find(
    s => s.name === body.logStreamName
  )
  if (!stream)
    throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
  const key = `${group}:${stream.name}`
  // Positions count every event of the stream; the time range only picks among them.
  const indexed = stream.events.map((event, index) => ({ ...event, index }))
  const inRange = (e: { timestamp: number }): boolean =>
    e.timestamp >= (body.startTime ?? 0) && e.timestamp < (body.endTime ?? Infinity)
  // Without a token: the stream's end, read backwards (its last events), or its head.
  const from: Position =
    body.nextToken !== undefined
      ? decodePosition(body.nextToken, key)
      : body.startFromHead
        ? { direction: 'f', at: 0 }
        : { direction: 'b', at: indexed.length }
  const forward = from.direction === 'f'
  const candidates = indexed.filter(
    e => (forward ? e.index >= from.at : e.index < from.at) && inRange(e)
  )
  const events = fitting(candidates, body.limit ?? MAX_EVENTS, !forward)
  // With nothing (new) to read, the token asked with comes back: that is how a reader knows.
  return {
    events: events.map(e => ({
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.timestamp
    })),
    nextForwardToken: encodePosition(key, {
      direction: 'f',
      at: (events.at(-1)?.index ?? from.at - 1) + 1
    }),
    nextBackwardToken: encodePosition(key, { direction: 'b', at: events[0]?.index ?? from.at })
  }
})

interface FilterBody extends GroupFields {
  logStreamNames?: string[]
  logStreamNamePrefix?: string
  startTime?: number
  endTime?: number
  filterPattern?: string
  nextToken?: string
  limit?: number
  startFromHead?: boolean
  interleaved?: boolean
  unmask?: boolean
}

interface FilteredEvent extends LogEvent {
  logStreamName: string
  /** Its place in its stream; with the time and the stream's name, what orders events. */
  index: number
}

const eventOrder = (a: FilteredEvent, b: FilteredEvent): number =>
  a.timestamp - b.timestamp || compare(a.logStreamName, b.logStreamName) || a.index - b.index

/** A FilterLogEvents token: the last event answered, and the direction the first call chose. */
interface FilterCursor {
  query: string
  ascending: boolean
  after: { timestamp: number; logStreamName: string; index: number }
}

const encodeCursor = (cursor: FilterCursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url')

function decodeCursor(token: string, query: string): FilterCursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString()) as Partial<FilterCursor>
    if (cursor.query === query && typeof cursor.ascending === 'boolean' && cursor.after) {
      return cursor as FilterCursor
    }
  } catch {
    // Reported below, like any other foreign token.
  }
  throw invalidToken()
}

const filterLogEvents = handler<FilterBody>((ctx, body) => {
  const group = groupOf(ctx, body)
  if (body.logStreamNames !== undefined && body.logStreamNamePrefix !== undefined) {
    throw invalidParameter(
      'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.'
    )
  }
  if (
    body.startFromHead === false &&
    body.nextToken === undefined &&
    (body.startTime ?? 0) < BACKWARD_FILTER_FROM
  ) {
    throw invalidParameter(
      'startFromHead false requires a startTime on or after 2024-01-01T00:00:00Z.'
    )
  }
  const matches = messageFilter(body.filterPattern)
  const wanted = (name: string): boolean =>
    body.logStreamNames?.includes(name) ?? name.startsWith(body.logStreamNamePrefix ?? '')
  const query = JSON.stringify([
    group,
    body.logStreamNames,
    body.logStreamNamePrefix,
    body.filterPattern
  ])
  const cursor = body.nextToken === undefined ? undefined : decodeCursor(body.nextToken, query)
  const ascending = cursor?.ascending ?? body.startFromHead ?? true
  const all = logStreamsOf(ctx.state, ctx.region, group, ctx.now)
    .filter(s => wanted(s.name))
    .flatMap(s => s.events.map((e, index) => ({ ...e, logStreamName: s.name, index })))
    .filter(
      e =>
        e.timestamp >= (body.startTime ?? 0) &&
        e.timestamp <= (body.endTime ?? Infinity) &&
        matches(e.message)
    )
    .sort((a, b) => (ascending ? 1 : -1) * eventOrder(a, b))
  const remaining = cursor
    ? all.filter(e => (ascending ? 1 : -1) * eventOrder(e, cursor.after as FilteredEvent) > 0)
    : all
  const events = fitting(remaining, body.limit ?? MAX_EVENTS)
  const last = events.at(-1)
  return {
    events: events.map(e => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.timestamp,
      eventId: eventId(e)
    })),
    searchedLogStreams: [],
    nextToken:
      last && events.length < remaining.length
        ? encodeCursor({
            query,
            ascending,
            after: {
              timestamp: last.timestamp,
              logStreamName: last.logStreamName,
              index: last.index
            }
          })
        : undefined
  }
})

// Event ids are 56 digits; these are stable across reads of the same event.
const eventId = (e: FilteredEvent): string =>
  `${e.timestamp}`.padEnd(20, '0') +
  `${[...e.logStreamName].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e12, 7)}`.padStart(
    24,
    '0'
  ) +
  `${e.index}`.padStart(12, '0')

/**
 * Filter patterns as far as plain text goes: every term must appear (a quoted one as written), and
 * `?term` alternatives need one of them. JSON and space-delimited patterns are not emulated.
 */
function messageFilter(pattern: string | undefined): (message: string) => boolean {
  const text = pattern?.trim() ?? ''
  if (text === '') return () => true
  if (/^[{[]/.test(text)) {
    throw invalidParameter(
      `The emulator does not support JSON or space-delimited filter patterns: ${text}`
    )
  }
  const terms = [...text.matchAll(/(\?)?(?:"([^"]*)"|(\S+))/g)].map(m => ({
    optional: m[1] === '?',
    value: m[2] ?? m[3] ?? ''
  }))
  const required = terms.filter(t => !t.optional).map(t => t.value)
  const anyOf = terms.filter(t => t.optional).map(t => t.value)
  return message =>
    required.every(t => message.includes(t)) &&
    (anyOf.length === 0 || anyOf.some(t => message.includes(t)))
}

export const logsHandlers: Readonly<Record<string, Handler>> = {
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents
}
