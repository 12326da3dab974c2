// What a PipelineDefinition runs: its steps as a tree (a Condition holds its branches), and the
// steps one execution runs, in the order it starts them.
import type { StepTiming } from './timeline.js'
import type { ConditionOutcome, ModelSpec, ParameterSpec, StepSpec, StepType } from './types.js'

/** A step of a pipeline version, before an execution picks the branches it runs. */
export interface DefinedStep extends StepTiming {
  /** A Condition step's IfSteps and ElseSteps. */
  branches?: { ifSteps: DefinedStep[]; elseSteps: DefinedStep[] }
  /** A Fail step's ErrorMessage as written: text, or an expression of the parameters. */
  errorMessage?: unknown
}

const DEFAULT_STEP_MS = 1000

interface DefinitionStep {
  Name: string
  Type: StepType
  DisplayName?: string
  Arguments?: {
    IfSteps?: DefinitionStep[]
    ElseSteps?: DefinitionStep[]
    ErrorMessage?: unknown
    ModelPackageGroupName?: unknown
  }
}

interface Definition {
  Parameters?: ParameterSpec[]
  Steps?: DefinitionStep[]
}

function parseDefinition(definition: string): Definition {
  try {
    return JSON.parse(definition) as Definition
  } catch {
    return {}
  }
}

// A pipeline from addPipeline may have any definition, so no member's shape is taken for granted.
const listOf = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : [])

export function definitionParameters(definition: string): ParameterSpec[] {
  return listOf(parseDefinition(definition).Parameters)
}

/** The steps of a spec's `steps`, which run as listed. */
export const specSteps = (specs: readonly StepSpec[]): DefinedStep[] =>
  specs.map(step => ({ ...step, durationMs: step.durationMs ?? DEFAULT_STEP_MS }))

/** The definition's steps; a step named in `specs` keeps its timings (and failure). */
export function definitionSteps(definition: string, specs: readonly StepSpec[]): DefinedStep[] {
  const toSteps = (steps: DefinitionStep[] | undefined): DefinedStep[] =>
    listOf(steps).map(s => {
      const spec = specs.find(candidate => candidate.name === s.Name)
      const args = s.Arguments ?? {}
      return {
        name: s.Name,
        type: s.Type,
        displayName: s.DisplayName,
        durationMs: spec?.durationMs ?? DEFAULT_STEP_MS,
        startingMs: spec?.startingMs,
        fails: spec?.fails,
        logs: spec?.logs,
        model: s.Type === 'RegisterModel' ? registration(args, spec?.model) : spec?.model,
        ...(s.Type === 'Condition' && {
          branches: { ifSteps: toSteps(args.IfSteps), elseSteps: toSteps(args.ElseSteps) }
        }),
        ...(s.Type === 'Fail' && { errorMessage: args.ErrorMessage ?? '' })
      }
    })
  return toSteps(parseDefinition(definition).Steps)
}

// A group name written out in the step's arguments, as SageMaker registers it; an expression (a
// parameter) leaves the spec's group or the default.
const GROUP_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/

function registration(
  args: NonNullable<DefinitionStep['Arguments']>,
  spec: ModelSpec | undefined
): ModelSpec | undefined {
  const written = args.ModelPackageGroupName
  if (spec?.group !== undefined || typeof written !== 'string' || !GROUP_NAME.test(written)) {
    return spec
  }
  return { ...spec, group: written }
}

/** Every step name, those of both branches of every Condition included. */
export const allStepNames = (steps: readonly DefinedStep[]): string[] =>
  steps.flatMap(s => [
    s.name,
    ...allStepNames(s.branches?.ifSteps ?? []),
    ...allStepNames(s.branches?.elseSteps ?? [])
  ])

export interface RunChoices {
  outcomeOf: (conditionStep: string) => ConditionOutcome
  /** The value of each parameter in this run: sent, or its default. */
  parameters: ReadonlyMap<string, string>
}

/**
 * The steps one execution runs, one after another in definition order: a Condition step, then the
 * steps of the branch its outcome selects (IfSteps on True), then the steps after it. A Fail step
 * fails with its ErrorMessage however often it is retried.
 */
export function planSteps(steps: readonly DefinedStep[], run: RunChoices): StepTiming[] {
  return steps.flatMap(({ branches, errorMessage, ...step }): StepTiming[] => {
    const planned: StepTiming =
      errorMessage === undefined
        ? step
        : {
            ...step,
            fails: step.fails ?? renderValue(errorMessage, run.parameters),
            failedAttempts: Infinity
          }
    if (step.type !== 'Condition') return [planned]
    const outcome = run.outcomeOf(step.name)
    const branch = outcome === 'True' ? branches?.ifSteps : branches?.elseSteps
    return [{ ...planned, outcome }, ...planSteps(branch ?? [], run)]
  })
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// Literals, parameter references and Std:Join, as a Fail step's message uses them; anything else
// (a step property, an execution variable) stays visible as the JSON it was written as.
function renderValue(value: unknown, parameters: ReadonlyMap<string, string>): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (isObject(value)) {
    const name =
      typeof value.Get === 'string' ? /^Parameters\.(.+)$/.exec(value.Get)?.[1] : undefined
    const parameter = name === undefined ? undefined : parameters.get(name)
    if (parameter !== undefined) return parameter
    const join = value['Std:Join']
    if (isObject(join) && Array.isArray(join.Values)) {
      const on = typeof join.On === 'string' ? join.On : ''
      return join.Values.map(v => renderValue(v, parameters)).join(on)
    }
  }
  return JSON.stringify(value)
}
