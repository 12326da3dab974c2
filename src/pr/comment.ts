// The pull request's comment on an execution: one per pull request and pipeline, found again by
// the hidden marker on its first line and rewritten while the execution runs. Pure: GitHub Markdown
// from the report state, every text from outside escaped, within GitHub's limit on a comment.
import { formatDuration } from '../duration.js'
import type { StepLog } from '../logs/step-logs.js'
import type { ModelPackage, ModelResults } from '../model/model-package.js'
import { executionConsoleLinks, logStreamConsoleUrl } from '../report/console.js'
import { link } from '../report/html.js'
import { oneLine } from '../escape.js'
import { describePackage, formatDifference, formatMetricValue } from '../report/model-section.js'
import { isStepDone, stepDuration, type StepRecord } from '../steps.js'
import type { ReportState } from './report-state.js'

/** GitHub refuses a comment body of more characters. */
const COMMENT_LIMIT = 65_536

/** A steps table longer than this is folded, so the outcome and the model stay in view. */
const OPEN_STEPS = 5

/**
 * Caps, in code points, on single texts from outside: a CloudWatch event may hold 256 KB, and one
 * long line must not crowd out the rest.
 */
const MAX_LOG_LINE = 1000
const MAX_REASON = 1000
const MAX_CELL = 300

/**
 * The comment's first line, naming the pipeline. The name is percent-encoded, `-` too, so it holds
 * no `--` or `>` that would end the HTML comment, and no space: a space ends it, so the marker of
 * `churn` is not the start of `churn-training`'s.
 */
