// The checks CreatePipeline and UpdatePipeline make of a PipelineDefinition before storing it.
import { invalid } from './aws-error.js'
import type { AwsError } from './aws-error.js'
import { STEP_TYPES } from './step-types.js'

const DEFINITION_VERSION = '2020-12-01'

// The service's wording: "Unable to parse pipeline definition. <what is wrong>".
const rejected = (reason: string): AwsError =>
  invalid(`Unable to parse pipeline definition. ${reason}`)

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Throws the ValidationException SageMaker would answer for a definition it cannot accept. */
export function checkDefinition(text: string): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw rejected('Expecting start of Json Object.')
  }
  if (!isObject(parsed)) throw rejected('Expecting start of Json Object.')
  if (parsed.Version === undefined) throw rejected("Missing required member 'Version'.")
  if (parsed.Version !== DEFINITION_VERSION) {
    throw rejected(
      `Unsupported Version '${String(parsed.Version)}'; the supported version is '${DEFINITION_VERSION}'.`
    )
  }
  if (parsed.Steps === undefined) throw rejected("Missing required member 'Steps'.")
  if (!Array.isArray(parsed.Steps)) throw rejected("Member 'Steps' must be a Json Array.")
  checkSteps(parsed.Steps, 'Steps', new Set())
}

// A Condition's IfSteps and ElseSteps are steps too: the same checks, one name space.
function checkSteps(steps: readonly unknown[], path: string, names: Set<string>): void {
  steps.forEach((step: unknown, index) => {
    const where = `${path}[${index}]`
    if (!isObject(step)) throw rejected(`${where} must be a Json Object.`)
    if (typeof step.Name !== 'string' || step.Name === '') {
      throw rejected(`Missing required member 'Name' in ${where}.`)
    }
    if (typeof step.Type !== 'string' || step.Type === '') {
      throw rejected(`Missing required member 'Type' in step '${step.Name}'.`)
    }
    if (!STEP_TYPES.has(step.Type)) {
      throw rejected(`Unknown step type '${step.Type}' in step '${step.Name}'.`)
    }
    if (names.has(step.Name)) throw rejected(`Duplicate step name '${step.Name}'.`)
    names.add(step.Name)
    if (step.Type !== 'Condition' || !isObject(step.Arguments)) return
    for (const branch of ['IfSteps', 'ElseSteps']) {
      const nested = step.Arguments[branch]
      if (nested === undefined) continue
      const at = `${where}.Arguments.${branch}`
      if (!Array.isArray(nested)) throw rejected(`Member '${at}' must be a Json Array.`)
      checkSteps(nested, at, names)
    }
  })
}
