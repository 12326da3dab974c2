// The job summary's Model section: the package the execution registered, what to do about its
// approval, its metrics beside the group's approved package's, and what else the steps made
// (models, endpoints, check reports, a condition's outcome). Pure HTML, as the rest of the summary.
import { jobConsoleUrl, s3ConsoleUrl } from './console.js'
import { byteLength, link, table } from './html.js'
import { escapeHtml, escapePreformatted, oneLine } from '../escape.js'
import { MAX_METRICS } from '../model/metrics.js'
import type { ModelPackage, ModelResults } from '../model/model-package.js'
import type { StepRecord } from '../steps.js'

/** One minus sign for values and differences alike, the width of the `+` it stands beside. */
const MINUS = '\u2212'

/** What each kind of step made, as the list names it; RegisterModel steps have the table. */
const MADE_BY_KIND: Readonly<Record<string, string>> = {
  Model: 'model',
  EndpointConfig: 'endpoint config',
  Endpoint: 'endpoint'
}

/**
 * The section, within budgetBytes (UTF-8): metric rows are cut first, then the lists (what is left,
 * names, ARNs and URIs, the API bounds); empty when the execution registered nothing and no step
 * made anything to show.
 */
export function renderModelSection(
  results: ModelResults | undefined,
  steps: readonly StepRecord[],
  region: string,
  budgetBytes: number
): string {
  const registered = results?.registered ?? []
  const last = registered.at(-1)
  const made = madeByItems(steps, region)
  if (!last && made.length === 0) return ''

  const rows = last ? metricRows(last, results?.approved) : undefined
  const render = (rowCount: number, itemCount: number) => {
    const madeList = listOf(made, itemCount)
    if (!last) return [`<h3>Made by the execution</h3>`, madeList].join('\n')
    return (
      [
        '<h3>Model</h3>',
        ...(registered.length > 1 ? [registeredList(registered, itemCount)] : []),
        packageTable(last),
        approvalNote(last, region),
        metricsPart(last, results?.approved, rows, rowCount, region),
        ...(last.reports.length > 0
          ? [
              '<h4>Other reports</h4>',
              listOf(
                last.reports.map(
                  report => `${escapeHtml(report.name)}: ${s3Link(region, report.uri)}`
                ),
                itemCount
              )
            ]
          : []),
        ...(made.length > 0 ? ['<h4>Made by the execution</h4>', madeList] : [])
      ]
        // An empty part would leave a blank line, which ends the HTML block.
        .filter(Boolean)
        .join('\n')
    )
  }
  let rowCount = rows ? rowsWithin(rows, budgetBytes) : 0
  let itemCount = Math.max(registered.length, last?.reports.length ?? 0, made.length)
  let section = render(rowCount, itemCount)
  while (byteLength(section) > budgetBytes && rowCount > 0) {
    rowCount = Math.floor(rowCount / 2)
    section = render(rowCount, itemCount)
  }
  while (byteLength(section) > budgetBytes && itemCount > 0) {
    itemCount = Math.floor(itemCount / 2)
    section = render(rowCount, itemCount)
  }
  return section
}

/**
 * How many rows, from the first, have cells of fewer bytes than the budget in all: rendering every
 * row of a large file only to halve it would build a string of many megabytes, so halving starts
 * here.
 */
function rowsWithin(rows: MetricRows, budgetBytes: number): number {
  let bytes = 0
  for (let index = 0; index < rows.count; index++) {
    bytes += rows.row(index).reduce((sum, cell) => sum + byteLength(cell), 0)
    if (bytes > budgetBytes) return index
  }
  return rows.count
}

/**
 * A metric's value, readable: up to 4 decimals from 1 up (123456.7, 4.6389), 4 significant digits
 * below 1 so that small values keep their digits (0.000123, 1.23e-10).
 */
export function formatMetricValue(value: number): string {
  const magnitude = Math.abs(value)
  const digits = magnitude >= 1 || magnitude === 0 ? magnitude.toFixed(4) : magnitude.toPrecision(4)
  const text = digits.replace(/(\.\d*?)0+(?=$|e)/, '$1').replace(/\.(?=$|e)/, '')
  return value < 0 ? `${MINUS}${text}` : text
}

/** This model's value minus the approved one's, signed: no judgement, as better depends on the metric. */
export function formatDifference(difference: number): string {
  return difference > 0 ? `+${formatMetricValue(difference)}` : formatMetricValue(difference)
}

