// Deploy and run: make this commit's definition file a version of the pipeline and say which, so
// the start runs exactly that version even when another commit deploys at the same moment (the
// race of `pipeline.upsert()` then `pipeline.start()`, which runs whatever version is latest).
import type { SageMaker } from '../client.js'
import { compareDefinitions, sameJson, type DefinitionChanges } from './definition-changes.js'
import type { DefinitionFile } from './definition-file.js'
import type { DeploySettings, Tag } from '../inputs/deploy-inputs.js'
import { errorName, isAccessDenied, isConflict } from '../errors.js'
import { callContext, explainError } from '../explain.js'
import { InputError } from '../inputs/input-error.js'
import {
  createPipeline,
  describePipelineVersion,
  labelPipelineVersion,
  listPipelineVersions,
  updatePipeline
} from '../sagemaker.js'
import { derivedToken } from '../tokens.js'

type DefinitionStatus = 'created' | 'updated' | 'unchanged'

export interface DeployTarget {
  pipelineName: string
  file: DefinitionFile
  roleArn?: string
  tags: Tag[]
  /** The commit: the label of a version this step creates, and part of the create's token. */
  commit: string
  /** The line that leads back to the run: the description of a version this step creates. */
  runLine: string
}

/** What SageMaker has now, read without changing anything. */
type Deployed =
  | { kind: 'missing' }
  /** A version this commit created earlier (a re-run), with this very definition. */
  | { kind: 'rerun'; versionId: number; pipelineArn: string }
  /** The newest version, which runs when no version is named. */
  | {
      kind: 'current'
      versionId: number
      pipelineArn: string
      definition: unknown
      roleArn?: string
    }

export type DeployPlan =
  | { action: 'create' | 'update'; changes: DefinitionChanges; versionId?: undefined }
  | {
      action: 'unchanged'
      changes: DefinitionChanges
      versionId: number
      pipelineArn: string
      /** The version is the one a run of this commit created (a re-run). */
      rerun: boolean
    }

export interface Deployment {
  status: DefinitionStatus
  pipelineArn: string
  versionId: number
  changes: DefinitionChanges
  rerun: boolean
}

interface Effects {
  sleep: (ms: number) => Promise<void>
  warn: (message: string) => void
}

/** What to deploy: the file, as the role given, labelled with the commit and the run line. */
export function deployTarget(
  pipelineName: string,
  deploy: DeploySettings,
  file: DefinitionFile,
  label: { commit: string; runLine: string }
): DeployTarget {
  return {
    pipelineName,
    file,
    roleArn: deploy.roleArn,
    tags: deploy.tags,
    commit: label.commit,
    runLine: label.runLine
  }
}

/** A ConflictException (another update in progress) is tried again after these pauses. */
const CONFLICT_RETRY_DELAYS_MS = [1000, 2000, 4000]

/** Dry run: what a deploy would do, with read-only calls only. */
export async function planDeployment(
  sagemaker: SageMaker,
  target: DeployTarget
): Promise<DeployPlan> {
  return deployPlanFor(await inspect(sagemaker, target), target)
}

/** Creates or updates the pipeline as needed; returns the version that holds the file's definition. */
export async function deployDefinition(
  sagemaker: SageMaker,
  target: DeployTarget,
  effects: Effects
): Promise<Deployment> {
  let plan = await planDeployment(sagemaker, target)
  if (plan.action === 'create') {
    const created = await create(sagemaker, target)
    if (created) {
      await label(sagemaker, target, created, effects)
      return { status: 'created', ...created, changes: plan.changes, rerun: false }
    }
    // Another workflow created it a moment ago: deploy over theirs.
    plan = await planDeployment(sagemaker, target)
    if (plan.action === 'create')
      throw new Error(
        `CreatePipeline: SageMaker says "${target.pipelineName}" already exists, but it cannot be read yet. Re-run the job.`
      )
  }
  if (plan.action === 'unchanged')
    return {
      status: 'unchanged',
      pipelineArn: plan.pipelineArn,
      versionId: plan.versionId,
      changes: plan.changes,
      rerun: plan.rerun
    }
  const updated = await update(sagemaker, target, effects)
  await label(sagemaker, target, updated, effects)
  return { status: 'updated', ...updated, changes: plan.changes, rerun: false }
}

