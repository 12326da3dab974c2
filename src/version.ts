// Sent in the User-Agent so AWS-side logs (CloudTrail) show which tool started an execution.
// A unit test keeps it equal to package.json's version.
export const ACTION_NAME = 'sagemaker-pipeline-action'
export const ACTION_VERSION = '1.0.0'
