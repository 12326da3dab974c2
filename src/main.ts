// One step: read the inputs, start the execution, hand its ARN on, and, when asked, wait for it.
import { setTimeout as sleep } from 'node:timers/promises'
import * as core from '@actions/core'
import type {
  DescribePipelineExecutionCommandOutput,
  StartPipelineExecutionCommandInput
} from '@aws-sdk/client-sagemaker'
import { listenForCancel, type Cancellation } from './wait/cancel.js'
import { connect, type SageMaker } from './client.js'
import { readRunContext, type RunContext } from './context.js'
import { assumeRole } from './credentials/credential-lifetime.js'
import { webIdentityCredentials } from './credentials/credentials.js'
import { readDefinitionFile, type DefinitionFile } from './definition/definition-file.js'
import { deployDefinition, deployTarget, planDeployment } from './definition/deploy.js'
import { existedBefore, isTerminalStatus } from './execution.js'
import { callContext, explainError } from './explain.js'
import { describeEnded, followExecution, rememberForPostStep } from './wait/follow.js'
import { parseInputs, type Settings } from './inputs/inputs.js'
import { failedStepLogs } from './logs/failed-steps.js'
import type { StepLog } from './logs/step-logs.js'
import type { ModelResults } from './model/model-package.js'
import { readModelResults } from './model/model-results.js'
import { checkDefinition } from './definition/preflight.js'
import { reportOnGitHub, type GitHubReport } from './pr/github-report.js'
import {
  reportDeployment,
  reportDeployPlan,
  reportDryRun,
  reportExecutionArn,
  reportFailure,
  reportModel,
  reportOutcome,
  reportRejected,
  reportRequest,
  reportStart,
  reportVersionRun,
  writeSummary,
  type Attempt
} from './report/report.js'
import { buildStartRequest, commitSha, defaultDescription } from './request.js'
import { rerunPlanFor, retryToken } from './rerun.js'
import { resume } from './resume.js'
import { describeExecution, listExecutionParameters, startExecution } from './sagemaker.js'
import { renderSummary, type DeploySummary, type ExecutionSummary } from './report/summary.js'
import type { StepRecord } from './steps.js'

export async function run(): Promise<void> {
  const stepStartedAt = Date.now()
  let cancel: Cancellation | undefined
  let github: GitHubReport | undefined
  // As far as the step got: a failure's summary shows it.
  const attempt: Attempt = {}
  try {
    const { settings, warnings, notes } = parseInputs(name => core.getInput(name), process.env)
    attempt.pipelineName = settings.pipelineName
    attempt.region = settings.region
    const runContext = await readRunContext()
    github = settings.dryRun ? undefined : await reportOnGitHub(settings.report, runContext)
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
    const waiting = settings.wait.enabled
    github?.forExecution({
      pipelineName: settings.pipelineName,
      region: settings.region,
      executionArn: arn,
      waiting
    })

    if (execution.ended) {
      const ended = await describeEnded(sagemaker, settings.pipelineName, arn, execution.described)
      reportOutcome(ended, { failUnlessSucceeded: waiting })
      const results = await readResults(sagemaker, ended.steps, settings)
      await github?.show({ ...ended, ...results, phase: 'ended' }, true)
      return await writeSummary(
        renderSummary({ ...started, status: ended.status, wait: { ...ended, ...results } })
      )
    }
    const running = { status: started.status ?? 'Executing', phase: 'running' } as const
    await github?.show({ ...running, steps: [] }, !waiting)
    if (!waiting) return await writeSummary(renderSummary(started))

    const report = github
    const outcome = await followExecution(
      sagemaker,
      settings,
      runContext,
      arn,
      cancel?.signal ?? new AbortController().signal,
      report && (steps => report.show({ ...running, steps: [...steps] }))
    )
    reportOutcome(outcome, { failUnlessSucceeded: true })
    const results = await readResults(sagemaker, outcome.steps, settings)
    const phase = outcome.kind === 'ended' ? 'ended' : 'stopped-waiting'
    await github?.show({ ...outcome, ...results, phase }, true)
    await writeSummary(
      renderSummary({ ...started, status: outcome.status, wait: { ...outcome, ...results } })
    )
  } catch (error) {
    await reportFailure(error, attempt)
    // The execution exists and goes on: the pull request and the commit say the step failed.
    const failureReason = error instanceof Error ? error.message : String(error)
    await github?.show({ status: 'Unknown', phase: 'error', failureReason, steps: [] }, true)
  } finally {
    cancel?.dispose()
  }
}

/**
 * What the steps leave besides their status, read once they are known: the failed steps' own log
 * lines, and the model packages the steps registered (outputs and the log).
 */
