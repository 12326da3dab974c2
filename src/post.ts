// The post step: runs when the workflow was cancelled (post-if in action.yml). If the main step
// was killed while it waited, before it could stop the execution, stop it here. It never fails
// the job: whatever goes wrong is one warning that says what may still run and how to stop it.
import * as core from '@actions/core'
import { STOP_TIMEOUT_MS } from './cancel.js'
import { STATE } from './watch.js'
import { callContext, connect, explainError, stopExecution, type SageMaker } from './sagemaker.js'

export async function run(): Promise<void> {
  const arn = core.getState(STATE.executionArn)
  const token = core.getState(STATE.stopToken)
  if (!arn || !token) {
    core.info('No execution was left running by this step: nothing to stop.')
    return
  }
  // The region is the execution's own: arn:aws:sagemaker:REGION:ACCOUNT:pipeline/...
  const region = arn.split(':')[3] ?? ''
  let sagemaker: SageMaker | undefined
  try {
    sagemaker = await connect(region, process.env)
    await stopExecution(sagemaker, arn, token, AbortSignal.timeout(STOP_TIMEOUT_MS))
    core.info(`The workflow was cancelled while waiting: asked SageMaker to stop ${arn}.`)
  } catch (error) {
    if ((error as { name?: string }).name === 'ConflictException') {
      core.info(`Execution ${arn} had already ended: nothing to stop.`)
      return
    }
    const pipelineName = arn.split(':')[5]?.split('/')[1] ?? arn
    const reason = sagemaker
      ? explainError(
          error,
          callContext(sagemaker, { pipelineName, region }, 'StopPipelineExecution')
        )
      : String((error as Error).message ?? error)
    core.warning(
      `Could not stop ${arn}; it may still be running. ${reason} To stop it by hand: aws sagemaker stop-pipeline-execution --region ${region} --pipeline-execution-arn ${arn}`
    )
  }
}
