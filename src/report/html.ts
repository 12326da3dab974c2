// The HTML pieces the job summary's sections share: links, tables, and their size. Pure.
import { escapeHtml } from '../escape.js'

/** Text (already escaped) as a link, when there is somewhere to go. */
export function link(html: string, url: string | undefined): string {
  return url ? `<a href="${escapeHtml(url)}">${html}</a>` : html
}

/** An HTML table; without a header, the first cell of each row is its heading. */
export function table(header: string[] | undefined, rows: string[][]): string {
  const cells = (values: string[], tag: (index: number) => string) =>
    `<tr>${values.map((value, i) => `<${tag(i)}>${value}</${tag(i)}>`).join('')}</tr>`
  const lines = header
    ? [cells(header, () => 'th'), ...rows.map(row => cells(row, () => 'td'))]
    : rows.map(row => cells(row, i => (i === 0 ? 'th' : 'td')))
  return `<table>\n${lines.join('\n')}\n</table>`
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
