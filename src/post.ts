// The post step: runs when the workflow was cancelled (post-if in action.yml). If the main step
// was killed while it waited, before it could stop the execution, stop it here. It never fails
// the job: whatever goes wrong is one warning that says what may still run and how to stop it.
import * as core from '@actions/core'
import { connect, type SageMaker } from './client.js'
import { webIdentityCredentials } from './credentials/credentials.js'
import { parseRoleSettings, runIdentity } from './inputs/role-inputs.js'
import { parseExecutionArn } from './execution.js'
import { STATE } from './wait/follow.js'
import { requestStop, warnNotStopped } from './wait/stop.js'

export async function run(): Promise<void> {
  const arn = core.getState(STATE.executionArn)
  const token = core.getState(STATE.stopToken)
  if (!arn || !token) {
    core.info('No execution was left running by this step: nothing to stop.')
    return
  }
  core.info(`The workflow was cancelled while this step waited: stopping ${arn}.`)
  // The region is the execution's own, named in its ARN.
  let sagemaker: SageMaker
  try {
    const region = parseExecutionArn(arn)?.region ?? ''
    // With role-to-assume, the post step gets credentials as the main step did.
    const role = parseRoleSettings(name => core.getInput(name), runIdentity(process.env))
    sagemaker = await connect(region, process.env, role && webIdentityCredentials(role, region))
  } catch (error) {
    return warnNotStopped(arn, error instanceof Error ? error.message : String(error))
  }
  await requestStop(sagemaker, arn, token)
}
