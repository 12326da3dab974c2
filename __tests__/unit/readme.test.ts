// The README's tables are written by hand from action.yml; this keeps them from drifting apart,
// keeps the quick start's two commands, which the issue promises, in place, and holds the README,
// the guides in docs/ and CONTRIBUTING.md to naming only inputs and outputs action.yml has.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { DOC_FILES, readDoc, root } from './doc-files.js'

const readme = readDoc('README.md')
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs?: Record<string, { required?: boolean | string }>
  outputs?: Record<string, unknown>
}

const QUICK_START_COMMANDS = ['npm ci && npm run demo', 'npm ci && npm test']

/**
 * Names written like an input (`lower-case-with-hyphens`, in backticks) that are not this
 * action's: workflow keys, other actions, scripts and packages, and example values. A name
 * missing from both this list and action.yml is most likely a misspelt input.
 */
const OTHER_NAMES = new Set([
  'timeout-minutes',
  'retry-after',
  'configure-aws-credentials',
  'github-actions',
  'check-dist',
  'farm-bench',
  'patch-package',
  'churn-training',
  'feature-my-branch',
  'us-east-1',
  'aws-cn',
  'markdown-it',
  'github-markdown-css'
])

/** A Markdown table: its header cells, lower-cased, and its body rows. */
interface Table {
  header: string[]
  rows: string[][]
}

/** Lines outside and inside fenced code blocks, so a table-like line in an example is not read as one. */
function splitFences(markdown: string): { prose: string[]; code: string[] } {
  let fence: string | undefined
  const prose: string[] = []
  const code: string[] = []
  for (const line of markdown.split(/\r?\n/)) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined
      continue
    }
    ;(fence === undefined ? prose : code).push(line)
  }
  return { prose, code }
}

/** Splits a table row on pipes that are not escaped (`\|`) and not inside backticks. */
function cells(line: string): string[] {
  const found: string[] = []
  let cell = ''
  let inCode = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (char === '\\' && line[i + 1] === '|') {
      cell += '|'
      i++
    } else if (char === '`') {
      inCode = !inCode
      cell += char
    } else if (char === '|' && !inCode) {
      found.push(cell)
      cell = ''
    } else cell += char
  }
  found.push(cell)
  const trimmed = found.map(text => text.trim())
  if (line.trim().startsWith('|')) trimmed.shift()
  if (line.trim().endsWith('|')) trimmed.pop()
  return trimmed
}

const isDelimiterRow = (line: string): boolean =>
  line.includes('-') && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line)

function tables(markdown: string): Table[] {
  const lines = splitFences(markdown).prose
  const found: Table[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    const headerLine = lines[i] ?? ''
    if (!headerLine.includes('|') || !isDelimiterRow(lines[i + 1] ?? '')) continue
    const rows: string[][] = []
    let j = i + 2
    for (; j < lines.length && (lines[j] ?? '').includes('|'); j++) rows.push(cells(lines[j] ?? ''))
    found.push({ header: cells(headerLine).map(plainText), rows })
    i = j - 1
  }
  return found
}

/** Cell text without Markdown emphasis, code marks or links, lower-cased. */
function plainText(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .trim()
    .toLowerCase()
}

/** The table whose first column is headed `name` (as `Input` or `Output`). */
function tableFor(name: string): Table {
  const matching = tables(readme).filter(table => table.header[0] === name)
  if (matching.length !== 1)
    throw new Error(
      `README.md should have exactly one table whose first column is headed "${name}"; found ${matching.length}.`
    )
  return matching[0] as Table
}

function column(table: Table, heading: string, tableName: string): number {
  const index = table.header.indexOf(heading)
  if (index < 0)
    throw new Error(
      `The README's ${tableName} table has no "${heading}" column; its columns are: ${table.header.join(', ')}.`
    )
  return index
}

/** Names in table order; a row with an empty name is reported as such. */
function names(table: Table): string[] {
  return table.rows.map(row => plainText(row[0] ?? ''))
}

/** True for "yes", false for "no"; undefined for anything else. */
function parseRequired(cell: string): boolean | undefined {
  const text = plainText(cell)
  if (/^(yes|true|required|✓|✔|✅)$/.test(text)) return true
  if (/^(no|false|optional|-|—|–|)$/.test(text)) return false
  return undefined
}

