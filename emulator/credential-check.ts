// How the SageMaker endpoint judges the keys a request was signed with, when a test asks it to.
import { AwsError } from './aws-error.js'
import type { CredentialCheck } from './sts-types.js'

/** The access key of a SigV4 credential scope: `Credential=AKID/20260101/us-east-1/sagemaker/aws4_request`. */
export function accessKeyIdFromAuthorization(
  authorization: string | undefined
): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1]
}

/** The error AWS answers instead of the operation, if the keys do not pass. */
export function credentialError(
  credentials: CredentialCheck,
  accessKeyId: string | undefined,
  sessionToken: string | undefined,
  now: number
): AwsError | undefined {
  if (accessKeyId === undefined) {
    return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token')
  }
  switch (credentials.check(accessKeyId, sessionToken, now)) {
    case 'valid':
      return undefined
    case 'expired':
      return new AwsError(
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    case 'unknown':
      return new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
  }
}
