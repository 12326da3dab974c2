// One step: read the inputs, start the execution, hand its ARN on, and, when asked, wait for it.
import * as core from '@actions/core'
import { listenForCancel, type Cancellation } from './cancel.js'
import { connect, type SageMaker } from './client.js'
import type { StartPipelineExecutionCommandInput } from '@aws-sdk/client-sagemaker'
import { readRunContext, type RunContext } from './context.js'
import type { EffectiveParameter } from './definition.js'
import { readDefinitionFile, type DefinitionFile } from './definition-file.js'
import { deployDefinition, planDeployment, type DeployTarget } from './deploy.js'
import { isConflict } from './errors.js'
import { existedBefore } from './execution.js'
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
import { renderSummary, type DeploySummary } from './summary.js'

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
    let request = buildStartRequest(settings, runContext)
    attempt.request = request
    warnings.forEach(warning => core.warning(warning))
    notes.forEach(note => core.info(note))

    const sagemaker = await connect(settings.region, process.env)
    if (sagemaker.proxy) core.info(`Reaching SageMaker through the proxy ${sagemaker.proxy}.`)
    const { problems, declared } = await checkDefinition(sagemaker, settings, file)
    if (problems.length > 0) return await reportRejected(problems, attempt)

    // Deploy and run: the start names the version that holds this commit's definition.
    let deployed: DeploySummary | undefined
    if (file) {
      const target = deployTarget(settings, file, runContext, request)
      const version = settings.dryRun
        ? await planDeployment(sagemaker, target).then(plan => ({
            versionId: plan.versionId,
            summary: reportDeployPlan(plan, file.path)
          }))
        : await deployDefinition(sagemaker, target, { sleep, warn: core.warning }).then(done => ({
            versionId: done.versionId,
            summary: reportDeployment(done, file.path)
          }))
      deployed = version.summary
      if (version.versionId !== undefined)
        attempt.request = request = { ...request, PipelineVersionId: version.versionId }
    }

    reportRequest(settings, request)
    if (settings.dryRun) return await reportDryRun(settings, request, declared, deployed)

    // A cancel while waiting ends the step cleanly, with its outputs, at any moment.
    if (settings.wait.enabled) cancel = listenForCancel(line => core.info(line))
    const arn = await call(sagemaker, settings, 'StartPipelineExecution', () =>
      startExecution(sagemaker, request)
    )
    reportExecutionArn(arn, settings.pipelineName)
    attempt.executionArn = arn
    if (settings.wait.enabled && settings.wait.stopOnCancel) rememberForPostStep(arn, runContext)

    // The same token gives back the execution an earlier run of this commit started.
    const execution = await describeAfterStart(sagemaker, settings, arn)
    const plan = planFor({
      existedBefore:
        execution?.CreationTime !== undefined &&
        existedBefore(execution.CreationTime, stepStartedAt, sagemaker.clockOffsetMs()),
      status: execution?.PipelineExecutionStatus,
      retryFailed: settings.retryFailed
    })
    if (plan.action === 'retry') {
      const token = retryToken(request.ClientRequestToken!, runContext.runId, runContext.runAttempt)
      await resume(sagemaker, settings, arn, token, execution?.PipelineExecutionStatus)
    }
    const started = {
      ...reportStart(settings, request, arn, execution, plan.origin),
      declared,
      deployed
    }

    if (plan.action === 'report') {
      const ended = await describeEnded(sagemaker, settings.pipelineName, arn, execution)
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

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

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