function packageTable(pkg: ModelPackage): string {
  const rows: Array<[string, string]> = [
    ['Model package group', escapeHtml(pkg.group ?? 'unknown')],
    ['Version', pkg.version === undefined ? 'unknown' : String(pkg.version)],
    [
      'Approval status',
      pkg.approvalStatus === undefined
        ? 'unknown (it could not be read)'
        : `<b>${escapeHtml(pkg.approvalStatus)}</b>`
    ],
    ['Model package ARN', `<code>${escapeHtml(pkg.arn)}</code>`]
  ]
  if (pkg.step) rows.push(['Registered by', `step ${escapeHtml(pkg.step)}`])
  return table(undefined, rows)
}

/** What the approval status means for the reviewer, and for a pending package the command. */
function approvalNote(pkg: ModelPackage, region: string): string {
  switch (pkg.approvalStatus) {
    case 'PendingManualApproval': {
      const command = [
        'aws sagemaker update-model-package',
        `  --model-package-arn ${shellWord(pkg.arn)}`,
        '  --model-approval-status Approved',
        `  --region ${shellWord(region)}`
      ].join(' \\\n')
      return [
        '<p>The package awaits manual approval. To approve it, once its metrics are reviewed:</p>',
        `<pre>${escapePreformatted(command)}</pre>`
      ].join('\n')
    }
    case 'Approved':
      return '<p>The package is approved.</p>'
    case 'Rejected':
      return '<p>The package was rejected.</p>'
    case undefined:
      return "<p>The package's approval status could not be read (the log has a warning).</p>"
    default:
      return ''
  }
}

