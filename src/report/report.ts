// What the step tells the user: the outputs, the log lines and the job summary, at each point of
// the story main.ts tells. Text from outside is on one line (or JSON) before it is logged.
import type {
  DescribePipelineExecutionCommandOutput,
  StartPipelineExecutionCommandInput
} from '@aws-sdk/client-sagemaker'
import * as core from '@actions/core'
import { executionConsoleLinks } from './console.js'
import type { EffectiveParameter } from '../definition/definition.js'
import { describeChanges } from '../definition/definition-changes.js'
import type { DeployPlan, Deployment } from '../definition/deploy.js'
import { formatDuration } from '../duration.js'
import { oneLine } from '../escape.js'
import type { Followed } from '../wait/follow.js'
import type { Metric, ModelPackage, ModelResults } from '../model/model-package.js'
import type { Settings } from '../inputs/inputs.js'
import { describeOrigin, type Origin } from '../rerun.js'
import {
  renderFailureSummary,
  renderSummary,
  type DeploySummary,
  type ExecutionSummary,
  type FailureSummary
} from './summary.js'

/** As far as the step got when it failed: the failure summary shows it. */
export type Attempt = Partial<Omit<FailureSummary, 'problems'>>

/** The deploy's outputs, and what it changed, in the log: one line per kind of change. */
export function reportDeployment(deployment: Deployment, file: string): DeploySummary {
  const path = oneLine(file)
  core.setOutput('pipeline-arn', deployment.pipelineArn)
  core.setOutput('pipeline-version-id', String(deployment.versionId))
  core.setOutput('pipeline-definition-status', deployment.status)
  const changes = describeChanges(deployment.changes)
  const what =
    deployment.status === 'created'
      ? `Created the pipeline from ${path}: version ${deployment.versionId}.`
      : deployment.status === 'updated'
        ? `Updated the pipeline from ${path}: version ${deployment.versionId}.`
        : deployment.rerun
          ? `${path} is unchanged: version ${deployment.versionId}, which an earlier run of this commit deployed.`
          : `${path} is unchanged: version ${deployment.versionId} already holds it.`
  core.info(what)
  changes.forEach(line => core.info(`  ${line}`))
  return { file: path, status: deployment.status, versionId: deployment.versionId, what, changes }
}

/**
 * An earlier execution came back (same token): it runs the version its own start named. Sets
 * pipeline-version-id to that version; when the deploy made another, a warning names both and
 * how to run the new one.
 */
export function reportVersionRun(
  deployed: DeploySummary,
  ranVersion: number | undefined,
  executionArn: string
): void {
  if (ranVersion === undefined) return
  core.setOutput('pipeline-version-id', String(ranVersion))
  if (deployed.versionId === undefined || deployed.versionId === ranVersion) return
  core.warning(
    `This commit's execution ${executionArn} was started by an earlier run and runs pipeline version ${ranVersion}; ${deployed.file} is now version ${deployed.versionId}, which this step did not start (the same client request token gives back the earlier execution). To run version ${deployed.versionId}, push a new commit, or set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }} to start a new execution on each run attempt.`
  )
}

/** A dry run's deploy: what would happen, and what would change. */
export function reportDeployPlan(plan: DeployPlan, file: string): DeploySummary {
  const path = oneLine(file)
  const changes = describeChanges(plan.changes)
  const what =
    plan.action === 'create'
      ? `Dry run: the pipeline does not exist; it would be created from ${path}.`
      : plan.action === 'update'
        ? `Dry run: the pipeline would be updated from ${path}, making a new version.`
        : `Dry run: ${path} is unchanged: version ${plan.versionId} would run.`
  core.info(what)
  changes.forEach(line => core.info(`  ${line}`))
  return {
    file: path,
    status: plan.action === 'unchanged' ? 'unchanged' : `would ${plan.action}`,
    versionId: plan.versionId,
    what,
    changes
  }
}

