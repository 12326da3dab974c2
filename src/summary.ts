// The job summary, rendered as a pure function of what happened.
import { escapeHtml } from './escape.js'
import type { Parameter } from './inputs.js'

/** The runner refuses a step summary over 1 MiB; leave room for what other steps add. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024

export interface StartSummary {
  pipelineName: string
  region: string
  executionArn: string
  displayName: string
  status: string | undefined
  /** True when the token gave back an execution that existed before this step. */
  reused: boolean
  parameters: Parameter[]
}

export function renderStartSummary(
  summary: StartSummary,
  limitBytes = SUMMARY_LIMIT_BYTES
): string {
  const head = [
    `<h2>SageMaker pipeline ${escapeHtml(summary.pipelineName)}</h2>`,
    summary.reused
      ? '<p>This commit had already started this execution (same client request token): nothing new was started.</p>'
      : '<p>Started a new execution.</p>',
    table(undefined, [
      ['Pipeline', escapeHtml(summary.pipelineName)],
      ['Region', escapeHtml(summary.region)],
      ['Execution ARN', `<code>${escapeHtml(summary.executionArn)}</code>`],
      ['Display name', escapeHtml(summary.displayName)],
      ['Status', escapeHtml(summary.status ?? 'unknown')]
    ])
  ].join('\n')
  return [head, parametersSection(summary.parameters, limitBytes - byteLength(head))].join('\n')
}

function parametersSection(parameters: Parameter[], budget: number): string {
  if (parameters.length === 0)
    return "<p>No parameters were sent: the pipeline's defaults apply.</p>\n"
  const rows = parameters.map(p => [
    `<code>${escapeHtml(p.Name)}</code>`,
    `<code>${escapeHtml(p.Value)}</code>`
  ])
  // Parameters are the only part that can grow large (200 values of 1 KiB, escaped).
  const reserve = 512
  let shown = rows.length
  let section = render(shown)
  while (byteLength(section) > budget - reserve && shown > 0) {
    shown = Math.floor(shown / 2)
    section = render(shown)
  }
  return section

  function render(count: number): string {
    const cut =
      count < rows.length
        ? `<p>${rows.length - count} more parameters are not shown: the summary would pass the runner's 1 MiB limit. The log has the full request.</p>\n`
        : ''
    return `<h3>Parameters sent</h3>\n${table(['Name', 'Value'], rows.slice(0, count))}\n${cut}`
  }
}

/** An HTML table; without a header, the first cell of each row is its heading. */
function table(header: string[] | undefined, rows: string[][]): string {
  const cells = (values: string[], tag: (index: number) => string) =>
    `<tr>${values.map((value, i) => `<${tag(i)}>${value}</${tag(i)}>`).join('')}</tr>`
  const lines = header
    ? [cells(header, () => 'th'), ...rows.map(row => cells(row, () => 'td'))]
    : rows.map(row => cells(row, i => (i === 0 ? 'th' : 'td')))
  return `<table>\n${lines.join('\n')}\n</table>`
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
