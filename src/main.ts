// One step: read the inputs, start the execution, hand its ARN on, and, when asked, wait for it.
import { setTimeout as sleep } from 'node:timers/promises'
import * as core from '@actions/core'
import { listenForCancel, type Cancellation } from './cancel.js'
import { connect, type SageMaker } from './client.js'
import type {
  DescribePipelineExecutionCommandOutput,
  StartPipelineExecutionCommandInput
} from '@aws-sdk/client-sagemaker'
import { readRunContext, type RunContext } from './context.js'
import type { EffectiveParameter } from './definition.js'
import { readDefinitionFile, type DefinitionFile } from './definition-file.js'
import { deployDefinition, planDeployment, type DeployTarget } from './deploy.js'
import { isConflict } from './errors.js'
import { webIdentityCredentials } from './credentials.js'
import { assumeRole } from './credential-lifetime.js'
import { existedBefore, isTerminalStatus } from './execution.js'
import { callContext, explainError } from './explain.js'
import { describeEnded, followExecution, rememberForPostStep } from './follow.js'
import { parseInputs, type Settings } from './inputs.js'
import { checkAgainstDefinition, checkInputs } from './preflight.js'
import {
  reportDeployment,
  reportDeployPlan,
  reportDryRun,
  reportExecutionArn,
  reportFailure,
  reportOutcome,
  reportRejected,
  reportRequest,
  reportStart,
  writeSummary,
  type Attempt
} from './report.js'
import { buildStartRequest, commitSha, defaultDescription } from './request.js'
import { planFor, retryToken } from './rerun.js'
import { describeExecution, listSteps, retryExecution, startExecution } from './sagemaker.js'
import { renderSummary, type DeploySummary, type ExecutionSummary } from './summary.js'

export async function run(): Promise<void> {
  const stepStartedAt = Date.now()
  let cancel: Cancellation | undefined
  // As far as the step got: a failure's summary shows it.
  const attempt: Attempt = {}
  try {
    const { settings, warnings, notes } = parseInputs(name => core.getInput(name), process.env)
    attempt.settings = settings
    const runContext = await readRunContext()
    // Read and checked before any call: a broken definition file sends nothing.
    const file = settings.deploy && (await readDefinitionFile(settings.deploy.definitionFile))
    warnings.forEach(warning => core.warning(warning))
    notes.forEach(note => core.info(note))

    const credentials = settings.role && webIdentityCredentials(settings.role, settings.region)
    const sagemaker = await connect(settings.region, process.env, credentials)
    if (sagemaker.proxy) core.info(`Reaching SageMaker through the proxy ${sagemaker.proxy}.`)
    if (settings.role) await assumeRole(sagemaker, settings.role)

    // A cancel while waiting ends the step cleanly, with its outputs, at any moment.
    if (settings.wait.enabled && !settings.dryRun) cancel = listenForCancel(line => core.info(line))
    const execution = settings.attach
      ? await attach(sagemaker, settings, runContext, settings.attach.executionArn, attempt)
      : await start(sagemaker, settings, runContext, file, attempt, stepStartedAt)
    if (!execution) return
    const { arn, started } = execution

    if (execution.ended) {
      const ended = await describeEnded(sagemaker, settings.pipelineName, arn, execution.described)
      reportOutcome(ended, { failUnlessSucceeded: settings.wait.enabled })
      return await writeSummary(renderSummary({ ...started, status: ended.status, wait: ended }))
    }
    if (!settings.wait.enabled) return await writeSummary(renderSummary(started))

    const outcome = await followExecution(
      sagemaker,
      settings,
      runContext,
      arn,
      cancel?.signal ?? new AbortController().signal
    )
    reportOutcome(outcome, { failUnlessSucceeded: true })
    await writeSummary(renderSummary({ ...started, status: outcome.status, wait: outcome }))
  } catch (error) {
    await reportFailure(error, attempt)
  } finally {
    cancel?.dispose()
  }
}

/** The execution this step came to, and whether it had already ended. */
interface Execution {
  arn: string
  described: DescribePipelineExecutionCommandOutput | undefined
  started: ExecutionSummary
  /** It had ended before this step: report it, change nothing. */
  ended: boolean
}

/**
 * Checks the inputs against the pipeline, deploys the definition file if there is one, and starts
 * the execution, or on a dry run stops short of it. Undefined when nothing was started.
 */
async function start(
  sagemaker: SageMaker,
  settings: Settings,
  runContext: RunContext,
  file: DefinitionFile | undefined,
  attempt: Attempt,
  stepStartedAt: number
): Promise<Execution | undefined> {
  let request = buildStartRequest(settings, runContext)
  attempt.request = request
  const { problems, declared } = await checkDefinition(sagemaker, settings, file)
  if (problems.length > 0) return void (await reportRejected(problems, attempt))

  // Deploy and run: the start names the version that holds this commit's definition.
  const deployed = file && (await deploy(sagemaker, settings, file, runContext, request))
  if (deployed?.versionId !== undefined)
    attempt.request = request = { ...request, PipelineVersionId: deployed.versionId }

  reportRequest(settings, request)
  if (settings.dryRun)
    return void (await reportDryRun(settings, request, declared, deployed?.summary))

  const arn = await call(sagemaker, settings, 'StartPipelineExecution', () =>
    startExecution(sagemaker, request)
  )
  reportExecutionArn(arn, settings.pipelineName)
  attempt.executionArn = arn
  rememberIfStopping(settings, arn, runContext)

  // The same token gives back the execution an earlier run of this commit started.
  const described = await describeAfterStart(sagemaker, settings, arn)
  const plan = planFor({
    existedBefore:
      described?.CreationTime !== undefined &&
      existedBefore(described.CreationTime, stepStartedAt, sagemaker.clockOffsetMs()),
    status: described?.PipelineExecutionStatus,
    retryFailed: settings.retryFailed
  })
  if (plan.action === 'retry') {
    const token = retryToken(request.ClientRequestToken!, runContext.runId, runContext.runAttempt)
    await resume(sagemaker, settings, arn, token, described?.PipelineExecutionStatus)
  }
  return {
    arn,
    described,
    started: {
      ...reportStart(settings, request, arn, described, plan.origin),
      declared,
      deployed: deployed?.summary
    },
    ended: plan.action === 'report'
  }
}

