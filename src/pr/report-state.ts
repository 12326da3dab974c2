// What the pull-request comment and the commit status say at one moment of the step: the
// execution, how far the step got, and what it has learned. Types only.
import type { StepLog } from '../logs/step-logs.js'
import type { ModelResults } from '../model/model-package.js'
import type { StepRecord } from '../steps.js'

/**
 * Where the step is: `running` while it waits (or when it does not wait: the execution goes on),
 * `ended` once the execution ended, `stopped-waiting` when the step ended first (a wait-timeout, a
 * cancel), `error` when the step failed after the execution existed (credentials lost, ...).
 */
type ReportPhase = 'running' | 'ended' | 'stopped-waiting' | 'error'

export interface ReportState {
  pipelineName: string
  region: string
  executionArn: string
  /** The execution's status as last seen: Executing, Succeeded, Failed, Stopped, Stopping. */
  status: string
  phase: ReportPhase
  /** Whether this step waits for the end; without, a later step that follows it ends the report. */
  waiting: boolean
  /** The execution's failure reason, or the step's error for phase `error`. */
  failureReason?: string
  /** What happened at the end when the step stopped waiting, e.g. "The wait-timeout of 2h passed." */
  note?: string
  waitedMs?: number
  /** In start order. */
  steps: StepRecord[]
  /** The failed steps' last log lines, once read. */
  logs?: StepLog[]
  /** What the steps registered, once read. */
  model?: ModelResults
  /** The commit the execution is for (a pull request's head). */
  commit: string
  /** The workflow run: its page (where the job summary is), and which attempt. */
  run: { url: string; attempt: number; workflow: string }
}
