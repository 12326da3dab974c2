// step-logs: all: the running jobs' new log lines, read at each look of the wait and printed as
// they arrive, each line named by its step (and instance), as TrainingJob.wait(logs=True) does
// for one job. The budget: one GetLogEvents per stream of a running job per look, and
// DescribeLogStreams only until a job's streams are found.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import * as core from '@actions/core'
import type { SageMaker } from '../client.js'
import { oneLine } from '../escape.js'
import { isStepDone, type StepRecord } from '../steps.js'
import { connectLogs, findStreams, readForward } from './cloudwatch.js'
import { logLocation, type LogLocation } from './log-location.js'
import { mergeEvents, toLines } from './log-lines.js'
import { explainLogFailure, printVerbatim } from './step-logs.js'

interface JobLog {
  location: LogLocation
  /** Each stream, and the token to read on from (undefined: from its start). */
  streams: Map<string, string | undefined>
  /** Its step had ended at the last read, which read the last of it. */
  finished: boolean
}

export interface LiveLogs {
  look(steps: readonly StepRecord[], signal: AbortSignal): Promise<void>
}

export function liveLogs(sagemaker: SageMaker, env: NodeJS.ProcessEnv = process.env): LiveLogs {
  let logs: CloudWatchLogsClient | undefined
  // By job, not step: a retried step runs a new job, with streams of its own.
  const jobs = new Map<string, JobLog>()
  let broken = false

  return {
    async look(steps, signal) {
      if (broken) return
      try {
        logs ??= await connectLogs(sagemaker, env)
        const lines: string[] = []
        for (const step of steps) {
          const location = logLocation(step)
          if (!location || step.status === 'Starting') continue
          const job = jobs.get(location.job) ?? { location, streams: new Map(), finished: false }
          jobs.set(location.job, job)
          if (job.finished) continue
          if (job.streams.size === 0)
            for (const stream of await findStreams(logs, location))
              job.streams.set(stream, undefined)
          const read = await Promise.all(
            [...job.streams].map(async ([stream, token]) => {
              const page = await readForward(logs!, location, stream, token, signal)
              job.streams.set(stream, page.token)
              return page.events
            })
          )
          const several = job.streams.size > 1
          lines.push(
            ...toLines(mergeEvents(read), several).map(line => `[${oneLine(step.name)}] ${line}`)
          )
          job.finished = isStepDone(step)
        }
        if (lines.length > 0) printVerbatim(lines)
      } catch (error) {
        if (signal.aborted) return
        broken = true
        core.warning(
          `${explainLogFailure(error, sagemaker.region, "The running jobs' logs")} Streaming the jobs' log lines stops here; the wait goes on.`
        )
      }
    }
  }
}
