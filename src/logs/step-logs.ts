// The failed steps' own log lines: read from CloudWatch, printed in a group per step, and handed
// to the summary. Reading a log never changes the outcome: whatever fails is one warning.
import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import type { SageMaker } from '../client.js'
import { errorName, isAccessDenied, isThrottling } from '../errors.js'
import { oneLine } from '../escape.js'
import type { StepRecord } from '../steps.js'
import { connectLogs, findStreams, readTail } from './cloudwatch.js'
import { logLocation, type LogLocation } from './log-location.js'
import { lastEvents, toLines } from './log-lines.js'

/** What the summary shows of a step's log. */
export interface StepLog {
  step: string
  group: string
  streams: string[]
  /** The last lines, oldest first (at most SUMMARY_LINES). */
  lines: string[]
  /** Why there are no lines, when there are none. */
  note?: string
}

/** The summary shows fewer lines than the log: enough for a traceback. */
const SUMMARY_LINES = 30

/** Reads, prints and returns the last `count` lines of each step's job. */
export async function showStepLogs(
  sagemaker: SageMaker,
  steps: readonly StepRecord[],
  count: number,
  env: NodeJS.ProcessEnv = process.env
): Promise<StepLog[]> {
  const shown: StepLog[] = []
  try {
    const logs = await connectLogs(sagemaker, env)
    for (const step of steps) {
      const location = logLocation(step)
      if (!location) continue
      const streams = await findStreams(logs, location)
      if (streams.length === 0) {
        const note = `${location.job} wrote no log: it failed before its first line.`
        core.info(`${oneLine(step.name)}: ${note}`)
        shown.push({ step: step.name, group: location.group, streams, lines: [], note })
        continue
      }
      const tails = await Promise.all(
        streams.map(stream => readTail(logs, location, stream, count))
      )
      const lines = toLines(lastEvents(tails, count), streams.length > 1).slice(-count)
      print(step, location, streams, lines)
      shown.push({
        step: step.name,
        group: location.group,
        streams,
        lines: lines.slice(-SUMMARY_LINES)
      })
    }
  } catch (error) {
    core.warning(explainLogFailure(error, sagemaker.region, "The failed step's log"))
  }
  return shown
}

/** A step's last lines in a group of their own, read as text (`::error::` stays a line). */
function print(step: StepRecord, location: LogLocation, streams: string[], lines: string[]): void {
  core.startGroup(
    `Log of ${oneLine(step.name)}: the last ${lines.length} lines of ${location.group}/${oneLine(location.streamPrefix)}* (${streams.length} ${streams.length === 1 ? 'stream' : 'streams'})`
  )
  printVerbatim(lines)
  core.endGroup()
}

/**
 * Lines from a user's container, printed so the runner reads none as a workflow command: between
 * ::stop-commands:: and a fresh random token, which no line can know in advance.
 */
export function printVerbatim(lines: readonly string[]): void {
  const token = randomUUID()
  core.info(`::stop-commands::${token}`)
  lines.forEach(line => core.info(line))
  core.info(`::${token}::`)
}

/** Why a log could not be read, and for access denied, what to allow. */
export function explainLogFailure(error: unknown, region: string, what: string): string {
  const said = oneLine((error as Error).message ?? String(error))
  if (isAccessDenied(error))
    return `${what} could not be read: access denied. Allow logs:DescribeLogStreams and logs:GetLogEvents on arn:aws:logs:${region}:ACCOUNT:log-group:/aws/sagemaker/* for the role this workflow uses (or set step-logs: none). CloudWatch Logs said: ${said}`
  if (isThrottling(error))
    return `${what} could not be read: CloudWatch Logs kept throttling the requests (${errorName(error)}). CloudWatch Logs said: ${said}`
  return `${what} could not be read (${errorName(error)}): ${said}`
}
