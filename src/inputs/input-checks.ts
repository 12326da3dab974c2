// The checks every input shares: a string within its API shape, a list within its count, a whole
// number within its range. Each failure is one InputError naming the input and the rule.
import { lengthOf, matchesPattern, type NumberShape, type StringShape } from '../constraints.js'
import { InputError } from './input-error.js'

export function checkString(
  input: string,
  value: string,
  shape: StringShape,
  rule: string,
  what = 'value'
): void {
  const length = lengthOf(value)
  if (length > shape.max)
    throw new InputError(
      input,
      `the ${what} is ${length} characters long; SageMaker allows at most ${shape.max} (${shape.shape}).`,
      value
    )
  if (length < shape.min)
    throw new InputError(
      input,
      `the ${what} is ${length} characters long; SageMaker needs at least ${shape.min} (${shape.shape}).`,
      value
    )
  if (!matchesPattern(shape, value))
    throw new InputError(
      input,
      `${rule} (SageMaker's ${shape.shape} rule${shape.pattern && shape.pattern.length <= 40 ? `: ${shape.pattern}` : ''})`,
      value
    )
}

export function checkList(
  input: string,
  count: number,
  shape: { shape: string; min: number; max: number },
  what: string
): void {
  if (count > shape.max)
    throw new InputError(
      input,
      `has ${count} ${what}; SageMaker allows at most ${shape.max} (${shape.shape}).`
    )
  if (count < shape.min) throw new InputError(input, `has no ${what}; give at least ${shape.min}.`)
}

/** A whole number written in plain digits, within the shape's range. */
export function parseWholeNumber(input: string, text: string, shape: NumberShape): number {
  if (!/^[0-9]+$/.test(text))
    throw new InputError(
      input,
      `must be a whole number written in digits, from ${shape.min} to ${shape.max}.`,
      text
    )
  const value = Number(text)
  if (value < shape.min || value > shape.max)
    throw new InputError(input, `must be from ${shape.min} to ${shape.max} (${shape.shape}).`, text)
  return value
}

/** The spellings of the YAML 1.2 core schema, as @actions/core's getBooleanInput accepts them. */
export function parseBoolean(input: string, text: string, fallback: boolean): boolean {
  if (text === '') return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(input, 'must be true or false.', text)
}
