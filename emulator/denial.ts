// IAM's words for a call the role may not make, naming the resource as the call does.
import { ACCOUNT_ID, pipelineArn, resourceArn } from './arns.js'
import type { RecordedRequest, ServiceName } from './types.js'

const PRINCIPAL = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/GitHubActionsRole/GitHubActions`

export function denial(service: ServiceName, recorded: RecordedRequest): string {
  const body = (typeof recorded.body === 'object' && recorded.body) || {}
  const field = (name: string): string => {
    const value = (body as Record<string, unknown>)[name]
    return typeof value === 'string' ? value : ''
  }
  const action = `${service}:${recorded.operation}`
  return `User: ${PRINCIPAL} is not authorized to perform: ${action} on resource: ${resourceOf(service, recorded.region, field)} because no identity-based policy allows the ${action} action`
}

function resourceOf(service: ServiceName, region: string, field: (name: string) => string): string {
  switch (service) {
    case 'logs':
      return `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${field('logGroupName') || field('logGroupIdentifier')}:log-stream:${field('logStreamName')}`
    // S3 quotes its resources.
    case 's3':
      return `"arn:aws:s3:::${field('Bucket')}/${field('Key')}"`
    case 'sagemaker':
      return (
        field('PipelineExecutionArn') ||
        (field('PipelineName').startsWith('arn:')
          ? field('PipelineName')
          : field('PipelineName') && pipelineArn(region, field('PipelineName'))) ||
        packageArn(region, field('ModelPackageName')) ||
        '*'
      )
  }
}

// DescribeModelPackage names its package by ARN or as `<group>/<version>`.
const packageArn = (region: string, name: string): string =>
  name === '' || name.startsWith('arn:') ? name : resourceArn(region, `model-package/${name}`)
