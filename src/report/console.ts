// Links to a pipeline, its executions and what its steps made in the SageMaker console, to a job's
// log stream in the CloudWatch console and to an S3 object. Each partition has a console of
// its own (an aws-cn or aws-us-gov account cannot sign in to console.aws.amazon.com), and the
// regional host opens the console in the pipeline's region. Pure.
import { parseExecutionArn } from '../execution.js'

const CONSOLE_HOSTS = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com'
} as const

type Partition = keyof typeof CONSOLE_HOSTS

interface ConsoleLinks {
  pipeline: string
  execution: string
}

/**
 * The partition a region belongs to. The isolated partitions (us-iso-east-1, eu-isoe-west-1 ...)
 * have consoles on private networks a link from GitHub cannot reach: none.
 */
function partitionOf(region: string): Partition | undefined {
  if (/^[a-z]{2}-iso[a-z]?-/.test(region)) return undefined
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

/** The pipeline's page in the SageMaker console; pipelineName may be the pipeline's ARN. */
export function pipelineConsoleUrl(region: string, pipelineName: string): string | undefined {
  const home = sagemakerHome(region)
  return home && `${home}#/pipelines/${encodeURIComponent(nameOf(pipelineName))}`
}

/**
 * The pipeline's and the execution's pages, from the execution's ARN, which names the region, the
 * pipeline and the execution's ID. ARNs hold the pipeline's name in lower case: the name as the
 * user gave it, when it is the same name, keeps the case the console shows.
 */
export function executionConsoleLinks(
  executionArn: string,
  pipelineName?: string
): ConsoleLinks | undefined {
  const parsed = parseExecutionArn(executionArn)
  if (!parsed) return undefined
  const { region, pipelineName: nameInArn, executionId } = parsed
  const given = pipelineName === undefined ? undefined : nameOf(pipelineName)
  const name = given?.toLowerCase() === nameInArn.toLowerCase() ? given : nameInArn
  const pipeline = pipelineConsoleUrl(region, name)
  if (!pipeline) return undefined
  return { pipeline, execution: `${pipeline}/executions/${encodeURIComponent(executionId)}` }
}

/** Where each kind of job has its page in the SageMaker console. */
const JOB_PAGES: Readonly<Record<string, string>> = {
  'training-job': 'jobs',
  'processing-job': 'processing-jobs',
  'transform-job': 'transform-jobs',
  'hyper-parameter-tuning-job': 'hyper-tuning-jobs',
  // What Model, EndpointConfig and Endpoint steps make, in the same table of the steps' ARNs.
  model: 'models',
  endpoint: 'endpoints',
  'endpoint-config': 'endpointConfig'
}

/** A job's (or model's, endpoint's) page in the SageMaker console, from its ARN; none for others. */
export function jobConsoleUrl(jobArn: string): string | undefined {
  const [, region = '', kind = '', name = ''] =
    /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):\d{12}:([a-z-]+)\/([^/]+)$/.exec(jobArn) ?? []
  const page = JOB_PAGES[kind]
  const home = page && sagemakerHome(region)
  return home ? `${home}#/${page}/${encodeURIComponent(name)}` : undefined
}

/**
 * A log stream's page in the CloudWatch console, whose fragment escapes a path's characters as
 * `$25` plus their percent code (`/` is `$252F`).
 */
export function logStreamConsoleUrl(
  region: string,
  group: string,
  stream: string
): string | undefined {
  const partition = partitionOf(region)
  if (!partition || !/^[a-z0-9-]+$/.test(region)) return undefined
  const part = (text: string) => encodeURIComponent(text).replace(/%/g, '$25')
  return `https://${region}.${CONSOLE_HOSTS[partition]}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${part(group)}/log-events/${part(stream)}`
}

/**
 * An S3 object's page in the S3 console, from its `s3://bucket/key` URI; a key ending in `/` (a
 * report folder) opens the folder. In the aws partition the S3 console has a global host of its
 * own. The region is the execution's: the pipeline's buckets are in it as a rule.
 */
export function s3ConsoleUrl(region: string, uri: string): string | undefined {
  const partition = partitionOf(region)
  // Bucket names are lower-case letters, digits, dots and hyphens; anything else is no bucket.
  const [, bucket = '', key = ''] = /^s3:\/\/([a-z0-9.-]{3,63})(?:\/(.*))?$/s.exec(uri) ?? []
  if (!partition || !bucket || !/^[a-z0-9-]+$/.test(region)) return undefined
  const host = partition === 'aws' ? `s3.${CONSOLE_HOSTS.aws}` : CONSOLE_HOSTS[partition]
  const page = key === '' || key.endsWith('/') ? 'buckets' : 'object'
  const prefix = key === '' ? '' : `&prefix=${encodeURIComponent(key)}`
  return `https://${host}/s3/${page}/${bucket}?region=${region}${prefix}`
}

function sagemakerHome(region: string): string | undefined {
  const partition = partitionOf(region)
  if (!partition || !/^[a-z0-9-]+$/.test(region)) return undefined
  return `https://${region}.${CONSOLE_HOSTS[partition]}/sagemaker/home?region=${region}`
}

/** The name part of a pipeline ARN; a name is returned as it is. */
function nameOf(pipelineName: string): string {
  return (
    /^arn:[^:]*:sagemaker:[^:]*:[^:]*:pipeline\/([^/]+)/.exec(pipelineName)?.[1] ?? pipelineName
  )
}