/** The request, as it will be sent (or, on a dry run, would be). */
export function reportRequest(
  settings: Pick<Settings, 'dryRun' | 'pipelineName' | 'region'>,
  request: StartPipelineExecutionCommandInput
): void {
  // JSON keeps every line break inside a string, so no input can start a workflow command.
  core.info(
    `${settings.dryRun ? 'Dry run: the request that would start' : 'Starting'} SageMaker pipeline ${settings.pipelineName} in ${settings.region}:`
  )
  core.info(JSON.stringify(request, null, 2))
}

/** The ARN, as soon as SageMaker gives it: later steps can use it even if this one fails. */
export function reportExecutionArn(arn: string, pipelineName: string): void {
  core.setOutput('pipeline-execution-arn', arn)
  core.info(`Pipeline execution: ${arn}`)
  const links = executionConsoleLinks(arn, pipelineName)
  if (!links) return
  core.setOutput('pipeline-execution-url', links.execution)
  core.info(`In the SageMaker console: ${links.execution}`)
}

/** Sets the outputs known once the execution exists, and says how this step came to it. */
export function reportStart(
  settings: Pick<Settings, 'pipelineName' | 'region' | 'parameters'>,
  /** None when the step follows an execution it did not start. */
  request: StartPipelineExecutionCommandInput | undefined,
  arn: string,
  execution: DescribePipelineExecutionCommandOutput | undefined,
  origin: Origin
): ExecutionSummary {
  const displayName =
    execution?.PipelineExecutionDisplayName ?? request?.PipelineExecutionDisplayName ?? ''
  const status = origin === 'retried' ? 'Executing' : execution?.PipelineExecutionStatus
  core.setOutput('pipeline-execution-display-name', displayName)
  core.setOutput('pipeline-execution-origin', origin)
  if (status) core.setOutput('pipeline-execution-status', status)
  core.info(`Status: ${status ?? 'unknown'}`)
  if (origin === 'started' || origin === 'attached') core.info(describeOrigin(origin, status))
  else
    core.notice(
      `${describeOrigin(origin, status)} Execution ${arn}, created ${execution?.CreationTime?.toISOString()}. To start a fresh execution on every run attempt, set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }}`
    )
  return {
    pipelineName: settings.pipelineName,
    region: settings.region,
    executionArn: arn,
    displayName,
    status,
    origin,
    parameters: settings.parameters
  }
}

/** A dry run: everything was checked, nothing is started. */
export async function reportDryRun(
  settings: Settings,
  request: StartPipelineExecutionCommandInput,
  declared: EffectiveParameter[] | undefined,
  deployed: DeploySummary | undefined
): Promise<void> {
  const displayName = request.PipelineExecutionDisplayName ?? ''
  core.setOutput('pipeline-execution-display-name', displayName)
  core.setOutput('pipeline-execution-origin', 'dry-run')
  core.setOutput('pipeline-execution-status', 'DryRun')
  core.info('Dry run: nothing was started.')
  await writeSummary(
    renderSummary({
      pipelineName: settings.pipelineName,
      region: settings.region,
      displayName,
      status: 'DryRun',
      origin: 'dry-run',
      parameters: settings.parameters,
      declared,
      deployed
    })
  )
}

/**
 * Sets the outputs of an execution that was followed to its end (or to a timeout or a cancel).
 * With wait, the step fails unless it succeeded; an execution that had ended before this step is
 * otherwise only reported.
 */
export function reportOutcome(
  outcome: Followed,
  { failUnlessSucceeded }: { failUnlessSucceeded: boolean }
): void {
  core.setOutput('pipeline-execution-status', outcome.status)
  core.setOutput('failure-reason', outcome.failureReason ?? '')
  core.setOutput('steps', JSON.stringify(outcome.steps))

  core.startGroup(`Steps (${outcome.steps.length})`)
  for (const step of outcome.steps)
    core.info(
      `${step.name}: ${step.status}${step.jobArn ? ` ${step.jobArn}` : ''}${step.failureReason ? ` - ${oneLine(step.failureReason)}` : ''}${step.says && step.says !== step.failureReason ? ` (${oneLine(step.says)})` : ''}`
    )
  core.endGroup()

  const waited = formatDuration(outcome.waitedMs)
  const fail = failUnlessSucceeded ? core.setFailed : core.warning
  if (outcome.kind !== 'ended') return core.setFailed(outcome.note ?? outcome.kind)
  if (outcome.status === 'Succeeded')
    return core.info(`The execution succeeded (waited ${waited}).`)
  if (outcome.status === 'Stopped')
    return fail(`The execution was stopped before it ended (waited ${waited}).`)
  const failedSteps = outcome.steps
    .filter(step => step.status === 'Failed')
    .map(
      step =>
        `\n- ${step.name}${step.type ? ` (${step.type})` : ''}: ${step.failureReason ?? step.says ?? 'no reason given'}`
    )
  fail(
    `The execution ${outcome.status === 'Failed' ? 'failed' : `ended as ${outcome.status}`}: ${outcome.failureReason ?? 'no reason given'}${failedSteps.join('')}`
  )
}

