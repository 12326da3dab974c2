// The job summary, rendered as a pure function of what happened.
import type { StartPipelineExecutionCommandInput } from '@aws-sdk/client-sagemaker'
import {
  executionConsoleLinks,
  jobConsoleUrl,
  logStreamConsoleUrl,
  pipelineConsoleUrl
} from './console.js'
import type { StepLog } from '../logs/step-logs.js'
import { truncate } from '../constraints.js'
import { byteLength, link, table } from './html.js'
import { formatDuration } from '../duration.js'
import { escapeHtml, escapePreformatted } from '../escape.js'
import { describePackage, renderModelSection } from './model-section.js'
import type { ModelResults } from '../model/model-package.js'
import type { EffectiveParameter } from '../definition/definition.js'
import type { Parameter } from '../inputs/parameter-inputs.js'
import { describeOrigin, type Origin } from '../rerun.js'
import { stepDuration, type StepRecord } from '../steps.js'

/** The runner refuses a step summary over 1 MiB; leave room for what other steps add. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024

export interface ExecutionSummary {
  pipelineName: string
  region: string
  /** None on a dry run. */
  executionArn?: string
  displayName: string
  status: string | undefined
  /** How this step came to the execution. */
  origin: Origin | 'dry-run'
  parameters: Parameter[]
  /** Every parameter the pipeline declares, when its definition was read. */
  declared?: EffectiveParameter[]
  /**
   * An execution an earlier run started: the parameters it ran with, as SageMaker tells them, or
   * 'unknown' when they could not be read. This step's own parameters are then not shown.
   */
  ranWith?: Parameter[] | 'unknown'
  /** Every step of the definition this execution runs, when it was read: the rest never ran. */
  definedSteps?: string[]
  /** The pipeline version the execution runs, when SageMaker or the deploy says. */
  versionId?: number
  /** Present when the step deployed the pipeline's definition (or, on a dry run, would have). */
  deployed?: DeploySummary
  /** Present when the step waited for the execution. */
  wait?: {
    kind: 'ended' | 'timed-out' | 'cancelled'
    waitedMs: number
    failureReason?: string
    steps: StepRecord[]
    /** What happened at the end, e.g. "Stop requested after the 30m wait-timeout." */
    note?: string
    /** The failed steps' last log lines. */
    logs?: StepLog[]
    /** What the RegisterModel steps registered, when the execution has any. */
    model?: ModelResults
  }
}

export interface DeploySummary {
  file: string
  /** created, updated, unchanged; on a dry run, would create or would update. */
  status: string
  versionId?: number
  /** One sentence: what the deploy did. */
  what: string
  /** One line per kind of change. */
  changes: string[]
}

