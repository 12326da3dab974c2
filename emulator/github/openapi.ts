// GitHub's OpenAPI description of the operations the fake serves (data/NOTICE.md): which operation
// a request is, and how the request, or an answer, breaks the description.
import { readFileSync } from 'node:fs'
import { checkSchema } from './schema.js'
import type { Schema, SchemaProblem } from './schema.js'
import type { GitHubViolation } from './types.js'

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: Schema
  /** A path parameter that may hold slashes (a commit's ref). */
  'x-multi-segment'?: boolean
}

interface Content {
  content?: Record<string, { schema: Schema }>
}

interface OperationObject {
  operationId: string
  externalDocs?: { url: string }
  parameters?: Array<Parameter | { $ref: string }>
  requestBody?: Content & { required?: boolean }
  responses: Record<string, Content | { $ref: string }>
}

interface Description {
  paths: Record<string, Record<string, OperationObject>>
  components: {
    schemas: Record<string, Schema>
    parameters: Record<string, Parameter>
    responses: Record<string, Content>
  }
}

/** An operation of the description, with what the fake needs to route to it and check it. */
interface Operation {
  operationId: string
  method: string
  /** As the description writes it, e.g. `/repos/{owner}/{repo}/statuses/{sha}`. */
  template: string
  /** Where GitHub's errors for the operation point (their `documentation_url`). */
  documentationUrl: string
  parameters: Parameter[]
  body?: { required: boolean; schema: Schema }
  responses: Record<string, Content | { $ref: string }>
  pattern: RegExp
  names: string[]
}

/** A request matched to an operation: its path parameters, still as text. */
export interface Route {
  operation: Operation
  params: Record<string, string>
}

const description = JSON.parse(
  readFileSync(new URL('../data/github-openapi-operations.json', import.meta.url), 'utf8')
) as Description

const resolve = (ref: string): Schema => {
  const name = ref.replace('#/components/schemas/', '')
  const schema = description.components.schemas[name]
  if (!schema) throw new Error(`${ref} is not in the GitHub description`)
  return schema
}

const resolveRef = <T>(kind: 'parameters' | 'responses', value: T | { $ref: string }): T => {
  if (typeof value === 'object' && value !== null && '$ref' in value) {
    const name = value.$ref.replace(`#/components/${kind}/`, '')
    return description.components[kind][name] as T
  }
  return value
}

const operations: Operation[] = Object.entries(description.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, op]) => {
    const parameters = (op.parameters ?? []).map(p => resolveRef<Parameter>('parameters', p))
    const names: string[] = []
    const source = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name)
      const multi = parameters.find(p => p.name === name)?.['x-multi-segment']
      return multi ? '(.+)' : '([^/]+)'
    })
    const json = op.requestBody?.content?.['application/json']
    return {
      operationId: op.operationId,
      method: method.toUpperCase(),
      template,
      documentationUrl: op.externalDocs?.url ?? 'https://docs.github.com/rest',
      parameters,
      body: json ? { required: op.requestBody?.required ?? false, schema: json.schema } : undefined,
      responses: op.responses,
      pattern: new RegExp(`^${source}$`),
      names
    }
  })
)

/** The operation a request is, by method and path; undefined for any other (GitHub's 404). */
export function findRoute(method: string, path: string): Route | undefined {
  for (const operation of operations) {
    if (operation.method !== method) continue
    const match = operation.pattern.exec(path)
    if (!match) continue
    const params: Record<string, string> = {}
    for (const [i, name] of operation.names.entries()) {
      const value = decoded(match[i + 1] ?? '')
      // A malformed escape names nothing GitHub has.
      if (value === undefined) return undefined
      params[name] = value
    }
    return { operation, params }
  }
  return undefined
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** Path and query parameters as their schemas type them (integers as numbers). */
export type ParameterValues = Record<string, string | number | boolean>

/** Checks a request against its operation; returns the typed parameters and every violation. */
export function checkRequest(
  route: Route,
  query: URLSearchParams,
  body: unknown
): { values: ParameterValues; violations: GitHubViolation[] } {
  const { operation } = route
  const values: ParameterValues = {}
  const violations: GitHubViolation[] = []
  const report = (location: GitHubViolation['location'], problems: SchemaProblem[]): void => {
    for (const problem of problems) {
      violations.push({
        operationId: operation.operationId,
        location,
        pointer: problem.pointer,
        message: problem.message
      })
    }
  }
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue
    const text = parameter.in === 'path' ? route.params[parameter.name] : query.get(parameter.name)
    if (text === undefined || text === null) {
      if (parameter.required)
        report(parameter.in, [{ pointer: parameter.name, message: 'is required' }])
      continue
    }
    const value = typed(parameter.schema, text)
    const problems = checkSchema(parameter.schema, value, resolve, parameter.name)
    report(parameter.in, problems)
    if (problems.length === 0) values[parameter.name] = value
  }
  // GitHub reads a required body that is not there as an empty object, whose members are missing.
  if (operation.body && (body !== undefined || operation.body.required)) {
    report('body', checkSchema(operation.body.schema, body ?? {}, resolve))
  }
  return { values, violations }
}

/**
 * How an answer breaks the schema the description gives for its operation and status; a status
 * the description does not list is a problem for success answers only, as GitHub leaves most
 * errors undescribed.
 */
export function checkResponse(operationId: string, status: number, body: unknown): SchemaProblem[] {
  const operation = operations.find(op => op.operationId === operationId)
  if (!operation) throw new Error(`${operationId} is not in the GitHub description`)
  const declared = operation.responses[String(status)]
  if (!declared) {
    return status < 300 ? [{ pointer: '', message: `status ${status} is not described` }] : []
  }
  const schema = resolveRef<Content>('responses', declared).content?.['application/json']?.schema
  return schema ? checkSchema(schema, body, resolve) : []
}

/** How a value breaks a named schema of the description, e.g. `issue-comment`. */
export const checkComponent = (name: string, value: unknown): SchemaProblem[] =>
  checkSchema(resolve(`#/components/schemas/${name}`), value, resolve)

// Query and path parameters arrive as text; their schemas type them.
function typed(schema: Schema, text: string): string | number | boolean {
  if (schema.type === 'integer' || schema.type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text
  }
  if (schema.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}
