// What the execution made: the model packages its RegisterModel steps registered, with their
// approval status and metrics, beside the group's newest approved package. Reading any of it never
// changes the outcome: whatever fails is one warning that names the permission or the object.
import * as core from '@actions/core'
import type { DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker'
import type { SageMaker } from '../client.js'
import { errorName, isAccessDenied, isThrottling } from '../errors.js'
import { oneLine } from '../escape.js'
import { inStartOrder, type StepRecord } from '../steps.js'
import { parseMetrics } from './metrics.js'
import type { ModelPackage, ModelResults } from './model-package.js'
import { describeModelPackage, newestApprovedPackage, parseModelPackageArn } from './registry.js'
import type { ObjectReader } from './s3-object.js'

/**
 * Describes each package the steps registered and reads the last one's metrics and its group's
 * approved package. No call at all when no step registered a package.
 */
export async function readModelResults(
  sagemaker: SageMaker,
  steps: readonly StepRecord[],
  env: NodeJS.ProcessEnv = process.env
): Promise<ModelResults> {
  const registering = inStartOrder(steps).filter(
    step => step.type === 'RegisterModel' && step.jobArn
  )
  if (registering.length === 0) return { registered: [] }
  // A permission denied for two packages, or throttling twice, is still one warning.
  const warnings = new Map<string, string>()
  const warn: Warn = (text, kind = text) => void (warnings.has(kind) || warnings.set(kind, text))

  const registered: ModelPackage[] = []
  const described = new Map<string, DescribeModelPackageCommandOutput>()
  for (const step of registering) {
    const arn = step.jobArn!
    const answer = await describe(sagemaker, arn, warn)
    if (answer) described.set(arn, answer)
    registered.push({ ...packageOf(arn, answer), step: step.name })
  }
  const last = registered.at(-1)!
  const metricsOf = metricsReader(sagemaker, env, warn)
  Object.assign(last, await metricsOf(described.get(last.arn)))

  const approved = last.group ? await findApproved(sagemaker, last, warn) : undefined
  if (approved) Object.assign(approved.package, await metricsOf(approved.described))

  warnings.forEach(warning => core.warning(warning))
  return { registered, ...(approved && { approved: approved.package }) }
}

/** A warning, and what kind of failure it is: one warning a kind. */
type Warn = (text: string, kind?: string) => void

/** What DescribeModelPackage says; without its answer, what the ARN says (group, version). */
function packageOf(arn: string, answer?: DescribeModelPackageCommandOutput): ModelPackage {
  const fromArn = parseModelPackageArn(arn)
  const quality = answer?.ModelMetrics?.ModelQuality?.Statistics
  const reports = [
    ['Data quality statistics', answer?.ModelMetrics?.ModelDataQuality?.Statistics],
    ['Data quality constraints', answer?.ModelMetrics?.ModelDataQuality?.Constraints],
    ['Model quality constraints', answer?.ModelMetrics?.ModelQuality?.Constraints],
    ['Bias report', answer?.ModelMetrics?.Bias?.Report],
    ['Pre-training bias report', answer?.ModelMetrics?.Bias?.PreTrainingReport],
    ['Post-training bias report', answer?.ModelMetrics?.Bias?.PostTrainingReport],
    ['Explainability report', answer?.ModelMetrics?.Explainability?.Report]
  ] as const
  const group = answer?.ModelPackageGroupName ?? fromArn?.group
  const version = answer?.ModelPackageVersion ?? fromArn?.version
  return {
    arn,
    ...(group && { group }),
    ...(version !== undefined && { version }),
    ...(answer?.ModelApprovalStatus && { approvalStatus: answer.ModelApprovalStatus }),
    ...(quality?.S3Uri && { metricsUri: quality.S3Uri }),
    reports: reports.flatMap(([name, source]) =>
      source?.S3Uri ? [{ name, uri: source.S3Uri }] : []
    )
  }
}

async function describe(
  sagemaker: SageMaker,
  arn: string,
  warn: Warn
): Promise<DescribeModelPackageCommandOutput | undefined> {
  try {
    return await describeModelPackage(sagemaker, arn)
  } catch (error) {
    const group = parseModelPackageArn(arn)?.group ?? '*'
    warn(
      ...explainReadFailure(error, `The model package ${arn}`, {
        permission: 'sagemaker:DescribeModelPackage',
        resource: `arn:aws:sagemaker:${sagemaker.region}:ACCOUNT:model-package/${group}/*`,
        service: 'SageMaker'
      })
    )
    return undefined
  }
}

/** The group's newest approved package, described; undefined when none or it cannot be read. */
async function findApproved(
  sagemaker: SageMaker,
  registered: ModelPackage,
  warn: Warn
): Promise<{ package: ModelPackage; described?: DescribeModelPackageCommandOutput } | undefined> {
  let arn: string | undefined
  try {
    arn = await newestApprovedPackage(sagemaker, registered.group!, registered.arn)
  } catch (error) {
    warn(
      ...explainReadFailure(error, `The approved model of group ${registered.group}`, {
        permission: 'sagemaker:ListModelPackages',
        resource: '*',
        service: 'SageMaker'
      })
    )
    return undefined
  }
  if (!arn) return undefined
  const described = await describe(sagemaker, arn, warn)
  return { package: packageOf(arn, described), described }
}

/**
 * Reads packages' statistics from S3, loading the S3 client (a chunk of its own) once, and only
 * when a package names statistics.
 */
function metricsReader(
  sagemaker: SageMaker,
  env: NodeJS.ProcessEnv,
  warn: Warn
): (answer?: DescribeModelPackageCommandOutput) => Promise<PackageMetrics> {
  let reader: Promise<ObjectReader> | undefined
  const ignore = (text: string, kind?: string): PackageMetrics => (warn(text, kind), {})
  return async answer => {
    const source = answer?.ModelMetrics?.ModelQuality?.Statistics
    if (!source?.S3Uri) return {}
    const uri = source.S3Uri
    const what = `The metrics object ${uri} of ${answer?.ModelPackageArn ?? 'the model package'}`
    const s3 = await import('./s3-object.js')
    const location = s3.parseS3Uri(uri)
    if (!location) return ignore(`${what} is not an S3 URI the action can read.`)
    try {
      reader ??= s3.connectS3(sagemaker, env, location.bucket)
      const text = await (await reader).read(location, source.ContentDigest)
      const parsed = parseMetrics(text)
      if ('error' in parsed) return ignore(`${what} ${parsed.error}: no metrics are shown.`)
      return { metrics: parsed.metrics, metricsLeftOut: parsed.leftOut }
    } catch (error) {
      if (error instanceof s3.ObjectError) return ignore(`${what} is not read: ${error.message}.`)
      return ignore(
        ...explainReadFailure(error, what, {
          permission: 's3:GetObject',
          resource: `arn:aws:s3:::${location.bucket}/${location.key}`,
          service: 'S3'
        })
      )
    }
  }
}

type PackageMetrics = Pick<ModelPackage, 'metrics' | 'metricsLeftOut'>

/**
 * Why something could not be read, and for access denied, what to allow; with the kind of failure
 * (a permission denied, a service throttling), so that the same kind twice is one warning.
 */
function explainReadFailure(
  error: unknown,
  what: string,
  { permission, resource, service }: { permission: string; resource: string; service: string }
): [text: string, kind?: string] {
  const said = oneLine((error as Error).message ?? String(error))
  if (isAccessDenied(error))
    return [
      `${what} could not be read: access denied. Allow ${permission} on ${resource} for the role this workflow uses. ${service} said: ${said}`,
      `denied ${permission}`
    ]
  if (isThrottling(error))
    return [
      `${what} could not be read: ${service} kept throttling the requests (${errorName(error)}). ${service} said: ${said}`,
      `throttled ${service}`
    ]
  if (errorName(error) === 'NoSuchKey') return [`${what} does not exist (NoSuchKey).`]
  return [`${what} could not be read (${errorName(error)}): ${said}`]
}
