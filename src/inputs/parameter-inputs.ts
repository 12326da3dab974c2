// The parameters input: a YAML mapping of name to value, or the API's list of {Name, Value}, read
// into the parameters StartPipelineExecution sends, with the fix for the YAML mistakes people make.
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type YAMLError
} from 'yaml'
import { ParameterList, ParameterValue, PipelineParameterName, lengthOf } from '../constraints.js'
import { checkList, checkString } from './input-checks.js'
import { InputError, showValue } from './input-error.js'

export interface Parameter {
  Name: string
  Value: string
}

const PARAMETERS_MAX_CHARS = 1024 * 1024

interface ParsedParameters {
  /** What is sent: every parameter given a value. */
  parameters: Parameter[]
  /** The names written with no value, left out of the request; only when there are some. */
  leftOut?: string[]
  warnings: string[]
  notes: string[]
}

/** A parameter as written: its name, its value's node, and the key that holds the value. */
interface WrittenParameter {
  name: string
  value: unknown
  /** The name itself in a mapping, `Value` in the list form: what a suggested fix writes. */
  key: string
}

/**
 * Parses `parameters`: a YAML mapping of name to value (flow style covers JSON objects), or a list
 * of {Name, Value} as in the API. The failsafe schema keeps every scalar as the text the user
 * wrote, so `10` stays "10" and `0.050` stays "0.050". A parameter written with no value at all is
 * left out, so the pipeline's default applies; `""` is an empty string, which SageMaker accepts.
 */
export function parseParameters(text: string): ParsedParameters {
  const parsed: ParsedParameters = { parameters: [], warnings: [], notes: [] }
  if (text.trim() === '') return parsed
  if (text.length > PARAMETERS_MAX_CHARS)
    throw new InputError(
      'parameters',
      `is ${text.length} characters long; at most ${PARAMETERS_MAX_CHARS} are read.`
    )

  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    schema: 'failsafe',
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: true,
    lineCounter
  })
  const [error] = doc.errors
  if (error) throw yamlError(text, error, lineCounter)

  const scalar = scalarReader(doc)
  const written = isSeq(doc.contents)
    ? doc.contents.items.map((item, index) => parameterFromListItem(item, index, scalar))
    : isMap(doc.contents)
      ? doc.contents.items.map(pair => {
          const name = scalar(pair.key, 'a parameter name')
          return { name, value: pair.value, key: name }
        })
      : notAMapping()

  const seen = new Set<string>()
  for (const { name, value, key } of written) {
    checkString(
      'parameters',
      name,
      PipelineParameterName,
      'a parameter name must be letters, digits, hyphens and underscores, 1 to 256 characters.',
      'parameter name'
    )
    if (seen.has(name))
      throw new InputError(
        'parameters',
        `names ${JSON.stringify(name)} twice; each parameter may be given once.`
      )
    seen.add(name)

    const valueText = hasNoValue(doc, value)
      ? undefined
      : scalar(value, `the value of ${JSON.stringify(name)}`)
    const comment = commentOnValueLine(text, value)
    if (comment !== undefined) parsed.warnings.push(commentWarning(name, key, valueText, comment))
    if (valueText === undefined) {
      parsed.leftOut = [...(parsed.leftOut ?? []), name]
      parsed.notes.push(
        `parameters: ${JSON.stringify(name)} has no value, so it is left out of the request and the pipeline's default applies. To send an empty string, write ${key}: "".`
      )
      continue
    }
    checkString(
      'parameters',
      valueText,
      ParameterValue,
      `the value of ${JSON.stringify(name)} may be at most ${ParameterValue.max} characters.`,
      `value of ${JSON.stringify(name)}`
    )
    parsed.parameters.push({ Name: name, Value: valueText })
  }
  checkList('parameters', parsed.parameters.length, ParameterList, 'parameters')
  return parsed
}

/**
 * No value written at all (`Tag:`, `{Tag}`): YAML then composes an empty node of its own, with no
 * source token behind it. `Tag: ""` has one, and so has `Tag: null`, which the failsafe schema
 * keeps as the text "null".
 */
function hasNoValue(doc: Document, node: unknown): boolean {
  if (node === null || node === undefined) return true
  const target = isAlias(node) ? node.resolve(doc) : node
  return isScalar(target) && target.srcToken === undefined
}

/**
 * The comment YAML found on the same line as a plain value (`run #7`), which it drops without a
 * word; with the blanks before it. The parser attaches a comment on the lines below to the value
 * too: the value's source range tells the two apart. A quoted or block value ends where the user
 * said, so a comment after it is meant as one.
 */
