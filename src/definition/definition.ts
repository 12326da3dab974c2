// The pipeline's own definition (DescribePipeline's PipelineDefinition): the parameters it declares
// and the steps it has, and the checks of the inputs against them, so that a misspelt parameter or
// step, or a value of the wrong type, fails before the start with a suggestion. Pure.
import { InputError, showValue } from '../inputs/input-error.js'
import { didYouMean, listNames } from '../names.js'
import type { Parameter } from '../inputs/parameter-inputs.js'

type ParameterType = 'String' | 'Integer' | 'Float' | 'Boolean'

interface DeclaredParameter {
  name: string
  type: ParameterType
  /** The default as text (`5`, `0.1`, `true`); undefined when the pipeline has none. */
  defaultValue?: string
  /** The only values allowed, when the pipeline lists them (the SageMaker Python SDK's EnumValues). */
  enumValues?: string[]
}

export interface PipelineDefinition {
  parameters: DeclaredParameter[]
  /** Every step name, steps inside Condition steps included, each once, in definition order. */
  steps: string[]
}

/** The definition cannot be read; the caller starts the execution without the checks. */
export class DefinitionError extends Error {
  constructor(problem: string) {
    super(`The pipeline definition ${problem}`)
    this.name = 'DefinitionError'
  }
}

/**
 * The text each type accepts, in one place. Booleans are read in any case: the SageMaker Python SDK
 * sends a Python bool as `str(value)`, that is `True` or `False`, and others write `true`.
 */
const VALUE_RULES: Record<ParameterType, { accepts: (value: string) => boolean; rule: string }> = {
  String: { accepts: () => true, rule: 'any text' },
  Integer: {
    accepts: value => /^[+-]?[0-9]+$/.test(value),
    rule: 'a whole number: an optional sign and digits, such as 10 or -3'
  },
  Float: {
    accepts: value => /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(value),
    rule: 'a number in decimal or exponent form, such as 0.05, 3, -1.5 or 1e-3'
  },
  Boolean: {
    accepts: value => /^(true|false)$/i.test(value),
    rule: 'true or false, in any case (True, FALSE, ...)'
  }
}

const PARAMETER_TYPES = Object.keys(VALUE_RULES) as ParameterType[]

export function parseDefinition(json: string): PipelineDefinition {
  const definition = parseJson(json)
  if (!isObject(definition)) throw new DefinitionError('is not a JSON object.')
  return {
    parameters: listOf(definition.Parameters, 'Parameters').map(parseParameter),
    steps: stepNames(listOf(definition.Steps, 'Steps'))
  }
}

/** One error per problem: undeclared names, values of the wrong type or not allowed, missing values. */
/**
 * Names written with no value (and so left out of the request) that the pipeline does not
 * declare: a misspelt name must not pass unseen only because it had no value.
 */
export function checkLeftOutParameters(
  definition: PipelineDefinition,
  leftOut: readonly string[]
): InputError[] {
  const names = definition.parameters.map(parameter => parameter.name)
  return leftOut
    .filter(name => !names.includes(name))
    .map(
      name =>
        new InputError(
          'parameters',
          `${showValue(name)} has no value and is not a parameter of the pipeline either.${didYouMean(name, names)} ${
            names.length === 0
              ? 'The pipeline declares no parameters.'
              : `The pipeline declares ${listNames(names)}.`
          }`
        )
    )
}

export function checkParameters(definition: PipelineDefinition, given: Parameter[]): InputError[] {
  const declared = new Map(definition.parameters.map(parameter => [parameter.name, parameter]))
  const names = definition.parameters.map(parameter => parameter.name)
  const errors: InputError[] = []

  for (const { Name, Value } of given) {
    const parameter = declared.get(Name)
    if (parameter === undefined) {
      errors.push(
        new InputError(
          'parameters',
          `${showValue(Name)} is not a parameter of the pipeline.${didYouMean(Name, names)} ${
            names.length === 0
              ? 'The pipeline declares no parameters.'
              : `The pipeline declares ${listNames(names)}.`
          }`
        )
      )
      continue
    }
    const { accepts, rule } = VALUE_RULES[parameter.type]
    if (!accepts(Value)) {
      errors.push(
        new InputError(
          'parameters',
          `the value of ${showValue(Name)} is ${showValue(Value)}, but the pipeline declares ${showValue(Name)} as ${parameter.type}: give ${rule}.`
        )
      )
      continue
    }
    const allowed = parameter.enumValues
    if (allowed !== undefined && !allowed.includes(Value))
      errors.push(
        new InputError(
          'parameters',
          `the value of ${showValue(Name)} is ${showValue(Value)}, which the pipeline does not allow.${didYouMean(Value, allowed)} Allowed: ${listNames(allowed)}.`
        )
      )
  }

  const givenNames = new Set(given.map(parameter => parameter.Name))
  for (const parameter of definition.parameters)
    if (parameter.defaultValue === undefined && !givenNames.has(parameter.name))
      errors.push(
        new InputError(
          'parameters',
          `must give ${showValue(parameter.name)} (${parameter.type}): the pipeline has no default value for it.`
        )
      )
  return errors
}