/** Lists what one side has and the other lacks, for a failure message a reader can act on. */
function difference(readmeNames: string[], actionNames: string[], what: string): string {
  const missing = actionNames.filter(name => !readmeNames.includes(name))
  const extra = readmeNames.filter(name => !actionNames.includes(name))
  const duplicated = readmeNames.filter((name, i) => readmeNames.indexOf(name) !== i)
  return [
    missing.length > 0 && `in action.yml but not in the README: ${missing.join(', ')}`,
    extra.length > 0 && `in the README but not in action.yml: ${extra.join(', ')}`,
    duplicated.length > 0 && `listed twice in the README: ${duplicated.join(', ')}`
  ]
    .filter(Boolean)
    .map(line => `${what} ${line}`)
    .join('\n')
}

/** The text of the section whose heading mentions `title`, up to the next heading of its level. */
function section(markdown: string, title: RegExp): string | undefined {
  const lines = markdown.split(/\r?\n/)
  const start = lines.findIndex(line => /^#{1,6}\s/.test(line) && title.test(line))
  if (start < 0) return undefined
  const level = /^#+/.exec(lines[start] ?? '')?.[0].length ?? 1
  const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}}\\s`).test(line))
  return lines.slice(start, end < 0 ? undefined : end).join('\n')
}

/**
 * The inputs and outputs a text names outside its code blocks: each code span written like one
 * (`wait-timeout`), and the name in an error quoted as `Input <name> ...`.
 */
function namesMentioned(markdown: string): string[] {
  const spans = [
    ...splitFences(markdown)
      .prose.join('\n')
      .matchAll(/`([^`]+)`/g)
  ].map(match => match[1] ?? '')
  return spans.flatMap(span => {
    if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(span)) return [span]
    const quoted = /^Input ([a-z][a-z0-9-]*)/.exec(span)?.[1]
    return quoted === undefined ? [] : [quoted]
  })
}

/** Lines of the fenced code blocks in `markdown`, trimmed, without a shell prompt. */
function codeLines(markdown: string): string[] {
  return splitFences(markdown).code.map(line => line.trim().replace(/^\$\s+/, ''))
}

describe('README.md', () => {
  it('lists exactly the inputs of action.yml, with the same required flags', () => {
    const inputs = action.inputs ?? {}
    const table = tableFor('input')
    const required = column(table, 'required', 'Input')
    const flagProblems = table.rows.map(row => {
      const name = plainText(row[0] ?? '')
      const cell = row[required] ?? ''
      const inReadme = parseRequired(cell)
      if (inReadme === undefined)
        return `Input ${name}: the Required cell is ${JSON.stringify(cell)}; write "yes" or "no".`
      if (!(name in inputs)) return undefined
      const inAction = String(inputs[name]?.required ?? false) === 'true'
      if (inReadme === inAction) return undefined
      return `Input ${name} is ${inAction ? 'required' : 'optional'} in action.yml but marked ${JSON.stringify(cell)} in the README.`
    })

    const problems = [difference(names(table), Object.keys(inputs), 'Inputs'), ...flagProblems]
    expect(problems.filter(Boolean).join('\n')).toBe('')
  })

  it('lists exactly the outputs of action.yml', () => {
    const table = tableFor('output')
    column(table, 'description', 'Output')
    expect(difference(names(table), Object.keys(action.outputs ?? {}), 'Outputs')).toBe('')
  })

  it('shows the two quick start commands', () => {
    const quickStart = section(readme, /quick start/i)
    if (quickStart === undefined)
      throw new Error('README.md has no heading that mentions "Quick start".')
    const commands = codeLines(quickStart)
    const missing = QUICK_START_COMMANDS.filter(command => !commands.includes(command))
    expect(
      missing.map(command => `The quick start has no code line "${command}".`).join('\n')
    ).toBe('')
  })
})

describe.each(DOC_FILES)('%s', path => {
  it('names only inputs and outputs of action.yml', () => {
    const known = new Set([
      ...Object.keys(action.inputs ?? {}),
      ...Object.keys(action.outputs ?? {})
    ])
    const unknown = [...new Set(namesMentioned(readDoc(path)))].filter(
      name => !known.has(name) && !OTHER_NAMES.has(name)
    )
    expect(
      unknown
        .map(
          name =>
            `${path} names \`${name}\`, which is neither an input nor an output of action.yml (nor in OTHER_NAMES).`
        )
        .join('\n')
    ).toBe('')
  })
})
