import type { Fault, FaultAction, ServiceName } from './types.js'

interface Armed<Action> {
  operation: string
  action: Action
  times: number
  fromCall: number
  seen: number
  applied: number
}

/**
 * Injected faults; each counts the calls it names made since it was injected: an operation
 * (`GetLogEvents`), one of a service as IAM names it (`logs:GetLogEvents`), every operation of a
 * service (`logs:*`), or '*' for all. The GitHub fake arms its own faults (Action) by its own names.
 */
export class FaultPlan<Action = FaultAction> {
  #armed: Armed<Action>[] = []

  add(operation: string, fault: Action & Pick<Fault, 'times' | 'fromCall'>): void {
    const { times = 1, fromCall = 1, ...action } = fault
    if (!(times >= 1) || !Number.isInteger(fromCall) || fromCall < 1) {
      throw new Error('Fault times and fromCall must be at least 1')
    }
    this.#armed.push({
      operation,
      action: action as Action,
      times,
      fromCall,
      seen: 0,
      applied: 0
    })
  }

  /** Counts a call and returns the fault it gets, if any: the first eligible one in injection order. */
  next(operation: string, service: ServiceName | undefined): Action | undefined {
    return this.nextNamed([
      '*',
      operation,
      ...(service ? [`${service}:*`, `${service}:${operation}`] : [])
    ])
  }

  /** As next, for a call any of `names` names. */
  nextNamed(names: readonly string[]): Action | undefined {
    let chosen: Armed<Action> | undefined
    for (const armed of this.#armed) {
      if (!names.includes(armed.operation)) continue
      armed.seen += 1
      if (!chosen && armed.seen >= armed.fromCall && armed.applied < armed.times) chosen = armed
    }
    if (chosen) chosen.applied += 1
    return chosen?.action
  }

  clear(): void {
    this.#armed = []
  }
}