export function renderSummary(summary: ExecutionSummary, limitBytes = SUMMARY_LIMIT_BYTES): string {
  const { wait } = summary
  const links = summary.executionArn
    ? executionConsoleLinks(summary.executionArn, summary.pipelineName)
    : undefined
  const rows: Array<[string, string]> = [
    [
      'Pipeline',
      link(
        escapeHtml(summary.pipelineName),
        links?.pipeline ?? pipelineConsoleUrl(summary.region, summary.pipelineName)
      )
    ],
    ['Region', escapeHtml(summary.region)],
    [
      'Execution ARN',
      summary.executionArn ? `<code>${escapeHtml(summary.executionArn)}</code>` : 'none (dry run)'
    ]
  ]
  if (links)
    rows.push(['Console', link('Open the execution in the SageMaker console', links.execution)])
  rows.push(
    ['Display name', escapeHtml(summary.displayName)],
    ['Status', `<b>${escapeHtml(summary.status ?? 'unknown')}</b>`]
  )
  if (summary.deployed)
    rows.push(
      [
        'Definition',
        `<code>${escapeHtml(summary.deployed.file)}</code>: ${escapeHtml(summary.deployed.status)}`
      ],
      [
        'Pipeline version',
        versionCell(summary.versionId ?? summary.deployed.versionId, summary.deployed.versionId)
      ]
    )
  if (wait) rows.push(['Waited', formatDuration(wait.waitedMs)])
  if (wait?.failureReason) rows.push(['Failure reason', escapeHtml(wait.failureReason)])

  // What happened first: the outcome, then (for a failure) the failed step's own log lines.
  const top = [
    `<h2>SageMaker pipeline ${escapeHtml(summary.pipelineName)}: ${escapeHtml(summary.origin === 'dry-run' ? 'dry run' : (summary.status ?? 'unknown'))}</h2>`,
    `<p>${outcomeLine(summary)}</p>`,
    ...(wait?.note ? [`<p>${escapeHtml(wait.note)}</p>`] : [])
  ].join('\n')
  const details = [
    `<p>${escapeHtml(
      summary.origin === 'dry-run'
        ? 'Dry run: the request was checked but not sent; nothing was started.'
        : describeOrigin(summary.origin, summary.status)
    )}</p>`,
    table(undefined, rows),
    ...(summary.deployed ? [deploySection(summary.deployed)] : [])
  ].join('\n')

  // The model section, logs, steps and parameters are the parts that can grow large (a statistics
  // file of generated metrics, long logs, many steps): the model gets a third of what is left,
  // then the others each half of what is left after it.
  let budget = limitBytes - byteLength(top) - byteLength(details) - 1024
  const model = wait ? renderModelSection(wait.model, wait.steps, summary.region, budget / 3) : ''
  budget -= byteLength(model)
  const logs = wait?.logs ? logsSection(wait.logs, summary.region, budget / 2) : ''
  budget -= byteLength(logs)
  const notRun =
    wait?.kind === 'ended' && summary.definedSteps
      ? summary.definedSteps.filter(name => !wait.steps.some(step => step.name === name))
      : []
  const steps = wait ? stepsSection(wait.steps, notRun, budget / 2) : ''
  budget -= byteLength(steps)
  // A followed execution was started elsewhere, with parameters this step never saw.
  const parameters =
    summary.origin === 'attached'
      ? ''
      : summary.ranWith
        ? ranWithSection(summary.ranWith, budget)
        : summary.declared
          ? declaredSection(summary.declared, budget)
          : parametersSection(summary.parameters, budget)
  // What a succeeded run made is what it ran for; a failed run's log and details come first.
  const order =
    wait?.kind === 'ended' && summary.status === 'Succeeded'
      ? [top, model, logs, details, steps, parameters]
      : [top, logs, details, model, steps, parameters]
  return order.filter(Boolean).join('\n')
}

/**
 * The outcome in a sentence: how the execution ended and after how long, and for a failure the
 * step that failed and why; for an execution not waited for, what it is doing.
 */