/**
 * What the execution registered, as outputs and in the log: the last package the steps registered,
 * and the group's approved one. No output at all when no step registered a package; the metrics
 * outputs are JSON objects whenever there is a package, and the approved ones empty without one.
 */
export function reportModel({ registered, approved }: ModelResults): void {
  const last = registered.at(-1)
  if (!last) return
  core.setOutput('model-package-arn', last.arn)
  core.setOutput('model-package-version', last.version === undefined ? '' : String(last.version))
  core.setOutput('model-approval-status', last.approvalStatus ?? '')
  core.setOutput('model-metrics', metricsJson(last.metrics))
  core.setOutput('approved-model-package-arn', approved?.arn ?? '')
  core.setOutput('approved-model-metrics', approved ? metricsJson(approved.metrics) : '')

  for (const registeredPackage of registered) logPackage('Registered', registeredPackage)
  if (approved) logPackage('Approved before', approved)
  else core.info(`No other approved package in ${oneLine(last.group ?? 'the group')}.`)
}

/** One line per metric, each starting with plain words: no name can become a workflow command. */
function logPackage(what: string, modelPackage: ModelPackage): void {
  const { group, version, approvalStatus, metrics } = modelPackage
  core.startGroup(
    `${what}: ${oneLine(group ?? modelPackage.arn)}${version === undefined ? '' : ` version ${version}`}, ${approvalStatus ?? 'approval status unknown'}`
  )
  core.info(`Model package ${modelPackage.arn}`)
  for (const metric of metrics ?? []) core.info(`Metric ${oneLine(metric.name)} = ${metric.value}`)
  if (modelPackage.metricsLeftOut)
    core.info(`${modelPackage.metricsLeftOut} more metrics are not kept.`)
  core.endGroup()
}

/** Name -> value, as a later step reads it with fromJSON(). */
function metricsJson(metrics: readonly Metric[] | undefined): string {
  return JSON.stringify(Object.fromEntries((metrics ?? []).map(m => [m.name, m.value])))
}

/**
 * The step failed: one error, under debug logging the stack, a line at a time as in a terminal,
 * and a summary of what failed.
 */
export async function reportFailure(error: unknown, attempt: Attempt): Promise<void> {
  const message = error instanceof Error ? error.message : String(error)
  core.setFailed(message)
  if (core.isDebug() && error instanceof Error && error.stack)
    error.stack.split('\n').forEach(line => core.debug(line))
  await writeFailureSummary([message], attempt)
}

/** The inputs do not fit the pipeline's definition: each problem is an error of its own. */
export async function reportRejected(problems: string[], attempt: Attempt): Promise<void> {
  problems.forEach(problem => core.setFailed(problem))
  await writeFailureSummary(problems, attempt)
}

async function writeFailureSummary(problems: string[], attempt: Attempt): Promise<void> {
  await writeSummary(renderFailureSummary({ ...attempt, problems }))
}

export async function writeSummary(html: string): Promise<void> {
  // A local run (local-action, a script) may have no summary file: nothing is lost.
  if (!process.env.GITHUB_STEP_SUMMARY)
    return core.debug('GITHUB_STEP_SUMMARY is not set: no job summary.')
  try {
    await core.summary.addRaw(html, true).write()
  } catch (error) {
    core.warning(`The job summary could not be written: ${String((error as Error).message)}`)
  }
}