/** A word the shell reads as it is: as it stands when it is plain, else in single quotes. */
function shellWord(text: string): string {
  return /^[\w:/.@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

interface MetricRows {
  header: string[]
  count: number
  /** A row's cells, rendered only when shown: a file may hold far more metrics than fit. */
  row: (index: number) => string[]
}

/**
 * This model's metrics, in its file's order, beside the approved package's of the same name;
 * then the approved package's that this model does not have. Undefined when there is nothing
 * to tabulate.
 */
function metricRows(pkg: ModelPackage, approved: ModelPackage | undefined): MetricRows | undefined {
  if (!pkg.metrics || pkg.metrics.length === 0) return undefined
  const compared = approved?.metrics
  const approvedByName = new Map(compared?.map(metric => [metric.name, metric.value]))
  const ours = new Set(pkg.metrics.map(metric => metric.name))
  const entries: Array<{ name: string; value?: number; other?: number }> = [
    ...pkg.metrics.map(({ name, value }) => ({ name, value, other: approvedByName.get(name) })),
    ...(compared ?? [])
      .filter(metric => !ours.has(metric.name))
      .map(({ name, value }) => ({ name, other: value }))
  ]
  // A file's metrics mostly share their group (binary_classification_metrics.): said once, in
  // the header, the rows read as the metrics' own names.
  const group = commonGroup(entries.map(entry => entry.name))
  const metricColumn = group ? `Metric (<code>${escapeHtml(oneLine(group))}</code>)` : 'Metric'
  const thisColumn = `This model${versionLabel(pkg)}`
  const shown = (value: number | undefined) =>
    value === undefined ? '—' : formatMetricValue(value)
  return {
    header: compared
      ? [metricColumn, thisColumn, `Approved${versionLabel(approved)}`, 'Difference']
      : [metricColumn, thisColumn],
    count: entries.length,
    row: index => {
      const { name, value, other } = entries[index]!
      const cells = [
        `<code>${escapeHtml(oneLine(name.slice(group ? group.length + 1 : 0)))}</code>`,
        shown(value)
      ]
      if (!compared) return cells
      const difference =
        value === undefined || other === undefined ? '—' : formatDifference(value - other)
      return [...cells, shown(other), difference]
    }
  }
}

/** The first key every name shares, when each has more keys after it; else none. */
function commonGroup(names: string[]): string | undefined {
  const [first = ''] = names
  const group = first.slice(0, first.indexOf('.'))
  return group && names.every(name => name.startsWith(`${group}.`)) ? group : undefined
}

function metricsPart(
  pkg: ModelPackage,
  approved: ModelPackage | undefined,
  rows: MetricRows | undefined,
  rowCount: number,
  region: string
): string {
  const source = pkg.metricsUri ? s3Link(region, pkg.metricsUri) : undefined
  if (!pkg.metrics)
    return [
      '<h4>Metrics</h4>',
      source
        ? `<p>No metrics could be read from ${source} (the log has a warning).</p>`
        : '<p>The package names no model-quality statistics: there are no metrics to show.</p>'
    ].join('\n')
  if (!rows) return `<h4>Metrics</h4>\n<p>${source ?? 'The statistics file'} holds no metrics.</p>`

  const from = `This model's metrics${source ? ` from ${source}` : ''}`
  const compared = approved?.metrics
    ? `<p>${from}, beside those of the approved package${versionLabel(approved)}, <code>${escapeHtml(approved.arn)}</code>. The difference is this model's value minus the approved one's.</p>`
    : [
        `<p>${from}.</p>`,
        approved
          ? `<p>The group's approved package${versionLabel(approved)} has no metrics to compare with${approved.metricsUri ? ' (they could not be read)' : ''}.</p>`
          : `<p>No approved package in group ${escapeHtml(pkg.group ?? 'unknown')} to compare with.</p>`
      ].join('\n')
  const notes = [
    ...(rowCount < rows.count
      ? [
          `${rows.count - rowCount} more metrics are not shown: the summary would pass the runner's 1 MiB limit.`
        ]
      : []),
    ...leftOutNote('This model', pkg.metricsLeftOut),
    ...(approved?.metrics ? leftOutNote('The approved package', approved.metricsLeftOut) : [])
  ]
  return [
    '<h4>Metrics</h4>',
    compared,
    ...(rowCount > 0
      ? [
          table(
            rows.header,
            Array.from({ length: rowCount }, (_, i) => rows.row(i))
          )
        ]
      : []),
    ...notes.map(note => `<p>${note}</p>`)
  ].join('\n')
}

function leftOutNote(whose: string, leftOut: number | undefined): string[] {
  return leftOut
    ? [
        `${whose}'s statistics hold ${leftOut} more metrics, not read: the action reads the first ${MAX_METRICS}.`
      ]
    : []
}

/** ` (v8)`; nothing when the version is unknown. */
function versionLabel(pkg: ModelPackage): string {
  return pkg.version === undefined ? '' : ` (v${pkg.version})`
}

/** Every package the execution registered, in step order; the rest of the section is the last's. */
function registeredList(registered: ModelPackage[], itemCount: number): string {
  const items = registered.map(
    pkg => `${pkg.step ? `step ${escapeHtml(pkg.step)}: ` : ''}${describePackage(pkg)}`
  )
  return [
    `<p>The execution registered ${registered.length} model packages; the rest of this section is about the last.</p>`,
    listOf(items, itemCount)
  ].join('\n')
}

/** `churn-models v8 awaits approval`, as HTML: the package and what its status means. */
export function describePackage(pkg: ModelPackage): string {
  const name = `${escapeHtml(pkg.group ?? pkg.arn)}${pkg.version === undefined ? '' : ` v${pkg.version}`}`
  const status = pkg.approvalStatus
  const means =
    status === 'PendingManualApproval'
      ? 'awaits approval'
      : status === 'Approved'
        ? 'is approved'
        : status === 'Rejected'
          ? 'was rejected'
          : status === undefined
            ? 'was registered (its approval status could not be read)'
            : `is ${escapeHtml(status)}`
  return `${name} ${means}`
}

/** The items (already HTML) the steps made, in step order: only steps that made something. */
function madeByItems(steps: readonly StepRecord[], region: string): string[] {
  return steps.flatMap(step => {
    // As the Steps table names a step: Train (Training), and its status when it did not succeed.
    const name = `${escapeHtml(step.displayName ?? step.name)}${step.type ? ` (${escapeHtml(step.type)})` : ''}`
    const status = step.status === 'Succeeded' ? '' : `, ${escapeHtml(step.status)}`
    const kind = step.type && MADE_BY_KIND[step.type]
    const made =
      kind && step.jobArn
        ? `${kind} ${link(`<code>${escapeHtml(step.jobArn)}</code>`, jobConsoleUrl(step.jobArn))}`
        : step.violationReport
          ? `violation report ${s3Link(region, step.violationReport)}`
          : step.type === 'Condition' && step.says
            ? escapeHtml(step.says)
            : undefined
    return made ? [`${name}${status}: ${made}`] : []
  })
}

/** A list of as many items as the budget leaves, and how many more there are. */
function listOf(items: string[], count: number): string {
  const shown = items.slice(0, count).map(item => `<li>${item}</li>`)
  if (count < items.length) shown.push(`<li>${items.length - count} more, not shown here.</li>`)
  return `<ul>\n${shown.join('\n')}\n</ul>`
}

function s3Link(region: string, uri: string): string {
  return link(`<code>${escapeHtml(uri)}</code>`, s3ConsoleUrl(region, uri))
}
