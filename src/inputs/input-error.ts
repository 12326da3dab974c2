// A bad input, said the one way every check says it: the input's name, its value (shortened), and
// the rule it breaks.
import { lengthOf, truncate } from '../constraints.js'

/** A bad input: names the input, shows the value and states the rule. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    rule: string,
    value?: string
  ) {
    super(`Input ${input}${value === undefined ? '' : ` ${showValue(value)}`}: ${rule}`)
    this.name = 'InputError'
  }
}

const SHOWN_CHARS = 80

/** A value as it appears in an error: quoted, escaped, and shortened when long. */
export function showValue(value: string): string {
  const length = lengthOf(value)
  if (length <= SHOWN_CHARS) return JSON.stringify(value)
  return `${JSON.stringify(truncate(value, SHOWN_CHARS))}… (${length} characters)`
}

/** Where an offset falls in a text, 1-based as editors count: `line 3, column 12`. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}