export function checkSelectedSteps(
  definition: PipelineDefinition,
  selected: string[]
): InputError[] {
  const steps = new Set(definition.steps)
  return selected
    .filter(step => !steps.has(step))
    .map(
      step =>
        new InputError(
          'selected-steps',
          `${showValue(step)} is not a step of the pipeline.${didYouMean(step, definition.steps)} ${
            definition.steps.length === 0
              ? 'The pipeline definition has no steps.'
              : `Its steps are ${listNames(definition.steps)}.`
          }`
        )
    )
}

export interface EffectiveParameter {
  name: string
  /** Undefined for a given parameter that the pipeline does not declare. */
  type?: ParameterType
  value: string
  source: 'sent' | 'default'
}

/**
 * The values the execution runs with: each declared parameter with the value sent or its default,
 * in declaration order, then any given ones the pipeline does not declare. A declared parameter
 * with neither has no value and is left out (checkParameters reports it).
 */
export function effectiveParameters(
  definition: PipelineDefinition,
  given: Parameter[]
): EffectiveParameter[] {
  const sent = new Map(given.map(({ Name, Value }) => [Name, Value]))
  const declared = definition.parameters.flatMap((parameter): EffectiveParameter[] => {
    const value = sent.get(parameter.name)
    if (value !== undefined)
      return [{ name: parameter.name, type: parameter.type, value, source: 'sent' }]
    if (parameter.defaultValue !== undefined)
      return [
        {
          name: parameter.name,
          type: parameter.type,
          value: parameter.defaultValue,
          source: 'default'
        }
      ]
    return []
  })
  const names = new Set(definition.parameters.map(parameter => parameter.name))
  const undeclared = given
    .filter(({ Name }) => !names.has(Name))
    .map(({ Name, Value }): EffectiveParameter => ({ name: Name, value: Value, source: 'sent' }))
  return [...declared, ...undeclared]
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch (error) {
    throw new DefinitionError(
      `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

function parseParameter(item: unknown, index: number): DeclaredParameter {
  const where = `Parameters item ${index + 1}`
  if (!isObject(item)) throw new DefinitionError(`has ${where} that is not an object.`)
  const name = item.Name
  if (typeof name !== 'string' || name === '')
    throw new DefinitionError(`has ${where} without a Name.`)
  const type = item.Type ?? 'String'
  if (!PARAMETER_TYPES.includes(type as ParameterType)) {
    const text = scalarText(type)
    throw new DefinitionError(
      `gives parameter ${showValue(name)} ${text === undefined ? 'a Type that is not text' : `the Type ${showValue(text)}`}; the known types are ${PARAMETER_TYPES.join(', ')}.`
    )
  }
  const defaultValue = item.DefaultValue ?? undefined
  const enumValues = listOf(item.EnumValues, `the EnumValues of ${showValue(name)}`).map(value =>
    scalar(value, `an EnumValues item of ${showValue(name)}`)
  )
  return {
    name,
    type: type as ParameterType,
    ...(defaultValue !== undefined && {
      defaultValue: scalar(defaultValue, `the DefaultValue of ${showValue(name)}`)
    }),
    // The SDK writes EnumValues only when there are some; an empty list restricts nothing.
    ...(enumValues.length > 0 && { enumValues })
  }
}

/**
 * Step names, depth first: a Condition step, then its IfSteps, then its ElseSteps. A work list, not
 * recursion, so that no nesting depth can overflow the stack.
 */
function stepNames(steps: unknown[]): string[] {
  const names = new Set<string>()
  const pending = [...steps].reverse()
  for (let step = pending.pop(); step !== undefined; step = pending.pop()) {
    if (!isObject(step) || typeof step.Name !== 'string' || step.Name === '')
      throw new DefinitionError('has a step without a Name.')
    names.add(step.Name)
    const args = step.Arguments
    if (!isObject(args)) continue
    const branches = [
      ...listOf(args.IfSteps, `the IfSteps of step ${showValue(step.Name)}`),
      ...listOf(args.ElseSteps, `the ElseSteps of step ${showValue(step.Name)}`)
    ]
    // A loop, not push(...): a branch may hold more steps than a call may take arguments.
    for (const branch of branches.reverse()) pending.push(branch)
  }
  return [...names]
}

function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new DefinitionError(`has ${what} that is not a list.`)
  return value
}

function scalar(value: unknown, what: string): string {
  const text = scalarText(value)
  if (text === undefined)
    throw new DefinitionError(`has ${what} that is not a string, number or boolean.`)
  return text
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