/** What to do, from what SageMaker has. Pure. */
export function deployPlanFor(deployed: Deployed, target: DeployTarget): DeployPlan {
  if (deployed.kind === 'missing') {
    if (target.roleArn === undefined)
      throw new InputError(
        'pipeline-role-arn',
        `is required: the pipeline "${target.pipelineName}" does not exist yet, and SageMaker needs the role it runs as to create it.`
      )
    return {
      action: 'create',
      changes: compareDefinitions(undefined, target.file.value)
    }
  }
  if (deployed.kind === 'rerun')
    return {
      action: 'unchanged',
      changes: compareDefinitions(target.file.value, target.file.value),
      versionId: deployed.versionId,
      pipelineArn: deployed.pipelineArn,
      rerun: true
    }
  const changes = compareDefinitions(deployed.definition, target.file.value)
  const sameRole = target.roleArn === undefined || target.roleArn === deployed.roleArn
  if (sameJson(deployed.definition, target.file.value) && sameRole)
    return {
      action: 'unchanged',
      changes,
      versionId: deployed.versionId,
      pipelineArn: deployed.pipelineArn,
      rerun: false
    }
  return { action: 'update', changes }
}

/**
 * Two or three reads: the newest versions (one page), then the version this commit labelled, if
 * any, and else the newest. A version's definition never changes, so what is read of a version by
 * its id is what runs when the start names that id.
 */
async function inspect(sagemaker: SageMaker, target: DeployTarget): Promise<Deployed> {
  const { pipelineName } = target
  let versions
  try {
    versions = await listPipelineVersions(sagemaker, pipelineName)
  } catch (error) {
    if (errorName(error) === 'ResourceNotFound') return { kind: 'missing' }
    throw explained(error, sagemaker, target, 'ListPipelineVersions')
  }
  const [newest] = versions
  if (!newest)
    throw new Error(
      `ListPipelineVersions returned no version of the pipeline "${pipelineName}", which exists. Try again; if it persists, deploy it once by hand.`
    )
  const describe = async (versionId: number) => {
    try {
      return await describePipelineVersion(sagemaker, pipelineName, versionId)
    } catch (error) {
      throw explained(error, sagemaker, target, 'DescribePipeline')
    }
  }
  const labelled = versions.find(version => version.displayName === target.commit)
  if (labelled) {
    const version = await describe(labelled.id)
    if (sameJson(parseDeployed(version.definition), target.file.value))
      return {
        kind: 'rerun',
        versionId: labelled.id,
        pipelineArn: version.pipelineArn ?? labelled.pipelineArn ?? ''
      }
  }
  const version = await describe(newest.id)
  return {
    kind: 'current',
    versionId: newest.id,
    pipelineArn: version.pipelineArn ?? newest.pipelineArn ?? '',
    definition: parseDeployed(version.definition),
    roleArn: version.roleArn
  }
}

/** Returns undefined when the pipeline already exists, created by someone else meanwhile. */
async function create(
  sagemaker: SageMaker,
  target: DeployTarget
): Promise<{ pipelineArn: string; versionId: number } | undefined> {
  let pipelineArn: string | undefined
  try {
    pipelineArn = await createPipeline(sagemaker, {
      PipelineName: target.pipelineName,
      PipelineDefinition: target.file.text,
      RoleArn: target.roleArn,
      // The same commit creating the same pipeline again (a retry, a re-run) makes one pipeline.
      ClientRequestToken: derivedToken('create-pipeline', target.commit, target.pipelineName),
      ...(target.tags.length > 0 && { Tags: target.tags })
    })
  } catch (error) {
    if (alreadyExists(error)) return undefined
    throw explained(error, sagemaker, target, 'CreatePipeline')
  }
  // A new pipeline has one version: the first, made from this file.
  let first
  try {
    ;[first] = await listPipelineVersions(sagemaker, target.pipelineName, {
      oldestFirst: true,
      maxResults: 1
    })
  } catch (error) {
    throw explained(error, sagemaker, target, 'ListPipelineVersions')
  }
  if (!first)
    throw new Error(`CreatePipeline created "${target.pipelineName}", but it lists no version.`)
  return { pipelineArn: pipelineArn ?? first.pipelineArn ?? '', versionId: first.id }
}

