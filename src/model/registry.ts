// The model registry calls the action makes: a package described, and its group's newest
// approved package found. On the SageMaker client, so they cost no new client.
import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  type DescribeModelPackageCommandOutput
} from '@aws-sdk/client-sagemaker'
import type { SageMaker } from '../client.js'

export async function describeModelPackage(
  sagemaker: SageMaker,
  arn: string
): Promise<DescribeModelPackageCommandOutput> {
  return sagemaker.client.send(new DescribeModelPackageCommand({ ModelPackageName: arn }))
}

/**
 * The ARN of the group's newest Approved package other than `except` (the one the execution
 * registered, which a pipeline may approve itself); undefined when there is none. The API lists
 * oldest first unless told otherwise.
 */
export async function newestApprovedPackage(
  sagemaker: SageMaker,
  group: string,
  except: string
): Promise<string | undefined> {
  const { ModelPackageSummaryList = [] } = await sagemaker.client.send(
    new ListModelPackagesCommand({
      ModelPackageGroupName: group,
      ModelApprovalStatus: 'Approved',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      // The newest, and the one before it should the newest be `except`.
      MaxResults: 2
    })
  )
  return ModelPackageSummaryList.map(summary => summary.ModelPackageArn).find(
    arn => arn !== undefined && arn !== except
  )
}

/** `arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/8` -> churn, 8. */
export function parseModelPackageArn(arn: string): { group: string; version?: number } | undefined {
  const [, group = '', version] =
    /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d{12}:model-package\/([^/]+)(?:\/(\d+))?$/.exec(arn) ??
    []
  if (!group) return undefined
  return { group, ...(version !== undefined && { version: Number(version) }) }
}