function outcomeLine(summary: ExecutionSummary): string {
  const { wait } = summary
  if (summary.origin === 'dry-run') return 'Nothing was started.'
  const status = `<b>${escapeHtml(summary.status ?? 'unknown')}</b>`
  if (!wait || wait.kind !== 'ended')
    return `${status}: ${wait ? 'the step stopped waiting before the execution ended.' : 'the step did not wait for the execution to end.'}`
  const after = wait.waitedMs > 0 ? ` after ${formatDuration(wait.waitedMs)}` : ''
  const failed = wait.steps.filter(step => step.status === 'Failed')
  const [first] = failed
  const registered = summary.status === 'Succeeded' ? wait.model?.registered.at(-1) : undefined
  if (!first)
    return `${status}${after}${registered ? `: model ${describePackage(registered)}` : ''}.`
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed steps)` : ''
  return `${status}${after}: step ${escapeHtml(first.displayName ?? first.name)}${first.type ? ` (${escapeHtml(first.type)})` : ''} failed: ${escapeHtml(first.failureReason ?? first.says ?? wait.failureReason ?? 'no reason given')}${more}.`
}

/** A step that failed with an error: before SageMaker returned an execution, or after. */
export interface FailureSummary {
  /** Unknown when the inputs could not be read. */
  pipelineName?: string
  region?: string
  /** The errors, as the log has them: each says what failed and what to do. */
  problems: string[]
  /** StartPipelineExecution's input, when the step got as far as building it. */
  request?: StartPipelineExecutionCommandInput
  executionArn?: string
}

export function renderFailureSummary(
  failure: FailureSummary,
  limitBytes = SUMMARY_LIMIT_BYTES
): string {
  const { pipelineName, region, executionArn } = failure
  const links = executionArn ? executionConsoleLinks(executionArn, pipelineName) : undefined
  const rows: Array<[string, string]> = []
  if (pipelineName)
    rows.push([
      'Pipeline',
      link(
        escapeHtml(pipelineName),
        links?.pipeline ?? (region ? pipelineConsoleUrl(region, pipelineName) : undefined)
      )
    ])
  if (region) rows.push(['Region', escapeHtml(region)])
  if (executionArn) rows.push(['Execution ARN', `<code>${escapeHtml(executionArn)}</code>`])
  if (links)
    rows.push(['Console', link('Open the execution in the SageMaker console', links.execution)])

  const problems = failure.problems.map(problem => escapeHtml(problem))
  const head = [
    `<h2>SageMaker pipeline${pipelineName ? ` ${escapeHtml(pipelineName)}` : ''}: the step failed</h2>`,
    `<p>${executionArn ? 'The step failed after SageMaker returned the execution.' : 'The step failed before SageMaker returned an execution.'}</p>`,
    problems.length === 1
      ? `<p>${problems[0]}</p>`
      : `<ul>\n${problems.map(problem => `<li>${problem}</li>`).join('\n')}\n</ul>`,
    ...(rows.length > 0 ? [table(undefined, rows)] : [])
  ].join('\n')
  const request = failure.request
    ? requestSection(failure.request, limitBytes - byteLength(head) - 1024)
    : ''
  return [head, request].filter(Boolean).join('\n')
}

/** The request as JSON, cut when it would not fit the budget. */
function requestSection(request: StartPipelineExecutionCommandInput, budget: number): string {
  const json = JSON.stringify(request, null, 2)
  const render = (text: string, cut: boolean) =>
    [
      '<h3>Request</h3>',
      "<p>StartPipelineExecution's input, as the step built it from the inputs:</p>",
      `<pre><code>${escapePreformatted(text)}</code></pre>`,
      ...(cut
        ? ["<p>The request is cut here: the summary would pass the runner's 1 MiB limit.</p>"]
        : [])
    ].join('\n')
  let shown = json.length
  let section = render(json, false)
  while (byteLength(section) > budget && shown > 0) {
    shown = Math.floor(shown / 2)
    section = render(`${truncate(json, shown)}…`, true)
  }
  return section
}

/**
 * Each failed step's last lines, as they were written (indentation kept), linked to its stream;
 * fewer lines when they would not fit the budget.
 */
function logsSection(logs: StepLog[], region: string, budget: number): string {
  const render = (keep: number) =>
    logs
      .map(log => {
        const [first] = log.streams
        const url = first && logStreamConsoleUrl(region, log.group, first)
        const where = first
          ? `${link(`<code>${escapeHtml(first)}</code>`, url)}${log.streams.length > 1 ? ` and ${log.streams.length - 1} more ${log.streams.length === 2 ? 'stream' : 'streams'}, merged in time order` : ''}`
          : ''
        const lines = log.lines.slice(-keep)
        return [
          `<h3>Log of ${escapeHtml(log.step)}</h3>`,
          log.note
            ? `<p>${escapeHtml(log.note)}</p>`
            : `<p>The last ${lines.length} lines of ${where}:</p>`,
          ...(lines.length > 0 ? [`<pre>${escapePreformatted(lines.join('\n'))}</pre>`] : [])
        ].join('\n')
      })
      .join('\n')
  let keep = Math.max(0, ...logs.map(log => log.lines.length))
  let section = render(keep)
  while (byteLength(section) > budget && keep > 0) {
    keep = Math.floor(keep / 2)
    section = render(keep)
  }
  return section
}

function stepsSection(steps: StepRecord[], notRun: string[], budget: number): string {
  if (steps.length === 0 && notRun.length === 0) return '<p>No step had started.</p>'
  const ran = steps.map(step => [
    escapeHtml(step.displayName ?? step.name) + (step.type ? ` (${escapeHtml(step.type)})` : ''),
    escapeHtml(step.status) +
      ((step.attemptCount ?? 1) > 1 ? ` (attempt ${step.attemptCount})` : ''),
    step.startTime ? escapeHtml(step.startTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z')) : '',
    formatOptional(stepDuration(step)),
    escapeHtml(
      [step.failureReason, step.says !== step.failureReason ? step.says : undefined]
        .filter(Boolean)
        .join(' — ')
    ),
    step.jobArn ? link(`<code>${escapeHtml(step.jobArn)}</code>`, jobConsoleUrl(step.jobArn)) : ''
  ])
  // A step after the one that failed, or in the branch a condition did not take.
  const rows = [...ran, ...notRun.map(name => [escapeHtml(name), 'Not run', '', '', '', ''])]
  return fitTable(
    'Steps',
    ['Step', 'Status', 'Started', 'Duration', 'Failure reason or result', 'Job'],
    rows,
    budget,
    'steps'
  )
}

function parametersSection(parameters: Parameter[], budget: number): string {
  if (parameters.length === 0)
    return "<p>No parameters were sent: the pipeline's defaults apply.</p>\n"
  const rows = parameters.map(p => [`<code>${escapeHtml(p.Name)}</code>`, codeLines(p.Value)])
  return fitTable('Parameters sent', ['Name', 'Value'], rows, budget, 'parameters')
}

/** An earlier execution's parameters: what it ran with, not what this step would have sent. */
function ranWithSection(ranWith: Parameter[] | 'unknown', budget: number): string {
  if (ranWith === 'unknown')
    return '<p>An earlier run started this execution; the parameters it ran with could not be read.</p>\n'
  if (ranWith.length === 0) return '<p>The execution ran with no parameters.</p>\n'
  const rows = ranWith.map(p => [`<code>${escapeHtml(p.Name)}</code>`, codeLines(p.Value)])
  return fitTable(
    'Parameters the execution ran with',
    ['Name', 'Value'],
    rows,
    budget,
    'parameters'
  )
}

/** The version that runs; when the deploy made another (a re-run of a changed file), both. */
function versionCell(running: number | undefined, deployed: number | undefined): string {
  if (running === undefined) return 'new (made by the deploy)'
  if (deployed === undefined || deployed === running) return String(running)
  return `${running} (the deploy made version ${deployed}, which this execution does not run)`
}

/** Every parameter the pipeline declares, with the value that applies and where it came from. */
function declaredSection(declared: EffectiveParameter[], budget: number): string {
  if (declared.length === 0) return '<p>The pipeline declares no parameters.</p>\n'
  const rows = declared.map(p => [
    `<code>${escapeHtml(p.name)}</code>`,
    codeLines(p.value),
    escapeHtml(p.type ?? ''),
    p.source === 'sent' ? 'sent' : 'default'
  ])
  return fitTable('Parameters', ['Name', 'Value', 'Type', 'Value from'], rows, budget, 'parameters')
}

/** A titled table of as many rows as fit the budget, with a note when some are left out. */
function fitTable(
  title: string,
  header: string[],
  rows: string[][],
  budget: number,
  what: string
): string {
  const render = (count: number) => {
    const cut =
      count < rows.length
        ? `<p>${rows.length - count} more ${what} are not shown: the summary would pass the runner's 1 MiB limit. The log has them all.</p>\n`
        : ''
    return `<h3>${title}</h3>\n${table(header, rows.slice(0, count))}\n${cut}`
  }
  let shown = rows.length
  let section = render(shown)
  while (byteLength(section) > budget && shown > 0) {
    shown = Math.floor(shown / 2)
    section = render(shown)
  }
  return section
}

/**
 * A value as code, a line at a time: GitHub's stylesheet hides a <br> inside <code>, so the
 * breaks go between code elements.
 */
function codeLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(line => `<code>${escapeHtml(line)}</code>`)
    .join('<br>')
}

function formatOptional(ms: number | undefined): string {
  return ms === undefined ? '' : formatDuration(ms)
}

/** What the deploy did and changed; the change lines are few (one per kind), so no budget. */
function deploySection(deployed: DeploySummary): string {
  const changes =
    deployed.changes.length === 0
      ? ''
      : `<ul>\n${deployed.changes.map(line => `<li>${escapeHtml(line)}</li>`).join('\n')}\n</ul>`
  return [`<h3>Definition</h3>`, `<p>${escapeHtml(deployed.what)}</p>`, changes]
    .filter(Boolean)
    .join('\n')
}
