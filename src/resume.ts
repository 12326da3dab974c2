// Resuming an execution of this commit that failed or was stopped (retry-failed): the steps that
// succeeded keep their results, the others run again, in the same execution.
import * as core from '@actions/core'
import type { SageMaker } from './client.js'
import { isConflict } from './errors.js'
import { callContext, explainError } from './explain.js'
import { listSteps, retryExecution } from './sagemaker.js'

/** What the resume names: the execution, its state, and the step's own parts of the request. */
interface Resumed {
  pipelineName: string
  executionArn: string
  status: string | undefined
  /** RetryPipelineExecution's token: one per run attempt (rerun.ts retryToken). */
  token: string
  maxParallelExecutionSteps: number | undefined
}

/** Resumes the execution, and says which steps run again. */
export async function resume(sagemaker: SageMaker, resumed: Resumed): Promise<void> {
  const { executionArn: arn, status } = resumed
  core.info(`The execution for this commit is ${status}: resuming it from its failed steps.`)
  try {
    await retryExecution(sagemaker, arn, resumed.token, resumed.maxParallelExecutionSteps)
  } catch (error) {
    if (isConflict(error) || (error as { name?: string }).name === 'ValidationException')
      throw new Error(
        `SageMaker would not resume the ${status} execution ${arn}: ${(error as Error).message} To start a fresh execution instead, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`,
        { cause: error }
      )
    throw new Error(
      explainError(error, callContext(sagemaker, resumed.pipelineName, 'RetryPipelineExecution')),
      { cause: error }
    )
  }
  const steps = await listSteps(sagemaker, arn, new Map()).catch(() => [])
  const again = steps.filter(step => step.status !== 'Succeeded').map(step => step.name)
  if (again.length > 0) core.info(`Running again: ${again.join(', ')}, and the steps after them.`)
}
