// The commit status of an execution: one per pipeline (its context), saying in a line what the
// execution did. Pure: from the report state, as plain text within GitHub's limit.
import { formatDuration } from '../duration.js'
import type { ModelPackage } from '../model/model-package.js'
import { describeProgress } from './comment.js'
import type { ReportState } from './report-state.js'

/** GitHub refuses a longer description (it counts characters; UTF-16 units are never fewer). */
const DESCRIPTION_LIMIT = 140

export interface CommitStatus {
  state: 'pending' | 'success' | 'failure' | 'error'
  description: string
  context: string
}

/**
 * `pending` while the execution runs; `success` or `failure` once it ended; `error` when the step
 * stopped before the end (a wait-timeout, a cancel) or failed after starting it, whatever became of
 * the execution.
 */
export function commitStatus(state: ReportState): CommitStatus {
  return {
    ...describe(state),
    context: `sagemaker/${state.pipelineName}`
  }
}

function describe(state: ReportState): Pick<CommitStatus, 'state' | 'description'> {
  const status = firstLine(state.status)
  switch (state.phase) {
    case 'running':
      return {
        state: 'pending',
        description: fit(
          state.waiting
            ? `${status}: ${describeProgress(state.steps)}`
            : `${status}; a later step follows it`
        )
      }
    case 'stopped-waiting':
      return {
        state: 'error',
        description: fit(`${status}: ${firstLine(state.note ?? 'the step stopped waiting')}`)
      }
    case 'error':
      return {
        state: 'error',
        description: fit(`The step failed: ${firstLine(state.failureReason ?? 'no reason given')}`)
      }
    case 'ended':
      return state.status === 'Succeeded'
        ? { state: 'success', description: fit(succeeded(state)) }
        : { state: 'failure', description: fit(notSucceeded(state, status)) }
  }
}

/** `Succeeded after 42m0s; model v8 awaits approval` */
function succeeded(state: ReportState): string {
  const registered = state.model?.registered.at(-1)
  return `Succeeded${took(state)}${registered ? `; model ${approval(registered)}` : ''}`
}

/** `Train failed: ValueError: Input X contains NaN`, or the execution's own reason. */
function notSucceeded(state: ReportState, status: string): string {
  const failed = state.steps.find(step => step.status === 'Failed')
  if (failed)
    return `${firstLine(failed.displayName ?? failed.name)} failed: ${firstLine(failed.failureReason ?? failed.says ?? state.failureReason ?? 'no reason given')}`
  return `${status}${took(state)}${state.failureReason ? `: ${firstLine(state.failureReason)}` : ''}`
}

function took(state: ReportState): string {
  return state.waitedMs ? ` after ${formatDuration(state.waitedMs)}` : ''
}

/** `v8 awaits approval`: the package's version and what its status means. */
function approval(pkg: ModelPackage): string {
  const version = pkg.version === undefined ? 'registered' : `v${pkg.version}`
  switch (pkg.approvalStatus) {
    case 'PendingManualApproval':
      return `${version} awaits approval`
    case 'Approved':
      return `${version} is approved`
    case 'Rejected':
      return `${version} was rejected`
    default:
      return pkg.approvalStatus ? `${version} is ${firstLine(pkg.approvalStatus)}` : version
  }
}

/** The first line of text from outside that has any: a description is one line. */
function firstLine(text: string): string {
  return (
    text
      .split(/\r\n|[\r\n\u2028\u2029]/)
      .map(line => line.trim())
      .find(Boolean) ?? ''
  )
}

/** At most DESCRIPTION_LIMIT UTF-16 units, cut with `…` between code points. */
function fit(text: string): string {
  if (text.length <= DESCRIPTION_LIMIT) return text
  let cut = ''
  for (const point of text) {
    if (cut.length + point.length > DESCRIPTION_LIMIT - 1) break
    cut += point
  }
  return `${cut.trimEnd()}…`
}
