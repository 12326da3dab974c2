// The part of JSON Schema (OpenAPI 3.0 flavour) that GitHub's description uses for the operations
// the fake serves: $ref, type with nullable, enum, required, properties, additionalProperties,
// items, oneOf/anyOf/allOf and string and number bounds. Formats and discriminators are not checked.

export interface Schema {
  $ref?: string
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean'
  nullable?: boolean
  enum?: unknown[]
  required?: string[]
  properties?: Record<string, Schema>
  additionalProperties?: boolean | Schema
  items?: Schema
  oneOf?: Schema[]
  anyOf?: Schema[]
  allOf?: Schema[]
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
}

export interface SchemaProblem {
  /** A JSON pointer into the value checked; '' is the value itself. */
  pointer: string
  message: string
}

/** Finds the schema a `$ref` (`#/components/schemas/...`) names. */
export type Resolve = (ref: string) => Schema

/** Every way `value` breaks `schema`; none when it conforms. */
export function checkSchema(
  schema: Schema,
  value: unknown,
  resolve: Resolve,
  pointer = ''
): SchemaProblem[] {
  const out: SchemaProblem[] = []
  check(schema, value, resolve, pointer, out)
  return out
}

function check(
  schema: Schema,
  value: unknown,
  resolve: Resolve,
  at: string,
  out: SchemaProblem[]
): void {
  if (schema.$ref) return check(resolve(schema.$ref), value, resolve, at, out)
  const fail = (message: string): void => {
    out.push({ pointer: at, message })
  }
  if (value === null) {
    if (!schema.nullable && (schema.type || schema.enum)) fail('is null, which is not allowed')
    return
  }
  if (schema.type && !hasType(schema.type, value)) {
    return fail(`${shown(value)} is not of type ${schema.type}`)
  }
  if (schema.enum && !schema.enum.includes(value)) {
    fail(`${shown(value)} is not one of ${JSON.stringify(schema.enum)}`)
  }
  for (const part of schema.allOf ?? []) check(part, value, resolve, at, out)
  if (schema.anyOf && !schema.anyOf.some(part => conforms(part, value, resolve))) {
    fail(`${shown(value)} matches none of the allowed schemas (anyOf)`)
  }
  if (schema.oneOf) {
    const matches = schema.oneOf.filter(part => conforms(part, value, resolve)).length
    if (matches !== 1)
      fail(`${shown(value)} matches ${matches} of the schemas, not exactly one (oneOf)`)
  }
  if (typeof value === 'string') {
    const length = [...value].length
    if (schema.minLength !== undefined && length < schema.minLength) {
      fail(`is shorter than ${schema.minLength} characters`)
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      fail(`is longer than ${schema.maxLength} characters`)
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      fail(`${value} is less than the minimum of ${schema.minimum}`)
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      fail(`${value} is greater than the maximum of ${schema.maximum}`)
    }
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items
    value.forEach((item, index) => check(items, item, resolve, `${at}/${index}`, out))
  }
  if (isObject(value)) checkObject(schema, value, resolve, at, out)
}

function checkObject(
  schema: Schema,
  value: Record<string, unknown>,
  resolve: Resolve,
  at: string,
  out: SchemaProblem[]
): void {
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) out.push({ pointer: child(at, name), message: 'is required' })
  }
  for (const [name, member] of Object.entries(value)) {
    // Absent, as JSON has it (an object spread in a test can hold undefined).
    if (member === undefined) continue
    const declared = schema.properties?.[name]
    if (declared) check(declared, member, resolve, child(at, name), out)
    else if (schema.additionalProperties === false) {
      out.push({ pointer: child(at, name), message: 'is not a member the schema allows' })
    } else if (typeof schema.additionalProperties === 'object') {
      check(schema.additionalProperties, member, resolve, child(at, name), out)
    }
  }
}

const conforms = (schema: Schema, value: unknown, resolve: Resolve): boolean =>
  checkSchema(schema, value, resolve).length === 0

function hasType(type: NonNullable<Schema['type']>, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value)
    case 'array':
      return Array.isArray(value)
    case 'integer':
      return Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    default:
      return typeof value === type
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// JSON pointer escaping: `~` and `/` in member names.
const child = (at: string, name: string): string =>
  `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