function commentOnValueLine(text: string, node: unknown): string | undefined {
  if (!isScalar(node) || node.type !== 'PLAIN' || node.comment === undefined) return undefined
  const valueEnd = node.range?.[1]
  if (valueEnd === undefined) return undefined
  let start = valueEnd
  while (text[start] === ' ' || text[start] === '\t') start++
  if (text[start] !== '#') return undefined
  let end = start
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++
  return text.slice(valueEnd, end)
}

function commentWarning(
  name: string,
  key: string,
  value: string | undefined,
  blanksAndComment: string
): string {
  const comment = blanksAndComment.trimStart()
  const outcome =
    value === undefined
      ? `${JSON.stringify(name)} has no value and is left out`
      : `${showValue(value)} is sent`
  const whole = value === undefined ? comment : value + blanksAndComment
  return `parameters: YAML reads ${showValue(comment)} after the value of ${JSON.stringify(name)} as a comment and drops it, so ${outcome}. To send the whole text, quote it: ${key}: ${JSON.stringify(whole)} (a comment meant as one goes on a line of its own).`
}

/** Where the YAML broke, and for the commonest cause, a `: ` or ` #` in a value, the fix. */
function yamlError(text: string, error: YAMLError, lineCounter: LineCounter): InputError {
  const { line, col } = lineCounter.linePos(error.pos[0])
  const lineText = text
    .slice(lineCounter.lineStarts[line - 1], lineCounter.lineStarts[line])
    .trimEnd()
  const hint = quotingHint(lineText)
  return new InputError(
    'parameters',
    `is not valid YAML at line ${line}, column ${col}: ${firstLine(error.message)}.${hint === undefined ? '' : ` ${hint}`}`
  )
}

/**
 * The fix for the line YAML broke on, when it holds `: ` (read as a nested mapping) or ` #` (read
 * as the start of a comment) in a plain value: the value quoted.
 */
function quotingHint(line: string): string | undefined {
  const [, key, value] = /^\s*(?:-\s+)?([A-Za-z0-9_-]+):[ \t]+(.+)$/.exec(line) ?? []
  // A value too long to send would fail anyway: no point in quoting it.
  const quotable =
    key !== undefined &&
    value !== undefined &&
    lengthOf(value) <= ParameterValue.max &&
    !/^["'{[|>&*!]/.test(value) &&
    (value.includes(': ') || value.includes(' #'))
  if (quotable)
    return `To pass ${showValue(value)} as one value, quote it: ${key}: ${JSON.stringify(value)}`
  if (line.includes(' #'))
    return 'YAML reads " #" and the rest of its line as a comment: quote a value that holds it.'
  return undefined
}

function notAMapping(): never {
  throw new InputError(
    'parameters',
    'must be a YAML mapping of name to value (Name: value), or a list of {Name, Value}.'
  )
}

function parameterFromListItem(
  item: unknown,
  index: number,
  scalar: ScalarReader
): WrittenParameter {
  const where = `item ${index + 1} of the list`
  if (!isMap(item))
    throw new InputError('parameters', `${where} must be a mapping with Name and Value.`)
  const fields = new Map<string, unknown>()
  for (const pair of item.items) {
    const key = scalar(pair.key, `a key in ${where}`)
    if (key !== 'Name' && key !== 'Value')
      throw new InputError(
        'parameters',
        `${where} has the key ${JSON.stringify(key)}; only Name and Value are allowed.`
      )
    if (fields.has(key)) throw new InputError('parameters', `${where} has ${key} twice.`)
    fields.set(key, pair.value)
  }
  if (!fields.has('Name') || !fields.has('Value'))
    throw new InputError('parameters', `${where} must have both Name and Value.`)
  return {
    name: scalar(fields.get('Name'), `the Name of ${where}`),
    value: fields.get('Value'),
    key: 'Value'
  }
}

type ScalarReader = (node: unknown, what: string) => string

/**
 * Reads the text of a scalar node; a mapping or list where a scalar belongs is an error. Aliases
 * are resolved one level only (to a scalar), so no alias ever expands into a structure.
 */
function scalarReader(doc: Document): ScalarReader {
  return function scalar(node, what) {
    if (node === null || node === undefined) return ''
    if (isAlias(node)) {
      const target = node.resolve(doc)
      if (target === undefined)
        throw new InputError(
          'parameters',
          `${what} is the alias *${node.source}, but no anchor &${node.source} comes before it.`
        )
      return scalar(target, what)
    }
    if (isScalar(node)) return String(node.value ?? '')
    const kind = isMap(node) ? 'a mapping' : isSeq(node) ? 'a list' : 'not a plain value'
    throw new InputError(
      'parameters',
      `${what} is ${kind}; parameter names and values must be plain values (quote them to pass JSON text).`
    )
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text
}
