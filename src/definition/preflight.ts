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
import type { InputError } from '../inputs/input-error.js'
import * as core from '@actions/core'
import type { DefinitionFile } from './definition-file.js'
import type { Settings } from '../inputs/inputs.js'
import type { SageMaker } from '../client.js'
import { isAccessDenied, isTransientError } from '../errors.js'
import { callContext, explainError } from '../explain.js'
import { describePipelineDefinition } from '../sagemaker.js'

type Preflight =
  /** Every parameter the pipeline declares, with the value that applies. */
  | { checked: true; problems: InputError[]; declared: EffectiveParameter[]; steps: string[] }
  /** Why the check was skipped. */
  | { checked: false; reason: string }

/** What the check reads of the settings: the pipeline, and what the start would send it. */
type Checked = Pick<
  Settings,
  'pipelineName' | 'pipelineVersionId' | 'parameters' | 'parametersLeftOut' | 'selectedSteps'
>

/**
 * With validate-parameters, the inputs checked against the pipeline's definition (the file's, when
 * the step deploys it): each problem is a message of its own; a check that could not be made is a
 * warning.
 */
export async function checkDefinition(
  sagemaker: SageMaker,
  settings: Checked & Pick<Settings, 'validateParameters'>,
  file: DefinitionFile | undefined
): Promise<{ problems: string[]; declared?: EffectiveParameter[]; steps?: string[] }> {
  if (!settings.validateParameters) return { problems: [] }
  const preflight = file
    ? checkInputs(file.declared, settings)
    : await checkAgainstDefinition(sagemaker, settings)
  if (!preflight.checked) {
    core.warning(
      `The parameters were not checked against the pipeline's definition: ${preflight.reason}`
    )
    return { problems: [] }
  }
  return {
    problems: preflight.problems.map(problem => problem.message),
    declared: preflight.declared,
    steps: preflight.steps
  }
}

async function checkAgainstDefinition(sagemaker: SageMaker, settings: Checked): Promise<Preflight> {
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
function checkInputs(definition: PipelineDefinition, settings: Checked): Preflight {
  return {
    checked: true,
    problems: [
      ...checkParameters(definition, settings.parameters),
      ...checkLeftOutParameters(definition, settings.parametersLeftOut),
      ...checkSelectedSteps(definition, settings.selectedSteps ?? [])
    ],
    declared: effectiveParameters(definition, settings.parameters),
    steps: definition.steps
  }
}
