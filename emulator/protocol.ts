// AWS JSON 1.1 wire details: targets, credential scopes, timestamps and dates.

/** `SageMaker.StartPipelineExecution` → `StartPipelineExecution`; '' when absent or another service. */
export function operationFromTarget(target: string, prefix: string): string {
  if (!target.startsWith(`${prefix}.`)) return ''
  return target.slice(prefix.length + 1)
}

/** The region of a SigV4 credential scope: `Credential=AKID/20260101/us-east-1/sagemaker/aws4_request`. */
export function regionFromAuthorization(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1]
}

/** Timestamps go over the wire as (fractional) epoch seconds. */
export const epochSeconds = (ms: number): number => ms / 1000

/** RFC 1123, as in HTTP `Date` headers. */
export const httpDate = (ms: number): string => new Date(ms).toUTCString()
