// The step-logs inputs: which steps' CloudWatch log lines the action shows, and how many.
import type { NumberShape } from '../constraints.js'
import { parseWholeNumber } from './input-checks.js'
import { InputError } from './input-error.js'

/** failed: the last lines of a step that failed; all: also every running job's new lines; none. */
type StepLogsMode = 'failed' | 'all' | 'none'

export interface LogSettings {
  mode: StepLogsMode
  /** How many of a failed step's last lines to show. */
  lines: number
}

const MODES: readonly StepLogsMode[] = ['failed', 'all', 'none']
const DEFAULT_LINES = 100

/**
 * GetLogEvents' `limit` (EventsLimit in CloudWatch Logs' model, as in
 * emulator/data/cloudwatch-logs-model.json): one call reads a stream's tail.
 */
export const StepLogLines: NumberShape = { shape: 'EventsLimit', min: 1, max: 10_000 }

export function parseLogSettings(read: (name: string) => string): LogSettings {
  const mode = read('step-logs') || 'failed'
  if (!(MODES as readonly string[]).includes(mode))
    throw new InputError('step-logs', 'must be failed, all or none.', mode)
  const lines = read('step-log-lines')
  return {
    mode: mode as StepLogsMode,
    lines: lines === '' ? DEFAULT_LINES : parseWholeNumber('step-log-lines', lines, StepLogLines)
  }
}
