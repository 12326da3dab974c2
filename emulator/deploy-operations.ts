// Deploying a pipeline: CreatePipeline, UpdatePipeline, UpdatePipelineVersion, ListPipelineVersions.
import { pipelineArn } from './arns.js'
import { invalid, notFound } from './aws-error.js'
import { checkDefinition } from './definition-check.js'
import { handler } from './handler.js'
import type { Context, Handler, ListBody } from './handler.js'
import { paginate } from './pagination.js'
import {
  addVersion,
  lastExecutionOf,
  latestVersion,
  pipelineKey,
  resolvePipeline
} from './pipelines.js'
import type { PipelineRecord, PipelineVersion } from './pipelines.js'
import { epochSeconds } from './protocol.js'
import type { Tag } from './types.js'

interface DefinitionFields {
  PipelineDefinition?: string
  PipelineDefinitionS3Location?: { Bucket: string; ObjectKey: string; VersionId?: string }
}

/** The definition sent, checked as the service checks it; undefined when none was sent. */
function sentDefinition(body: DefinitionFields): string | undefined {
  if (body.PipelineDefinitionS3Location !== undefined) {
    throw invalid(
      'PipelineDefinitionS3Location is not supported by the emulator; send PipelineDefinition.'
    )
  }
  if (body.PipelineDefinition !== undefined) checkDefinition(body.PipelineDefinition)
  return body.PipelineDefinition
}

interface CreateBody extends DefinitionFields {
  PipelineName: string
  PipelineDisplayName?: string
  PipelineDescription?: string
  ClientRequestToken: string
  RoleArn: string
  Tags?: Tag[]
  ParallelismConfiguration?: { MaxParallelExecutionSteps: number }
}

const createPipeline = handler<CreateBody>((ctx, body) => {
  const key = pipelineKey(body.PipelineName)
  const existing = ctx.state.pipelines.get(key)
  // The same token and name: the pipeline that request made, whatever else this one says.
  if (existing?.createToken === body.ClientRequestToken) {
    return { PipelineArn: pipelineArn(ctx.region, existing.name) }
  }
  if (existing) {
    throw invalid(
      `Pipeline names must be unique within an AWS account and region. Pipeline with name (${body.PipelineName}) already exists.`
    )
  }
  const definition = sentDefinition(body)
  if (definition === undefined) {
    throw invalid('Either PipelineDefinition or PipelineDefinitionS3Location must be specified.')
  }
  const pipeline: PipelineRecord = {
    name: body.PipelineName,
    displayName: body.PipelineDisplayName ?? body.PipelineName,
    description: body.PipelineDescription,
    versions: [],
    tags: body.Tags ?? [],
    parallelismConfiguration: body.ParallelismConfiguration,
    createToken: body.ClientRequestToken,
    stepSpecs: [],
    strictVersions: true,
    createdAt: ctx.now,
    lastModifiedAt: ctx.now
  }
  addVersion(pipeline, { definition, roleArn: body.RoleArn }, ctx.now)
  ctx.state.pipelines.set(key, pipeline)
  return { PipelineArn: pipelineArn(ctx.region, pipeline.name) }
})

interface UpdateBody extends DefinitionFields {
  PipelineName: string
  PipelineDisplayName?: string
  PipelineDescription?: string
  RoleArn?: string
  ParallelismConfiguration?: { MaxParallelExecutionSteps: number }
}

// Every call makes a version, even one that changes only the display name: the model has no token.
const updatePipeline = handler<UpdateBody>((ctx, body) => {
  const pipeline = resolvePipeline(ctx.state.pipelines, body.PipelineName)
  const definition = sentDefinition(body)
  const latest = latestVersion(pipeline)
  const version = addVersion(
    pipeline,
    { definition: definition ?? latest.definition, roleArn: body.RoleArn ?? latest.roleArn },
    ctx.now
  )
  pipeline.displayName = body.PipelineDisplayName ?? pipeline.displayName
  pipeline.description = body.PipelineDescription ?? pipeline.description
  pipeline.parallelismConfiguration =
    body.ParallelismConfiguration ?? pipeline.parallelismConfiguration
  return { PipelineArn: pipelineArn(ctx.region, pipeline.name), PipelineVersionId: version.id }
})

function knownVersion(pipeline: PipelineRecord, id: number): PipelineVersion {
  const version = pipeline.versions.find(v => v.id === id)
  if (!version) throw notFound(`Pipeline '${pipeline.name}' has no version ${id}.`)
  return version
}

interface UpdateVersionBody {
  PipelineArn: string
  PipelineVersionId: number
  PipelineVersionDisplayName?: string
  PipelineVersionDescription?: string
}

const updatePipelineVersion = handler<UpdateVersionBody>((ctx, body) => {
  const pipeline = resolvePipeline(ctx.state.pipelines, body.PipelineArn)
  const version = knownVersion(pipeline, body.PipelineVersionId)
  version.displayName = body.PipelineVersionDisplayName ?? version.displayName
  version.description = body.PipelineVersionDescription ?? version.description
  return { PipelineArn: pipelineArn(ctx.region, pipeline.name), PipelineVersionId: version.id }
})

interface ListVersionsBody extends ListBody {
  PipelineName: string
  CreatedAfter?: number
  CreatedBefore?: number
}

const listPipelineVersions = handler<ListVersionsBody>((ctx: Context, body) => {
  const pipeline = resolvePipeline(ctx.state.pipelines, body.PipelineName)
  const after = (body.CreatedAfter ?? -Infinity) * 1000
  const before = (body.CreatedBefore ?? Infinity) * 1000
  // Versions are kept oldest first; newest first by default, like the service.
  const chosen = pipeline.versions.filter(v => v.createdAt > after && v.createdAt < before)
  const ordered = body.SortOrder === 'Ascending' ? chosen : [...chosen].reverse()
  const page = paginate(
    ordered,
    `ListPipelineVersions:${pipelineKey(pipeline.name)}`,
    body.NextToken,
    body.MaxResults
  )
  return {
    PipelineVersionSummaries: page.items.map(v => ({
      PipelineArn: pipelineArn(ctx.region, pipeline.name),
      PipelineVersionId: v.id,
      CreationTime: epochSeconds(v.createdAt),
      PipelineVersionDisplayName: v.displayName,
      PipelineVersionDescription: v.description,
      LastExecutionPipelineExecutionArn: lastExecutionOf(ctx.state.executions, pipeline, v)?.arn
    })),
    NextToken: page.nextToken
  }
})

export const deployHandlers: Readonly<Record<string, Handler>> = {
  CreatePipeline: createPipeline,
  UpdatePipeline: updatePipeline,
  UpdatePipelineVersion: updatePipelineVersion,
  ListPipelineVersions: listPipelineVersions
}
