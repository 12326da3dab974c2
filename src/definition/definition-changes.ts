// What a deploy changes: two definitions compared as JSON values (key order and whitespace do not
// count), and the difference told as parameters and steps added, removed or changed. Pure.
import { listNames } from '../names.js'

/** Parameters whose default changed, told one line each; the rest are counted. */
const LISTED_CHANGES = 20

/** Whether two JSON values are equal, objects compared key by key in any order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** JSON text with every object's keys sorted: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  // A work list rather than recursion: a deep definition cannot overflow the stack.
  const out: string[] = []
  const pending: Array<{ value: unknown } | { text: string }> = [{ value }]
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if ('text' in item) {
      out.push(item.text)
      continue
    }
    const v = item.value
    if (Array.isArray(v)) {
      const parts: Array<{ value: unknown } | { text: string }> = [{ text: '[' }]
      v.forEach((element, i) => parts.push(...(i > 0 ? [{ text: ',' }] : []), { value: element }))
      parts.push({ text: ']' })
      for (const part of parts.reverse()) pending.push(part)
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v).sort()
      const parts: Array<{ value: unknown } | { text: string }> = [{ text: '{' }]
      keys.forEach((key, i) =>
        parts.push(
          { text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` },
          { value: (v as Record<string, unknown>)[key] }
        )
      )
      parts.push({ text: '}' })
      for (const part of parts.reverse()) pending.push(part)
    } else out.push(JSON.stringify(v) ?? 'null')
  }
  return out.join('')
}

export interface DefinitionChanges {
  parametersAdded: string[]
  parametersRemoved: string[]
  /** A new default (or type): the old and new as JSON text; undefined when there was none. */
  parametersChanged: Array<{ name: string; before?: string; after?: string }>
  stepsAdded: string[]
  stepsRemoved: string[]
  stepsChanged: string[]
  /** Anything else: Version, PipelineExperimentConfig, Metadata and the like. */
  otherChanged: string[]
}

/** What deploying `after` over `before` changes; `before` undefined: a new pipeline. */
export function compareDefinitions(before: unknown, after: unknown): DefinitionChanges {
  const old = asRecord(before)
  const next = asRecord(after)
  const oldParameters = byName(old.Parameters)
  const newParameters = byName(next.Parameters)
  const oldSteps = stepsByName(old.Steps)
  const newSteps = stepsByName(next.Steps)
  // A new pipeline: its parameters and steps tell what it is; the rest is not news.
  const otherKeys = (
    before === undefined ? [] : [...new Set([...Object.keys(old), ...Object.keys(next)])]
  )
    .filter(key => key !== 'Parameters' && key !== 'Steps')
    .filter(key => !sameJson(old[key], next[key]))
    .sort()
  return {
    parametersAdded: added(oldParameters, newParameters),
    parametersRemoved: added(newParameters, oldParameters),
    parametersChanged: [...newParameters]
      .filter(([name, parameter]) => {
        const was = oldParameters.get(name)
        return was !== undefined && !sameJson(was, parameter)
      })
      .map(([name, parameter]) => {
        const before = oldParameters.get(name)?.DefaultValue
        const after = parameter.DefaultValue
        return {
          name,
          ...(before !== undefined && { before: JSON.stringify(before) }),
          ...(after !== undefined && { after: JSON.stringify(after) })
        }
      }),
    stepsAdded: added(oldSteps, newSteps),
    stepsRemoved: added(newSteps, oldSteps),
    stepsChanged: [...newSteps]
      .filter(([name, step]) => oldSteps.has(name) && oldSteps.get(name) !== step)
      .map(([name]) => name),
    otherChanged: otherKeys
  }
}

export function hasChanges(changes: DefinitionChanges): boolean {
  return Object.values(changes).some(list => list.length > 0)
}

/** One line per kind of change, for the log and the summary. */
export function describeChanges(changes: DefinitionChanges): string[] {
  const lines: string[] = []
  const list = (names: string[]) => listNames(names)
  if (changes.parametersAdded.length > 0)
    lines.push(`Parameters added: ${list(changes.parametersAdded)}`)
  if (changes.parametersRemoved.length > 0)
    lines.push(`Parameters removed: ${list(changes.parametersRemoved)}`)
  for (const { name, before, after } of changes.parametersChanged.slice(0, LISTED_CHANGES))
    lines.push(
      before === after
        ? `Parameter ${JSON.stringify(name)} changed (its type or allowed values)`
        : `Parameter ${JSON.stringify(name)}: default ${before ?? 'none'} → ${after ?? 'none'}`
    )
  const unlisted = changes.parametersChanged.length - LISTED_CHANGES
  if (unlisted > 0) lines.push(`and ${unlisted} more parameters changed`)
  if (changes.stepsAdded.length > 0) lines.push(`Steps added: ${list(changes.stepsAdded)}`)
  if (changes.stepsRemoved.length > 0) lines.push(`Steps removed: ${list(changes.stepsRemoved)}`)
  if (changes.stepsChanged.length > 0) lines.push(`Steps changed: ${list(changes.stepsChanged)}`)
  if (changes.otherChanged.length > 0)
    lines.push(`Also changed: ${changes.otherChanged.join(', ')}`)
  return lines
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function byName(list: unknown): Map<string, Record<string, unknown>> {
  const named = new Map<string, Record<string, unknown>>()
  if (!Array.isArray(list)) return named
  for (const item of list) {
    const record = asRecord(item)
    if (typeof record.Name === 'string') named.set(record.Name, record)
  }
  return named
}

/**
 * Every step, nested ones (a Condition's IfSteps and ElseSteps) included, as canonical JSON in
 * which a Condition's branches are reduced to their step names: a change inside a branch is the
 * changed step's, not its Condition's too.
 */
function stepsByName(list: unknown): Map<string, string> {
  const steps = new Map<string, string>()
  const pending = Array.isArray(list) ? [...list].reverse() : []
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const step = asRecord(item)
    if (typeof step.Name !== 'string') continue
    const args = asRecord(step.Arguments)
    const branches = ['IfSteps', 'ElseSteps'].filter(key => Array.isArray(args[key]))
    const names = (key: string) => (args[key] as unknown[]).map(s => asRecord(s).Name)
    // Depth first, in definition order: the stack takes the branches' steps last to first.
    for (const nested of branches.flatMap(key => args[key] as unknown[]).reverse())
      pending.push(nested)
    const reduced =
      branches.length === 0
        ? step
        : {
            ...step,
            Arguments: {
              ...args,
              ...Object.fromEntries(branches.map(key => [key, names(key)]))
            }
          }
    steps.set(step.Name, canonicalJson(reduced))
  }
  return steps
}

function added<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): string[] {
  return [...after.keys()].filter(name => !before.has(name))
}
