import type { ServiceModel, Shape } from './model.js'

type ViolationRule =
  | 'required'
  | 'unknown-member'
  | 'type'
  | 'min-length'
  | 'max-length'
  | 'min-value'
  | 'max-value'
  | 'enum'
  | 'pattern'

export interface ShapeViolation {
  /** Where in the body, e.g. `PipelineParameters[3].Value`; '' is the body itself. */
  path: string
  rule: ViolationRule
  /** Worded like the service's own ValidationException messages. */
  message: string
}

export interface Violation extends ShapeViolation {
  operation: string
}

type Segment = { member: string } | { index: number } | { key: string }

/** Checks a request body against the model's input shape for `operation`. */
export function validateInput(model: ServiceModel, operation: string, body: unknown): Violation[] {
  const op = model.operations[operation]
  if (!op) throw new Error(`Operation ${operation} is not in the model`)
  if (!op.input) return []
  return validateShape(model, op.input.shape, body).map(v => ({ operation, ...v }))
}

/** Checks any value (e.g. a response body) against a named shape of the model. */
export function validateShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown
): ShapeViolation[] {
  const out: ShapeViolation[] = []
  check(model, shapeName, value, [], out)
  return out
}

function check(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  at: Segment[],
  out: ShapeViolation[]
): void {
  const shape = model.shapes[shapeName]
  if (!shape) throw new Error(`Shape ${shapeName} is not in the model`)
  const fail = (rule: ViolationRule, constraint: string, shown: unknown = value): void => {
    out.push({ path: dataPath(at), rule, message: serviceMessage(shown, at, constraint) })
  }
  if (!hasType(shape, value)) {
    fail('type', `Member must be of type ${shape.type} (emulator check)`)
    return
  }
  switch (shape.type) {
    case 'structure': {
      const object = value as Record<string, unknown>
      for (const name of shape.required ?? []) {
        if (object[name] === undefined) {
          out.push({
            path: dataPath([...at, { member: name }]),
            rule: 'required',
            message: serviceMessage(null, [...at, { member: name }], 'Member must not be null')
          })
        }
      }
      for (const [name, member] of Object.entries(object)) {
        const ref = shape.members[name]
        if (!ref) {
          const where = [...at, { member: name }]
          out.push({
            path: dataPath(where),
            rule: 'unknown-member',
            message: serviceMessage(
              member,
              where,
              'Member is not in the API model (emulator check)'
            )
          })
        } else {
          check(model, ref.shape, member, [...at, { member: name }], out)
        }
      }
      return
    }
    case 'list': {
      const items = value as unknown[]
      checkSize(shape, items.length, fail)
      items.forEach((item, index) =>
        check(model, shape.member.shape, item, [...at, { index }], out)
      )
      return
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>)
      checkSize(shape, entries.length, fail)
      for (const [key, item] of entries) {
        check(model, shape.key.shape, key, [...at, { key }], out)
        check(model, shape.value.shape, item, [...at, { key }], out)
      }
      return
    }
    case 'string': {
      const text = value as string
      checkSize(shape, [...text].length, fail)
      if (shape.enum && !shape.enum.includes(text)) {
        fail('enum', `Member must satisfy enum value set: [${shape.enum.join(', ')}]`)
      }
      if (shape.pattern !== undefined && !wholeMatch(shape.pattern).test(text)) {
        fail('pattern', `Member must satisfy regular expression pattern: ${shape.pattern}`)
      }
      return
    }
    case 'integer':
    case 'long': {
      const number = value as number
      if (shape.min !== undefined && number < shape.min) {
        fail('min-value', `Member must have value greater than or equal to ${shape.min}`)
      }
      if (shape.max !== undefined && number > shape.max) {
        fail('max-value', `Member must have value less than or equal to ${shape.max}`)
      }
      return
    }
    case 'boolean':
    case 'timestamp':
      return
  }
}

function hasType(shape: Shape, value: unknown): boolean {
  switch (shape.type) {
    case 'structure':
    case 'map':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'list':
      return Array.isArray(value)
    case 'string':
      return typeof value === 'string'
    case 'integer':
      return (
        Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31
      )
    case 'long':
      return Number.isSafeInteger(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'timestamp':
      // AWS JSON 1.1 sends timestamps as epoch seconds.
      return typeof value === 'number' && Number.isFinite(value)
  }
}

// Strings, lists and maps share the service's "length" wording.
function checkSize(
  shape: { min?: number; max?: number },
  size: number,
  fail: (rule: ViolationRule, constraint: string) => void
): void {
  if (shape.min !== undefined && size < shape.min) {
    fail('min-length', `Member must have length greater than or equal to ${shape.min}`)
  }
  if (shape.max !== undefined && size > shape.max) {
    fail('max-length', `Member must have length less than or equal to ${shape.max}`)
  }
}

const patterns = new Map<string, RegExp>()

// Model patterns are unanchored, but the service applies them to the whole value. They are Java
// regular expressions: the u flag makes \p{L} (in TagKey, TagValue) a Unicode class, not "p{L}".
function wholeMatch(pattern: string): RegExp {
  let regex = patterns.get(pattern)
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u')
    patterns.set(pattern, regex)
  }
  return regex
}

function dataPath(at: Segment[]): string {
  return at
    .map((s, i) => {
      if ('index' in s) return `[${s.index}]`
      const name = 'member' in s ? s.member : s.key
      return i === 0 ? name : `.${name}`
    })
    .join('')
}

// The service names members like `pipelineParameters.4.member.value` (1-based list indexes).
function servicePath(at: Segment[]): string {
  return at
    .map(s => {
      if ('index' in s) return `${s.index + 1}.member`
      if ('key' in s) return s.key
      return s.member.charAt(0).toLowerCase() + s.member.slice(1)
    })
    .join('.')
}

function serviceMessage(value: unknown, at: Segment[], constraint: string): string {
  const shown =
    value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`
  const clipped = shown.length > 200 ? `${shown.slice(0, 200)}...'` : shown
  return `Value ${clipped} at '${servicePath(at)}' failed to satisfy constraint: ${constraint}`
}

/** The service's ValidationException message for a list of violations. */
export function validationMessage(violations: readonly ShapeViolation[]): string {
  const count = violations.length
  const noun = count === 1 ? 'error' : 'errors'
  return `${count} validation ${noun} detected: ${violations.map(v => v.message).join('; ')}`
}
