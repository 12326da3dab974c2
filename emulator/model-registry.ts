// The model registry: groups of versioned model packages, registered by RegisterModel steps or
// seeded by tests, with their metrics objects in the local S3.
import { createHash } from 'node:crypto'
import { ACCOUNT_ID, resourceArn } from './arns.js'
import { defaultBucket, putObject } from './objects.js'
import type { ObjectStore } from './objects.js'
import type { ModelApprovalStatus, ModelPackageSnapshot, ModelSpec } from './types.js'

/** ModelMetrics' MetricsSource, as DescribeModelPackage answers it. */
interface MetricsSource {
  ContentType: string
  S3Uri: string
  ContentDigest?: string
}

export interface ModelPackageRecord {
  arn: string
  group: string
  version: number
  region: string
  createdAt: number
  approvalStatus: ModelApprovalStatus
  /** Absent when the spec's metrics were null. */
  modelMetrics?: {
    ModelQuality: { Statistics: MetricsSource }
    ModelDataQuality?: { Statistics: MetricsSource }
    Bias?: { Report: MetricsSource }
    Explainability?: { Report: MetricsSource }
  }
  modelDataUrl: string
  /** The execution step (attempt) that registered it; undefined for a seeded package. */
  registeredBy?: { executionArn: string; stepName: string; attempt: number }
}

/** The statistics a package gets unless told otherwise: an evaluation.json as the examples write it. */
export const DEFAULT_MODEL_METRICS = {
  regression_metrics: { mse: { value: 4.6, standard_deviation: 2.1 } }
}

// Small stand-ins for what Model Monitor and Clarify write, so the links a package gives resolve.
const REPORTS = {
  dataQuality: {
    file: 'data-quality-statistics.json',
    body: { version: 0, dataset: { item_count: 4177 } }
  },
  bias: {
    file: 'bias-report.json',
    body: { version: '1.0', post_training_bias_metrics: { facets: {} } }
  },
  explainability: { file: 'explainability-report.json', body: { version: '1.0', explanations: {} } }
}

const modelPackageArn = (region: string, group: string, version: number): string =>
  resourceArn(region, `model-package/${group}/${version}`)

/** The highest version the group has had in the region; 0 for a group without packages. */
export const latestVersion = (
  packages: readonly ModelPackageRecord[],
  region: string,
  group: string
): number =>
  Math.max(0, ...packages.filter(p => p.region === region && p.group === group).map(p => p.version))

export interface Registration extends Omit<ModelSpec, 'group'> {
  group: string
  version: number
  region: string
  createdAt: number
  /** Where its objects go in the region's SageMaker bucket, e.g. `<pipeline>/<execution>/<step>`. */
  prefix: string
  registeredBy?: ModelPackageRecord['registeredBy']
}

/** Adds the package and puts its metrics (and reports) objects in the store. */
export function registerModelPackage(
  packages: ModelPackageRecord[],
  objects: ObjectStore,
  registration: Registration
): ModelPackageRecord {
  const { group, version, region, createdAt, prefix } = registration
  const bucket = defaultBucket(region)
  const put = (file: string, body: string | object, digest?: string): MetricsSource => {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const uri = putObject(objects, { bucket, key: `${prefix}/${file}` }, text, {
      contentType: 'application/json',
      now: createdAt
    })
    return { ContentType: 'application/json', S3Uri: uri, ...(digest && { ContentDigest: digest }) }
  }
  const metrics = registration.metrics === undefined ? DEFAULT_MODEL_METRICS : registration.metrics
  const record: ModelPackageRecord = {
    arn: modelPackageArn(region, group, version),
    group,
    version,
    region,
    createdAt,
    approvalStatus: registration.approvalStatus ?? 'PendingManualApproval',
    modelDataUrl: `s3://${bucket}/${prefix}/model.tar.gz`,
    registeredBy: registration.registeredBy
  }
  if (metrics !== null) {
    const text = typeof metrics === 'string' ? metrics : JSON.stringify(metrics)
    const digest =
      registration.digest === 'sha256'
        ? `sha256:${createHash('sha256').update(text).digest('hex')}`
        : registration.digest
    record.modelMetrics = {
      ModelQuality: { Statistics: put('evaluation.json', text, digest) },
      ...(registration.reports && {
        ModelDataQuality: { Statistics: put(REPORTS.dataQuality.file, REPORTS.dataQuality.body) },
        Bias: { Report: put(REPORTS.bias.file, REPORTS.bias.body) },
        Explainability: { Report: put(REPORTS.explainability.file, REPORTS.explainability.body) }
      })
    }
  }
  packages.push(record)
  return record
}

const packageArnPattern = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]*):(\d{12}):([a-z-]*)\/(.+)$/

/**
 * The package a VersionedArnOrName names in the region: an ARN or `<group>/<version>`. A name
 * without a version would be an unversioned package, which the emulator never has.
 */
export function findModelPackage(
  packages: readonly ModelPackageRecord[],
  nameOrArn: string,
  region: string
): ModelPackageRecord | undefined {
  const arn = packageArnPattern.exec(nameOrArn)
  if (arn && (arn[1] !== region || arn[2] !== ACCOUNT_ID || arn[3] !== 'model-package')) {
    return undefined
  }
  const [group, version] = (arn ? (arn[4] as string) : nameOrArn).split('/')
  return packages.find(
    p => p.region === region && p.group === group && String(p.version) === version
  )
}

/** The group an ArnOrName names: a name, or a model-package-group ARN; undefined for another's. */
export function groupNameFrom(nameOrArn: string, region: string): string | undefined {
  const arn = packageArnPattern.exec(nameOrArn)
  if (!arn) return nameOrArn
  const ours = arn[1] === region && arn[2] === ACCOUNT_ID && arn[3] === 'model-package-group'
  return ours ? arn[4] : undefined
}

export const modelPackageSnapshot = (record: ModelPackageRecord): ModelPackageSnapshot => {
  const statistics = record.modelMetrics?.ModelQuality.Statistics
  return {
    arn: record.arn,
    group: record.group,
    version: record.version,
    approvalStatus: record.approvalStatus,
    creationTime: new Date(record.createdAt),
    statistics: statistics && {
      s3Uri: statistics.S3Uri,
      ...(statistics.ContentDigest !== undefined && { contentDigest: statistics.ContentDigest })
    },
    registeredBy: record.registeredBy && { ...record.registeredBy }
  }
}
