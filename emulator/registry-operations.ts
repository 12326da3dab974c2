// The model registry's SageMaker operations; the server validates bodies against
// emulator/data/sagemaker-model-registry-model.json first, and registers what RegisterModel steps
// registered by now before it calls them.
import { resourceArn } from './arns.js'
import { invalid } from './aws-error.js'
import { handler } from './handler.js'
import type { Handler, ListBody } from './handler.js'
import { findModelPackage, groupNameFrom } from './model-registry.js'
import type { ModelPackageRecord } from './model-registry.js'
import { paginate } from './pagination.js'
import { epochSeconds } from './protocol.js'

// The built-in XGBoost image the SageMaker examples register; the emulator keeps no image of its own.
const imageOf = (region: string): string =>
  `683313688378.dkr.ecr.${region}.amazonaws.com/sagemaker-xgboost:1.7-1`

const describeModelPackage = handler<{ ModelPackageName: string }>((ctx, body) => {
  const found = findModelPackage(ctx.state.modelPackages, body.ModelPackageName, ctx.region)
  if (!found)
    throw invalid(`ModelPackage ${arnNamed(body.ModelPackageName, ctx.region)} does not exist.`)
  return {
    // A versioned package is named for its group.
    ModelPackageName: found.group,
    ModelPackageGroupName: found.group,
    ModelPackageVersion: found.version,
    ModelPackageArn: found.arn,
    CreationTime: epochSeconds(found.createdAt),
    InferenceSpecification: {
      Containers: [{ Image: imageOf(found.region), ModelDataUrl: found.modelDataUrl }],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv']
    },
    ModelPackageStatus: 'Completed',
    ModelPackageStatusDetails: { ValidationStatuses: [] },
    CertifyForMarketplace: false,
    ModelApprovalStatus: found.approvalStatus,
    // Pipelines record the execution that registered the package.
    MetadataProperties: found.registeredBy && { GeneratedBy: found.registeredBy.executionArn },
    ModelMetrics: found.modelMetrics,
    LastModifiedTime: epochSeconds(found.createdAt)
  }
})

// The service names a missing package by its ARN, whichever way the request named it.
const arnNamed = (nameOrArn: string, region: string): string =>
  nameOrArn.startsWith('arn:') ? nameOrArn : resourceArn(region, `model-package/${nameOrArn}`)

interface ListModelPackagesBody extends ListBody {
  CreationTimeAfter?: number
  CreationTimeBefore?: number
  NameContains?: string
  ModelApprovalStatus?: string
  ModelPackageGroupName?: string
  ModelPackageType?: 'Versioned' | 'Unversioned' | 'Both'
  SortBy?: 'Name' | 'CreationTime'
}

const listModelPackages = handler<ListModelPackagesBody>((ctx, body) => {
  const group =
    body.ModelPackageGroupName === undefined
      ? undefined
      : groupNameFrom(body.ModelPackageGroupName, ctx.region)
  // The docs make Unversioned the default, yet a group holds only versions, and the service lists
  // them when a group is named without a type (as AWS's own examples rely on).
  const type =
    body.ModelPackageType ??
    (body.ModelPackageGroupName === undefined ? 'Unversioned' : 'Versioned')
  const after = (body.CreationTimeAfter ?? -Infinity) * 1000
  const before = (body.CreationTimeBefore ?? Infinity) * 1000
  const contains = body.NameContains?.toLowerCase() ?? ''
  const sign = body.SortOrder === 'Descending' ? -1 : 1
  const byName = body.SortBy === 'Name'
  const order = (a: ModelPackageRecord, b: ModelPackageRecord): number =>
    (byName && compare(a.group, b.group)) || a.createdAt - b.createdAt || a.version - b.version
  const packages = ctx.state.modelPackages
    .filter(
      p =>
        p.region === ctx.region &&
        type !== 'Unversioned' &&
        (body.ModelPackageGroupName === undefined || p.group === group) &&
        (body.ModelApprovalStatus === undefined || p.approvalStatus === body.ModelApprovalStatus) &&
        p.createdAt > after &&
        p.createdAt < before &&
        p.group.toLowerCase().includes(contains)
    )
    .sort((a, b) => sign * order(a, b))
  // MaxResults: 10 unless told, as SageMaker's other lists (the docs give no default).
  const listing = `ListModelPackages:${JSON.stringify({ ...body, NextToken: undefined, MaxResults: undefined })}`
  const page = paginate(packages, listing, body.NextToken, body.MaxResults)
  return {
    ModelPackageSummaryList: page.items.map(p => ({
      ModelPackageName: p.group,
      ModelPackageGroupName: p.group,
      ModelPackageVersion: p.version,
      ModelPackageArn: p.arn,
      CreationTime: epochSeconds(p.createdAt),
      ModelPackageStatus: 'Completed',
      ModelApprovalStatus: p.approvalStatus
    })),
    NextToken: page.nextToken
  }
})

// Code-point order, as the service sorts names.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const registryHandlers: Readonly<Record<string, Handler>> = {
  DescribeModelPackage: describeModelPackage,
  ListModelPackages: listModelPackages
}
