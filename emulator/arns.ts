import { createHash, randomInt } from 'node:crypto'

export const ACCOUNT_ID = '123456789012'

const arnPrefix = (region: string): string => `arn:aws:sagemaker:${region}:${ACCOUNT_ID}`

// The service lower-cases pipeline names in ARNs.
export const pipelineArn = (region: string, name: string): string =>
  `${arnPrefix(region)}:pipeline/${name.toLowerCase()}`

export const executionArn = (region: string, pipelineName: string, id: string): string =>
  `${pipelineArn(region, pipelineName)}/execution/${id}`

export const resourceArn = (region: string, resource: string): string =>
  `${arnPrefix(region)}:${resource}`

const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Execution ids look like the service's: 12 lower-case alphanumerics. */
export function newExecutionId(): string {
  return Array.from({ length: 12 }, () => idAlphabet[randomInt(idAlphabet.length)]).join('')
}

/** Stable short hex id, so job names stay the same on every read of a step. */
export const shortHash = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 10)

const pipelineArnPattern = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:(\d{12}|aws):pipeline\/(.+)$/

/** The pipeline name in a pipeline ARN or plain name; undefined for another account's ARN. */
export function pipelineNameFrom(nameOrArn: string): string | undefined {
  const match = pipelineArnPattern.exec(nameOrArn)
  if (!match) return nameOrArn
  return match[1] === ACCOUNT_ID ? match[2] : undefined
}
