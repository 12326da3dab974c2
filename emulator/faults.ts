import type { Fault, FaultAction, ServiceName } from './types.js'

interface Armed {
  operation: string
  action: FaultAction
  times: number
  fromCall: number
  seen: number
  applied: number
}

/**
 * Injected faults; each counts the calls it names made since it was injected: an operation
 * (`GetLogEvents`), one of a service as IAM names it (`logs:GetLogEvents`), every operation of a
 * service (`logs:*`), or '*' for all.
 */
export class FaultPlan {
  #armed: Armed[] = []

  add(operation: string, fault: Fault): void {
    const { times = 1, fromCall = 1, ...action } = fault
    if (!(times >= 1) || !Number.isInteger(fromCall) || fromCall < 1) {
      throw new Error('Fault times and fromCall must be at least 1')
    }
    this.#armed.push({
      operation,
      action: action as FaultAction,
      times,
      fromCall,
      seen: 0,
      applied: 0
    })
  }

  /** Counts a call and returns the fault it gets, if any: the first eligible one in injection order. */
  next(operation: string, service: ServiceName | undefined): FaultAction | undefined {
    const names = ['*', operation, ...(service ? [`${service}:*`, `${service}:${operation}`] : [])]
    let chosen: Armed | undefined
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
