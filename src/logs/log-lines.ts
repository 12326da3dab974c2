// Log lines as the action shows them: the events of several streams merged in time order, the
// last ones kept, each cut to a length the runner and the summary handle. Pure.

export interface LogEvent {
  timestamp: number
  message: string
  /** The instance the stream is for (algo-1), shown when a job has several streams. */
  instance: string
}

/** A longer line is cut: the runner and a summary's code block take it, a reader does not. */
export const LONGEST_LINE = 4000

/**
 * The events of all the streams, oldest first: merged by time; events of the same millisecond
 * keep their stream's order.
 */
export function mergeEvents(streams: readonly LogEvent[][]): LogEvent[] {
  return streams
    .flatMap((events, stream) => events.map((event, index) => ({ event, stream, index })))
    .sort(
      (a, b) => a.event.timestamp - b.event.timestamp || a.stream - b.stream || a.index - b.index
    )
    .map(({ event }) => event)
}

/** The last `count` events of all the streams, oldest first. */
export function lastEvents(streams: readonly LogEvent[][], count: number): LogEvent[] {
  return count <= 0 ? [] : mergeEvents(streams).slice(-count)
}

/**
 * One line per event: a message's own line breaks become lines too, and with several instances
 * each line names its instance. Trailing blanks (a message's final newline) are dropped.
 */
export function toLines(events: readonly LogEvent[], severalInstances: boolean): string[] {
  return events.flatMap(event =>
    event.message
      .replace(/\s+$/, '')
      .split(/\r\n|\r|\n/)
      .map(line => cut(severalInstances ? `[${event.instance}] ${line}` : line))
  )
}

function cut(line: string): string {
  return line.length <= LONGEST_LINE ? line : `${line.slice(0, LONGEST_LINE)}…`
}
