import { pipelineKey } from './pipelines.js'
import type { ConditionOutcome } from './types.js'

/** What a Condition step evaluates to unless a test says otherwise: its IfSteps run. */
const DEFAULT_CONDITION_OUTCOME: ConditionOutcome = 'True'

interface Choice {
  stepName: string
  outcome: ConditionOutcome
  /** pipelineKey of the pipeline it is for; undefined: every pipeline. */
  pipeline?: string
}

/**
 * The outcomes tests chose for Condition steps, by step name. The emulator evaluates no condition
 * (its operands are job outputs it does not have); an execution takes the outcomes in effect when
 * it starts, so a choice made later changes only later executions. The latest matching choice wins.
 */
export class ConditionOutcomes {
  #choices: Choice[] = []

  set(stepName: string, outcome: ConditionOutcome, pipelineName?: string): void {
    if (outcome !== 'True' && outcome !== 'False') {
      throw new Error(`A condition outcome is 'True' or 'False', not ${JSON.stringify(outcome)}`)
    }
    this.#choices.push({
      stepName,
      outcome,
      pipeline: pipelineName === undefined ? undefined : pipelineKey(pipelineName)
    })
  }

  of(pipelineName: string, stepName: string): ConditionOutcome {
    const key = pipelineKey(pipelineName)
    const choice = this.#choices.findLast(
      c => c.stepName === stepName && (c.pipeline === undefined || c.pipeline === key)
    )
    return choice?.outcome ?? DEFAULT_CONDITION_OUTCOME
  }

  clear(): void {
    this.#choices = []
  }
}