async function readResults(
  sagemaker: SageMaker,
  steps: StepRecord[],
  settings: Pick<Settings, 'logs'>
): Promise<{ logs: StepLog[]; model: ModelResults }> {
  const logs = await failedStepLogs(sagemaker, steps, settings.logs)
  const model = await readModelResults(sagemaker, steps)
  reportModel(model)
  return { logs, model }
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
  const { problems, declared, steps } = await checkDefinition(sagemaker, settings, file)
  if (problems.length > 0) return void (await reportRejected(problems, attempt))

  // Deploy and run: the start names the version that holds this commit's definition.
  const deployed = file && (await deploy(sagemaker, settings, file, runContext, request))
  if (deployed?.versionId !== undefined)
    attempt.request = request = { ...request, PipelineVersionId: deployed.versionId }

  reportRequest(settings, request)
  if (settings.dryRun)
    return void (await reportDryRun(settings, request, declared, deployed?.summary))

  const { pipelineName } = settings
  const arn = await call(sagemaker, pipelineName, 'StartPipelineExecution', () =>
    startExecution(sagemaker, request)
  )
  announce(arn, settings, runContext, attempt)

  // The same token gives back the execution an earlier run of this commit started.
  const described = await describeAfterStart(sagemaker, pipelineName, arn)
  const plan = rerunPlanFor({
    existedBefore:
      described?.CreationTime !== undefined &&
      existedBefore(described.CreationTime, stepStartedAt, sagemaker.clockOffsetMs()),
    status: described?.PipelineExecutionStatus,
    retryFailed: settings.retryFailed
  })
  // An earlier execution runs what its own start sent: say so, and show that, not this request.
  const earlier = plan.origin !== 'started'
  if (earlier && deployed) reportVersionRun(deployed.summary, described?.PipelineVersionId, arn)
  const ranWith = earlier ? await parametersRunWith(sagemaker, pipelineName, arn) : undefined
  if (plan.action === 'retry')
    await resume(sagemaker, {
      pipelineName,
      executionArn: arn,
      status: described?.PipelineExecutionStatus,
      token: retryToken(request.ClientRequestToken!, runContext.runId, runContext.runAttempt),
      maxParallelExecutionSteps: settings.maxParallelExecutionSteps
    })
  return {
    arn,
    described,
    started: {
      ...reportStart(settings, request, arn, described, plan.origin),
      declared: earlier ? undefined : declared,
      // An earlier execution may run another version, with other steps.
      definedSteps: earlier ? undefined : steps,
      ranWith: earlier ? (ranWith ?? 'unknown') : undefined,
      deployed: deployed?.summary,
      versionId: described?.PipelineVersionId ?? deployed?.versionId
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
  announce(arn, settings, runContext, attempt)
  const described = await call(sagemaker, settings.pipelineName, 'DescribePipelineExecution', () =>
    describeExecution(sagemaker, arn)
  )
  return {
    arn,
    described,
    started: reportStart(settings, undefined, arn, described, 'attached'),
    ended: isTerminalStatus(described.PipelineExecutionStatus)
  }
}

/**
 * As soon as the ARN is known: it is an output, a failure's summary names it, and should this
 * process be killed while it waits, the post step stops the execution.
 */
function announce(
  arn: string,
  settings: Pick<Settings, 'pipelineName' | 'wait'>,
  runContext: RunContext,
  attempt: Attempt
): void {
  reportExecutionArn(arn, settings.pipelineName)
  attempt.executionArn = arn
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
  const target = deployTarget(settings.pipelineName, settings.deploy!, file, {
    commit: commitSha(runContext),
    runLine: request.PipelineExecutionDescription ?? defaultDescription(runContext)
  })
  if (settings.dryRun) {
    const plan = await planDeployment(sagemaker, target)
    return { versionId: plan.versionId, summary: reportDeployPlan(plan, file.path) }
  }
  const deployment = await deployDefinition(sagemaker, target, { sleep, warn: core.warning })
  return { versionId: deployment.versionId, summary: reportDeployment(deployment, file.path) }
}

/** Runs one SageMaker call; its failure becomes a message that says what to do. */
async function call<T>(
  sagemaker: SageMaker,
  pipelineName: string,
  operation: string,
  send: () => Promise<T>
): Promise<T> {
  try {
    return await send()
  } catch (error) {
    throw new Error(explainError(error, callContext(sagemaker, pipelineName, operation)), {
      cause: error
    })
  }
}

/** The start already succeeded: a failed look at the execution is a warning, not a failure. */
async function describeAfterStart(sagemaker: SageMaker, pipelineName: string, arn: string) {
  try {
    return await call(sagemaker, pipelineName, 'DescribePipelineExecution', () =>
      describeExecution(sagemaker, arn)
    )
  } catch (error) {
    core.warning(
      `The execution started, but its status could not be read. ${String((error as Error).message)}`
    )
    return undefined
  }
}

/**
 * The parameters an earlier execution ran with; a failed look is a warning, and undefined. Read
 * only for an execution this step did not start, whose request this step never saw.
 */
async function parametersRunWith(sagemaker: SageMaker, pipelineName: string, arn: string) {
  try {
    return await call(sagemaker, pipelineName, 'ListPipelineParametersForExecution', () =>
      listExecutionParameters(sagemaker, arn)
    )
  } catch (error) {
    core.warning(
      `The parameters the execution ran with could not be read. ${String((error as Error).message)}`
    )
    return undefined
  }
}