export function commentMarker(pipelineName: string): string {
  // encodeURIComponent throws on a lone surrogate.
  const name = encodeURIComponent(pipelineName.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'))
  return `<!-- sagemaker-pipeline-action pipeline=${name.replace(/-/g, '%2D')} -->`
}

/** Whether a comment is this pipeline's: its first line is the marker, exactly. */
export function hasMarker(body: string, pipelineName: string): boolean {
  return body.split(/\r?\n/, 1)[0] === commentMarker(pipelineName)
}

/**
 * Text from outside, as text in GitHub Markdown and in the HTML it allows: the characters Markdown
 * or HTML would act on become references, and line breaks <br>, so no text can end a table row,
 * a <details> or a paragraph. GitHub links @mentions and #123 references after decoding references,
 * so those signs are followed by a zero-width space instead: nobody is notified, nothing is linked.
 */
export function escapeMarkdown(text: string): string {
  // One pass: a second would find the `#` of the references the first wrote.
  return text.replace(
    /\r\n|[\r\n\u2028\u2029@#&<>"'\\`|*_[\]~$]/g,
    char => MARKDOWN_ESCAPES[char] ?? `&#${char.charCodeAt(0)};`
  )
}

/** What escapeMarkdown writes for other than a character reference. */
const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = {
  '\r\n': '<br>',
  '\r': '<br>',
  '\n': '<br>',
  '\u2028': '<br>',
  '\u2029': '<br>',
  '@': '@\u200B',
  '#': '#\u200B'
}

/**
 * The comment, at most `limit` characters (UTF-16 units, never fewer than code points): the marker,
 * the outcome, a failed step's last log lines, the model, the steps, and the links. When it would
 * be longer, steps rows are cut first, then metric rows, then log lines, each with a note; the
 * marker, the outcome and the links always stay. `updatedAt` is the time the caller read the state.
 */
export function renderComment(
  state: ReportState,
  limit = COMMENT_LIMIT,
  updatedAt?: string
): string {
  const stepRows = lazyRows(state.steps.length, i => stepRow(state.steps[i]!))
  const metrics = metricsTable(state.model)
  const logs = (state.logs ?? []).map(log => ({
    ...log,
    lines: log.lines.map(line => clip(line, MAX_LOG_LINE))
  }))
  const fixed = {
    head: [commentMarker(state.pipelineName), heading(state), outcome(state)].join('\n'),
    links: links(state, updatedAt)
  }
  const render = ({ lines, metricRows, steps }: Shown) =>
    [
      fixed.head,
      logsSection(logs, state.region, lines),
      modelSection(state.model, metrics, metricRows),
      stepsSection(stepRows, steps),
      fixed.links
    ]
      .filter(Boolean)
      .join('\n\n')

  // Rendering 100,000 rows only to halve them would build megabytes: first take, from the most
  // important part down, as many rows as the room left by the rest can hold. The room is measured
  // with one row of each part, so that it counts the headers and fences a part brings.
  const maxLines = logs.reduce((most, log) => Math.max(most, log.lines.length), 0)
  const metricRows = metrics?.rows ?? lazyRows(0, () => '')
  const one: Shown = {
    lines: Math.min(1, maxLines),
    metricRows: Math.min(1, metricRows.count),
    steps: Math.min(1, stepRows.count)
  }
  let room = limit - render(one).length
  // The k-th line from the end of each log that has one.
  const lines = fitting(room, one.lines, maxLines, k =>
    logs.reduce((sum, log) => {
      const line = log.lines[log.lines.length - k]
      return line === undefined ? sum : sum + line.length + 1
    }, 0)
  )
  room -= lines.used
  const metricsShown = fitting(
    room,
    one.metricRows,
    metricRows.count,
    i => metricRows.row(i - 1).length + 1
  )
  room -= metricsShown.used
  const steps = fitting(room, one.steps, stepRows.count, i => stepRows.row(i - 1).length + 1)
  // A part loses rows only once the less important parts have none: not even the measured one.
  const shown: Shown = {
    lines: lines.count,
    metricRows: lines.count < maxLines ? 0 : metricsShown.count,
    steps: lines.count < maxLines || metricsShown.count < metricRows.count ? 0 : steps.count
  }

  // A longer fence, or a part whose one row did not fit: cut on until the comment fits.
  let comment = render(shown)
  for (const part of ['steps', 'metricRows', 'lines'] as const)
    while (comment.length > limit && shown[part] > 0) {
      shown[part] = Math.floor(shown[part] / 2)
      comment = render(shown)
    }
  return comment
}

/** How many of each cuttable part the comment shows. */
interface Shown {
  /** The last lines of each log. */
  lines: number
  metricRows: number
  steps: number
}

/**
 * The largest count from `start` up to `max` whose items past `start` fit the room, given the cost
 * of the i-th (from 1), and the room those use.
 */
function fitting(
  room: number,
  start: number,
  max: number,
  cost: (i: number) => number
): { count: number; used: number } {
  let used = 0
  for (let i = start + 1; i <= max; i++) {
    const next = used + cost(i)
    if (next > room) return { count: i - 1, used }
    used = next
  }
  return { count: max, used }
}

function heading(state: ReportState): string {
  return `### SageMaker pipeline ${escapeMarkdown(oneLine(state.pipelineName))}: ${escapeMarkdown(oneLine(state.status))}`
}

/** What happened, in a paragraph: the status, and what the phase adds to it. */
function outcome(state: ReportState): string {
  const status = `**${escapeMarkdown(oneLine(state.status))}**`
  switch (state.phase) {
    case 'running':
      return state.waiting
        ? `${status}: ${escapeMarkdown(describeProgress(state.steps))}.`
        : `${status}: started; a later step of the workflow follows it to the end.`
    case 'stopped-waiting':
      return `${status}: ${reason(state.note ?? 'the step stopped waiting before the execution ended.')}`
    case 'error':
      return `${status}: the step failed after the execution started: ${reason(state.failureReason ?? 'no reason given')}`
    case 'ended':
      return endedOutcome(state, status)
  }
}

function endedOutcome(state: ReportState, status: string): string {
  const after = state.waitedMs ? ` after ${formatDuration(state.waitedMs)}` : ''
  const failed = state.steps.filter(step => step.status === 'Failed')
  const [first] = failed
  if (first) {
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed steps)` : ''
    return `${status}${after}: step ${stepName(first)} failed: ${reason(first.failureReason ?? first.says ?? state.failureReason ?? 'no reason given')}${more}`
  }
  const registered = state.status === 'Succeeded' ? state.model?.registered.at(-1) : undefined
  if (registered) return `${status}${after}: model ${describePackage(registered)}.`
  return `${status}${after}${state.failureReason ? `: ${reason(state.failureReason)}` : '.'}`
}

/** `3 steps done, Train running`: the steps so far, as plain text (the comment escapes it). */
export function describeProgress(steps: readonly StepRecord[]): string {
  if (steps.length === 0) return 'no step has started yet'
  const done = steps.filter(isStepDone).length
  const running = steps.filter(step => !isStepDone(step)).map(step => step.displayName ?? step.name)
  const names =
    running.length <= 2
      ? running.join(' and ')
      : `${running.slice(0, 2).join(', ')} and ${running.length - 2} more`
  return [
    ...(done > 0 || running.length === 0 ? [`${done} ${done === 1 ? 'step' : 'steps'} done`] : []),
    ...(running.length > 0 ? [`${oneLine(names)} running`] : [])
  ].join(', ')
}

/** A reason from outside, on one line (the outcome is one), escaped and capped, ending a sentence. */
function reason(text: string): string {
  const line = oneLine(text)
  const escaped = escapeMarkdown(clip(line, MAX_REASON))
  return /[.!?]["')]?$/.test(line) ? escaped : `${escaped}.`
}

/** `Train (Training)`, escaped. */
function stepName(step: StepRecord): string {
  const name = escapeMarkdown(oneLine(step.displayName ?? step.name))
  return step.type ? `${name} (${escapeMarkdown(step.type)})` : name
}

/**
 * Each failed step's last lines in a fenced block whose fence is longer than any run of backticks
 * in them, so no line can close it; inside, GitHub reads nothing as Markdown, HTML or a mention.
 */
function logsSection(logs: StepLog[], region: string, keep: number): string {
  return logs
    .map(log => {
      const title = `#### Log of ${escapeMarkdown(oneLine(log.step))}`
      if (log.note) return `${title}\n\n${escapeMarkdown(log.note)}`
      const lines = keep === 0 ? [] : log.lines.slice(-keep)
      const [first] = log.streams
      const stream = first
        ? link(
            `<code>${escapeMarkdown(first)}</code>`,
            logStreamConsoleUrl(region, log.group, first)
          )
        : escapeMarkdown(log.group)
      const others = log.streams.length - 1
      const where = `${stream}${others > 0 ? ` and ${others} more ${others === 1 ? 'stream' : 'streams'}` : ''}`
      const cut =
        lines.length < log.lines.length
          ? `\n\n${log.lines.length - lines.length} earlier lines are not shown: see the job summary.`
          : ''
      if (lines.length === 0) return `${title}\n\nThe log is in ${where}.${cut}`
      const fence = '`'.repeat(
        lines.reduce((most, line) => Math.max(most, longestBacktickRun(line)), 2) + 1
      )
      return `${title}\n\nThe last ${lines.length} lines of ${where}:\n\n${fence}text\n${lines.join('\n')}\n${fence}${cut}`
    })
    .join('\n\n')
}

