// The packages RegisterModel steps register: each attempt that succeeded registers one, found as
// of the emulator's now (state follows the clock, nothing runs on timers), in the order the steps
// ended, so versions come out the same on every run.
import type { ExecutionRecord } from './executions.js'
import { stateOf } from './executions.js'
import type { EmulatorState } from './handler.js'
import { latestVersion, registerModelPackage } from './model-registry.js'
import type { ModelPackageRecord } from './model-registry.js'
import type { PlannedStep } from './timeline.js'

const attemptKey = (executionArn: string, step: PlannedStep): string =>
  `${executionArn}\0${step.name}\0${step.attempt}`

// Group names have at most 63 characters (EntityName); pipeline names up to 256.
const GROUP_SUFFIX = '-models'
const MAX_GROUP_LENGTH = 63

/** The group of a RegisterModel step that names none: `<pipeline name>-models`. */
const defaultModelGroup = (pipelineName: string): string =>
  `${pipelineName.slice(0, MAX_GROUP_LENGTH - GROUP_SUFFIX.length).replace(/-+$/, '')}${GROUP_SUFFIX}`

/** Registers the packages of the RegisterModel attempts that have succeeded since the last call. */
export function syncRegistrations(state: EmulatorState, now: number): void {
  const due: Array<{ execution: ExecutionRecord; step: PlannedStep; endTime: number }> = []
  for (const execution of state.executions) {
    for (const s of stateOf(execution, now).steps) {
      if (s.step.type !== 'RegisterModel' || s.status !== 'Succeeded') continue
      if (state.registrations.has(attemptKey(execution.arn, s.step))) continue
      due.push({ execution, step: s.step, endTime: s.endTime ?? now })
    }
  }
  due.sort(
    (a, b) =>
      a.endTime - b.endTime ||
      a.execution.createdAt - b.execution.createdAt ||
      (a.execution.arn < b.execution.arn ? -1 : 1)
  )
  for (const { execution, step, endTime } of due) {
    const { group = defaultModelGroup(execution.pipelineName), ...spec } = step.model ?? {}
    const record = registerModelPackage(state.modelPackages, state.objects, {
      ...spec,
      group,
      version: latestVersion(state.modelPackages, execution.region, group) + 1,
      region: execution.region,
      createdAt: endTime,
      prefix: `${execution.pipelineName}/${execution.id}/${step.name}`,
      registeredBy: { executionArn: execution.arn, stepName: step.name, attempt: step.attempt }
    })
    state.registrations.set(attemptKey(execution.arn, step), record)
  }
}

/** The package the step's attempt registered, once it has. */
export const registeredPackage = (
  state: EmulatorState,
  executionArn: string,
  step: PlannedStep
): ModelPackageRecord | undefined => state.registrations.get(attemptKey(executionArn, step))
