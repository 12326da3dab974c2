// The logs of the steps that failed, when step-logs asks for them. The CloudWatch Logs client is
// loaded here, and only here, when there is such a step: a start that needs no log never pays
// for it.
import type { SageMaker } from '../client.js'
import type { LogSettings } from '../inputs/log-inputs.js'
import type { StepRecord } from '../steps.js'
import { stepsToExplain } from './log-location.js'
import type { StepLog } from './step-logs.js'

export async function failedStepLogs(
  sagemaker: SageMaker,
  steps: readonly StepRecord[],
  settings: LogSettings
): Promise<StepLog[]> {
  const failed = settings.mode === 'none' ? [] : stepsToExplain(steps)
  if (failed.length === 0) return []
  const { showStepLogs } = await import('./step-logs.js')
  return showStepLogs(sagemaker, failed, settings.lines)
}