function longestBacktickRun(line: string): number {
  return [...line.matchAll(/`+/g)].reduce((most, run) => Math.max(most, run[0].length), 0)
}

/**
 * Table rows, each rendered when first asked for: of 100,000 steps or metrics, only those that fit
 * the comment are built.
 */
interface Rows {
  count: number
  row(index: number): string
  first(count: number): string[]
}

function lazyRows(count: number, render: (index: number) => string): Rows {
  const rendered: string[] = []
  const row = (index: number) => (rendered[index] ??= render(index))
  return { count, row, first: n => Array.from({ length: n }, (_, i) => row(i)) }
}

interface MetricsTable {
  header: string
  rows: Rows
}

/**
 * The last registered package's metrics beside the approved package's of the same name, as Markdown
 * table rows; the names' shared group (`binary_classification_metrics.`) said once, in the header.
 */
function metricsTable(model: ModelResults | undefined): MetricsTable | undefined {
  const pkg = model?.registered.at(-1)
  if (!pkg?.metrics || pkg.metrics.length === 0) return undefined
  const compared = model?.approved?.metrics
  const approvedByName = new Map(compared?.map(metric => [metric.name, metric.value]))
  const [firstName = ''] = pkg.metrics.map(metric => metric.name)
  const prefix = firstName.slice(0, firstName.indexOf('.') + 1)
  const group =
    prefix.length > 1 && pkg.metrics.every(metric => metric.name.startsWith(prefix)) ? prefix : ''
  const columns = [
    `Metric${group ? ` (<code>${escapeMarkdown(clip(group.slice(0, -1), MAX_CELL))}</code>)` : ''}`,
    `This model${versionLabel(pkg)}`,
    ...(compared ? [`Approved${versionLabel(model.approved!)}`, 'Difference'] : [])
  ]
  const metrics = pkg.metrics
  const rows = lazyRows(metrics.length, index => {
    const { name, value } = metrics[index]!
    const other = approvedByName.get(name)
    const cells = [
      `<code>${escapeMarkdown(clip(oneLine(name.slice(group.length)), MAX_CELL))}</code>`,
      formatMetricValue(value)
    ]
    if (compared)
      cells.push(
        other === undefined ? '—' : formatMetricValue(other),
        other === undefined ? '—' : formatDifference(value - other)
      )
    return tableRow(cells)
  })
  const align = ['---', ...columns.slice(1).map(() => '---:')]
  return { header: `${tableRow(columns)}\n${tableRow(align)}`, rows }
}

/** What the execution registered: the last package, its approval status and metrics. */
function modelSection(
  model: ModelResults | undefined,
  table: MetricsTable | undefined,
  rowCount: number
): string {
  const pkg = model?.registered.at(-1)
  if (!model || !pkg) return ''
  const others = model.registered.length - 1
  const lines = [
    '#### Model',
    [
      `${describePackage(pkg)}${pkg.approvalStatus ? ` (${escapeMarkdown(pkg.approvalStatus)})` : ''}`,
      pkg.step ? `, registered by step ${escapeMarkdown(oneLine(pkg.step))}` : '',
      `: <code>${escapeMarkdown(pkg.arn)}</code>.`,
      others > 0
        ? ` The execution registered ${others} more ${others === 1 ? 'package' : 'packages'}: see the job summary.`
        : ''
    ].join(''),
    metricsNote(pkg, model.approved)
  ]
  if (table && rowCount > 0) lines.push([table.header, ...table.rows.first(rowCount)].join('\n'))
  const notShown = (table?.rows.count ?? 0) - rowCount
  if (table && notShown > 0)
    lines.push(`${notShown} more metrics are not shown: see the job summary.`)
  if (pkg.metricsLeftOut)
    lines.push(`The statistics hold ${pkg.metricsLeftOut} more metrics, which were not read.`)
  return lines.filter(Boolean).join('\n\n')
}

/** What the metrics table is beside, or why there is none. */
function metricsNote(pkg: ModelPackage, approved: ModelPackage | undefined): string {
  if (!pkg.metrics)
    return pkg.metricsUri ? 'Its metrics could not be read: the job summary says why.' : ''
  if (pkg.metrics.length === 0) return 'Its statistics hold no metrics.'
  if (approved?.metrics)
    return `Its metrics beside those of the approved package${versionLabel(approved)}; the difference is this model's value minus the approved one's.`
  return approved
    ? `The approved package${versionLabel(approved)} has no metrics to compare with.`
    : 'No approved package in the group to compare with.'
}

/** ` (v8)`; nothing when the version is unknown. */
function versionLabel(pkg: ModelPackage): string {
  return pkg.version === undefined ? '' : ` (v${pkg.version})`
}

function stepRow(step: StepRecord): string {
  const attempt = (step.attemptCount ?? 1) > 1 ? ` (attempt ${step.attemptCount})` : ''
  const took = isStepDone(step) ? stepDuration(step) : undefined
  const said = [step.failureReason, step.says !== step.failureReason ? step.says : undefined]
    .filter(Boolean)
    .join(' — ')
  return tableRow([
    stepName(step),
    `${escapeMarkdown(oneLine(step.status))}${attempt}`,
    took === undefined ? '' : formatDuration(took),
    escapeMarkdown(clip(said, MAX_CELL))
  ])
}

/** The steps, in a table folded under <details> when it is long. */
function stepsSection(rows: Rows, count: number): string {
  if (rows.count === 0) return 'No step has started yet.'
  const notShown = rows.count - count
  return [
    `<details${rows.count > OPEN_STEPS ? '' : ' open'}>`,
    `<summary>Steps (${rows.count})</summary>`,
    '',
    ...(count > 0
      ? [
          tableRow(['Step', 'Status', 'Duration', 'Failure reason or result']),
          tableRow(['---', '---', '---', '---']),
          ...rows.first(count),
          ''
        ]
      : []),
    ...(notShown > 0 ? [`${notShown} more steps are not shown: see the job summary.`, ''] : []),
    '</details>'
  ].join('\n')
}

/** The execution, the run and its job summary, the commit and when: the comment's last line. */
function links(state: ReportState, updatedAt: string | undefined): string {
  const execution = executionConsoleLinks(state.executionArn, state.pipelineName)?.execution
  const commit = /^[0-9a-f]{40}$/i.test(state.commit) ? state.commit.slice(0, 7) : state.commit
  const parts = [
    execution
      ? link('Execution in the SageMaker console', execution)
      : `Execution <code>${escapeMarkdown(state.executionArn)}</code>`,
    `${link('Workflow run', state.run.url)} (${escapeMarkdown(oneLine(state.run.workflow))}, attempt ${state.run.attempt}), whose job summary has the rest`,
    `commit ${escapeMarkdown(commit)}`,
    ...(updatedAt ? [`updated ${escapeMarkdown(updatedAt)}`] : [])
  ]
  return `<sub>${parts.join(' · ')}</sub>`
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

/** At most `max` code points, with `…` when cut; fast for 100,000 long lines. */
function clip(text: string, max: number): string {
  // UTF-16 units are never fewer than code points, and without surrogates they are the same.
  if (text.length <= max) return text
  const head = text.slice(0, max - 1)
  if (!/[\uD800-\uDFFF]/.test(head)) return `${head}…`
  const points = [...text.slice(0, 2 * max)]
  return points.length <= max && text.length <= 2 * max
    ? text
    : `${points.slice(0, max - 1).join('')}…`
}
