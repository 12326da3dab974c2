// AWS Query wire details for STS: form-encoded requests read by the model, XML answers and errors.
import { readFileSync } from 'node:fs'
import type { AwsError } from './aws-error.js'
import type { ServiceModel, Shape } from './model.js'

export const STS_VERSION = '2011-06-15'
const XML_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`

const modelUrl = new URL('./data/sts-web-identity-model.json', import.meta.url)

/**
 * Reads the botocore STS model shipped in emulator/data (see data/NOTICE.md). It has no JSON
 * metadata, but validate.ts reads only operations and shapes, which botocore writes alike.
 */
export function loadStsModel(): ServiceModel {
  return JSON.parse(readFileSync(modelUrl, 'utf8')) as ServiceModel
}

/**
 * The parameters of a Query request as a value of the operation's input shape: `DurationSeconds=900`
 * becomes a number and `PolicyArns.member.1.arn=…` a list. Names the model does not know are kept
 * as sent, so validation reports them; values that do not convert stay strings, for the same reason.
 */
export function decodeParameters(
  model: ServiceModel,
  shapeName: string,
  form: URLSearchParams
): Record<string, unknown> {
  const flat = new Map([...form].filter(([name]) => name !== 'Action' && name !== 'Version'))
  const shape = model.shapes[shapeName]
  if (shape?.type !== 'structure') throw new Error(`${shapeName} is not a structure`)
  const decoded = decodeStructure(model, shape, flat, '')
  for (const [name, value] of flat) {
    if (Object.hasOwn(shape.members, name.split('.')[0] ?? '')) continue
    Object.defineProperty(decoded, name, { value, enumerable: true, writable: true })
  }
  return decoded
}

function decodeStructure(
  model: ServiceModel,
  shape: Extract<Shape, { type: 'structure' }>,
  flat: Map<string, string>,
  prefix: string
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, ref] of Object.entries(shape.members)) {
    const value = decodeValue(model, ref.shape, flat, `${prefix}${name}`)
    if (value !== undefined) out[name] = value
  }
  return out
}

function decodeValue(
  model: ServiceModel,
  shapeName: string,
  flat: Map<string, string>,
  key: string
): unknown {
  const shape = model.shapes[shapeName]
  if (!shape) throw new Error(`Shape ${shapeName} is not in the model`)
  switch (shape.type) {
    case 'structure':
      return [...flat.keys()].some(k => k.startsWith(`${key}.`))
        ? decodeStructure(model, shape, flat, `${key}.`)
        : undefined
    case 'list': {
      // An empty list goes over the wire as the bare name with an empty value.
      if (flat.get(key) === '') return []
      const items: unknown[] = []
      for (let i = 1; ; i++) {
        const item = decodeValue(model, shape.member.shape, flat, `${key}.member.${i}`)
        if (item === undefined) return items.length > 0 ? items : undefined
        items.push(item)
      }
    }
    case 'integer':
    case 'long': {
      const text = flat.get(key)
      return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : text
    }
    case 'boolean': {
      const text = flat.get(key)
      return text === 'true' || text === 'false' ? text === 'true' : text
    }
    default:
      return flat.get(key)
  }
}

/** A copy with the model's sensitive strings (the web identity token) masked to their length. */
export function redactSensitive(
  model: ServiceModel,
  shapeName: string,
  input: Record<string, unknown>
): Record<string, unknown> {
  const shape = model.shapes[shapeName]
  if (shape?.type !== 'structure') return input
  return Object.fromEntries(
    Object.entries(input).map(([name, value]) => {
      const member = shape.members[name] && model.shapes[shape.members[name].shape]
      const sensitive = member !== undefined && 'sensitive' in member && member.sensitive === true
      return [name, sensitive && typeof value === 'string' ? '*'.repeat(value.length) : value]
    })
  )
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/** Elements from a tree of values; undefined members are left out, as the service does. */
function xmlElements(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => {
      const inner =
        typeof value === 'object' && value !== null && !(value instanceof Date)
          ? xmlElements(value as Record<string, unknown>)
          : escapeXml(value instanceof Date ? value.toISOString() : String(value))
      return `<${name}>${inner}</${name}>`
    })
    .join('')
}

export function resultXml(
  action: string,
  result: Record<string, unknown>,
  requestId: string
): string {
  return (
    `<${action}Response xmlns="${XML_NAMESPACE}">` +
    `<${action}Result>${xmlElements(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  )
}

export function errorXml(error: AwsError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  return (
    `<ErrorResponse xmlns="${XML_NAMESPACE}">` +
    `<Error>${xmlElements({ Type: type, Code: error.type, Message: error.message })}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId>` +
    `</ErrorResponse>`
  )
}
