// Before the start: what will be sent, checked against the pipeline's own definition, so that a
// misspelt parameter fails now rather than twenty minutes into the run. The check never blocks a
// start on its own failure: if the definition cannot be had, it says so once and steps aside.
import {
  DefinitionError,
  checkLeftOutParameters,
  checkParameters,
  checkSelectedSteps,
  effectiveParameters,
  parseDefinition,
  type EffectiveParameter,
  type PipelineDefinition
} from './definition.js'
import type { InputError } from './input-error.js'
import type { Settings } from './inputs.js'
import type { SageMaker } from './client.js'
import { isAccessDenied, isTransientError } from './errors.js'
import { callContext, explainError } from './explain.js'
import { describePipelineDefinition } from './sagemaker.js'

type Preflight =
  /** Every parameter the pipeline declares, with the value that applies. */
  | { checked: true; problems: InputError[]; declared: EffectiveParameter[] }
  /** Why the check was skipped. */
  | { checked: false; reason: string }

export async function checkAgainstDefinition(
  sagemaker: SageMaker,
  settings: Settings
): Promise<Preflight> {
  let json: string | undefined
  try {
    json = await describePipelineDefinition(
      sagemaker,
      settings.pipelineName,
      settings.pipelineVersionId
    )
  } catch (error) {
    const message = explainError(
      error,
      callContext(sagemaker, settings.pipelineName, 'DescribePipeline')
    )
    // Pipeline not found (and the like) fails the start too: say it now, in its own words.
    if (!isAccessDenied(error) && !isTransientError(error))
      throw new Error(message, { cause: error })
    return { checked: false, reason: message }
  }
  if (json === undefined)
    return { checked: false, reason: 'DescribePipeline returned no definition.' }
  try {
    return checkInputs(parseDefinition(json), settings)
  } catch (error) {
    if (error instanceof DefinitionError) return { checked: false, reason: error.message }
    throw error
  }
}

/** The inputs against a definition already read: from SageMaker, or from the file to deploy. */
export function checkInputs(definition: PipelineDefinition, settings: Settings): Preflight {
  return {
    checked: true,
    problems: [
      ...checkParameters(definition, settings.parameters),
      ...checkLeftOutParameters(definition, settings.parametersLeftOut),
      ...checkSelectedSteps(definition, settings.selectedSteps ?? [])
    ],
    declared: effectiveParameters(definition, settings.parameters)
  }
}