async function update(
  sagemaker: SageMaker,
  target: DeployTarget,
  effects: Effects
): Promise<{ pipelineArn: string; versionId: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const updated = await updatePipeline(sagemaker, {
        PipelineName: target.pipelineName,
        PipelineDefinition: target.file.text,
        ...(target.roleArn !== undefined && { RoleArn: target.roleArn })
      })
      if (updated.versionId === undefined)
        throw new Error('UpdatePipeline returned no PipelineVersionId.')
      return { pipelineArn: updated.pipelineArn ?? '', versionId: updated.versionId }
    } catch (error) {
      const delay = CONFLICT_RETRY_DELAYS_MS[attempt]
      if (!isConflict(error)) throw explained(error, sagemaker, target, 'UpdatePipeline')
      if (delay === undefined)
        throw new Error(
          `UpdatePipeline: the pipeline "${target.pipelineName}" was still being changed by another update after ${attempt + 1} attempts (ConflictException). Another workflow or person is deploying it; re-run this job when they are done. SageMaker said: ${(error as Error).message}`,
          { cause: error }
        )
      effects.warn(
        `UpdatePipeline: another update of "${target.pipelineName}" is in progress (ConflictException); trying again in ${delay / 1000} s.`
      )
      await effects.sleep(delay)
    }
  }
}

/**
 * Names the version after the commit, so a re-run of this commit finds it and starts it again.
 * Without the label the version still runs: a failure is a warning.
 */
async function label(
  sagemaker: SageMaker,
  target: DeployTarget,
  version: { pipelineArn: string; versionId: number },
  effects: Effects
): Promise<void> {
  try {
    await labelPipelineVersion(sagemaker, {
      PipelineArn: version.pipelineArn,
      PipelineVersionId: version.versionId,
      PipelineVersionDisplayName: target.commit,
      PipelineVersionDescription: target.runLine
    })
  } catch (error) {
    effects.warn(
      `Version ${version.versionId} was deployed but not labelled with the commit, so a re-run of this commit after another deploy makes a new version. ${explainError(error, callContext(sagemaker, target.pipelineName, 'UpdatePipelineVersion'))}`
    )
  }
}

function parseDeployed(definition: string | undefined): unknown {
  try {
    return definition === undefined ? undefined : (JSON.parse(definition) as unknown)
  } catch {
    // Not JSON (deployed some other way): it differs from any file.
    return definition
  }
}

function alreadyExists(error: unknown): boolean {
  const name = errorName(error)
  return (
    name === 'ResourceInUse' ||
    (name === 'ValidationException' && /already exists/i.test((error as Error).message))
  )
}

/** A failed deploy call, told with what to do; a refused definition with SageMaker's own words. */
function explained(
  error: unknown,
  sagemaker: SageMaker,
  target: DeployTarget,
  operation: string
): Error {
  const writes = operation === 'CreatePipeline' || operation === 'UpdatePipeline'
  if (writes && errorName(error) === 'ValidationException')
    return new Error(
      `${operation}: SageMaker rejected the pipeline definition in ${target.file.path}: ${(error as Error).message}`,
      { cause: error }
    )
  const message = explainError(error, callContext(sagemaker, target.pipelineName, operation))
  const passRole =
    writes && isAccessDenied(error) && target.roleArn !== undefined
      ? ` The role that deploys also needs iam:PassRole on ${target.roleArn} (with iam:PassedToService sagemaker.amazonaws.com).`
      : ''
  return new Error(message + passRole, { cause: error })
}