/** pipeline-execution-arn: an execution started elsewhere, followed as if this step had started it. */
async function attach(
  sagemaker: SageMaker,
  settings: Settings,
  runContext: RunContext,
  arn: string,
  attempt: Attempt
): Promise<Execution> {
  attempt.executionArn = arn
  rememberIfStopping(settings, arn, runContext)
  const described = await call(sagemaker, settings, 'DescribePipelineExecution', () =>
    describeExecution(sagemaker, arn)
  )
  reportExecutionArn(arn, settings.pipelineName)
  return {
    arn,
    described,
    started: reportStart(settings, undefined, arn, described, 'attached'),
    ended: isTerminalStatus(described.PipelineExecutionStatus)
  }
}

/** As soon as the ARN is known: should this process be killed while it waits, the post step stops it. */
function rememberIfStopping(settings: Settings, arn: string, runContext: RunContext): void {
  if (settings.wait.enabled && settings.wait.stopOnCancel) rememberForPostStep(arn, runContext)
}

/** Deploys the file (on a dry run, says what a deploy would do): the version to start, if known. */
async function deploy(
  sagemaker: SageMaker,
  settings: Settings,
  file: DefinitionFile,
  runContext: RunContext,
  request: StartPipelineExecutionCommandInput
): Promise<{ versionId?: number; summary: DeploySummary }> {
  const target = deployTarget(settings, file, runContext, request)
  if (settings.dryRun) {
    const plan = await planDeployment(sagemaker, target)
    return { versionId: plan.versionId, summary: reportDeployPlan(plan, file.path) }
  }
  const deployment = await deployDefinition(sagemaker, target, { sleep, warn: core.warning })
  return { versionId: deployment.versionId, summary: reportDeployment(deployment, file.path) }
}

/**
 * With validate-parameters, the inputs checked against the pipeline's definition (the file's, when
 * the step deploys it): each problem is a message of its own; a check that could not be made is a
 * warning.
 */
async function checkDefinition(
  sagemaker: SageMaker,
  settings: Settings,
  file: DefinitionFile | undefined
): Promise<{ problems: string[]; declared?: EffectiveParameter[] }> {
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
    declared: preflight.declared
  }
}

/** What to deploy: the file, as the role given, labelled with the commit and the run line. */
function deployTarget(
  settings: Settings,
  file: DefinitionFile,
  runContext: RunContext,
  request: StartPipelineExecutionCommandInput
): DeployTarget {
  return {
    pipelineName: settings.pipelineName,
    file,
    roleArn: settings.deploy?.roleArn,
    tags: settings.deploy?.tags ?? [],
    commit: commitSha(runContext),
    runLine: request.PipelineExecutionDescription ?? defaultDescription(runContext)
  }
}

/** Resumes a failed execution of this commit, and says which steps run again. */
async function resume(
  sagemaker: SageMaker,
  settings: Settings,
  arn: string,
  token: string,
  status: string | undefined
): Promise<void> {
  core.info(`The execution for this commit is ${status}: resuming it from its failed steps.`)
  try {
    await retryExecution(sagemaker, arn, token, settings.maxParallelExecutionSteps)
  } catch (error) {
    if (isConflict(error) || (error as { name?: string }).name === 'ValidationException')
      throw new Error(
        `SageMaker would not resume the ${status} execution ${arn}: ${(error as Error).message} To start a fresh execution instead, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`,
        { cause: error }
      )
    throw new Error(
      explainError(error, callContext(sagemaker, settings.pipelineName, 'RetryPipelineExecution')),
      { cause: error }
    )
  }
  const steps = await listSteps(sagemaker, arn, new Map()).catch(() => [])
  const again = steps.filter(step => step.status !== 'Succeeded').map(step => step.name)
  if (again.length > 0) core.info(`Running again: ${again.join(', ')}, and the steps after them.`)
}

/** Runs one SageMaker call; its failure becomes a message that says what to do. */
async function call<T>(
  sagemaker: SageMaker,
  settings: Settings,
  operation: string,
  send: () => Promise<T>
): Promise<T> {
  try {
    return await send()
  } catch (error) {
    throw new Error(explainError(error, callContext(sagemaker, settings.pipelineName, operation)), {
      cause: error
    })
  }
}

/** The start already succeeded: a failed look at the execution is a warning, not a failure. */
async function describeAfterStart(sagemaker: SageMaker, settings: Settings, arn: string) {
  try {
    return await call(sagemaker, settings, 'DescribePipelineExecution', () =>
      describeExecution(sagemaker, arn)
    )
  } catch (error) {
    core.warning(
      `The execution started, but its status could not be read. ${String((error as Error).message)}`
    )
    return undefined
  }
}
