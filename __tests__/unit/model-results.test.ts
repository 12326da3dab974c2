// Reading what an execution registered, against a mocked SageMaker and S3: the calls made, the
// package the outputs describe, and failures that are only warnings naming what to allow.
import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  type DescribeModelPackageCommandOutput
} from '@aws-sdk/client-sagemaker'
import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { sdkStreamMixin } from '@smithy/core/serde'
import { Readable } from 'node:stream'
import { createHash } from 'node:crypto'
import { mockClient } from 'aws-sdk-client-mock'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { connect } = await import('../../src/client.js')
const { readModelResults } = await import('../../src/model/model-results.js')
const { parseModelPackageArn } = await import('../../src/model/registry.js')
const { parseS3Uri } = await import('../../src/model/s3-object.js')

const PACKAGES = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn'
const V8 = `${PACKAGES}/8`
const V7 = `${PACKAGES}/7`
const EVALUATION = JSON.stringify({
  regression_metrics: { mse: { value: 4.6, standard_deviation: 2.2 } }
})
const APPROVED_EVALUATION = JSON.stringify({
  regression_metrics: { mse: { value: 5.1, standard_deviation: 2.0 } }
})

const sagemakerMock = mockClient(SageMakerClient)
const s3 = mockClient(S3Client)
let sagemaker: Awaited<ReturnType<typeof connect>>
const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' }

beforeAll(async () => {
  sagemaker = await connect('us-east-1', env, async () => ({
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret'
  }))
})

beforeEach(() => {
  sagemakerMock.reset()
  s3.reset()
  jest.clearAllMocks()
})

const registerStep = (arn = V8, name = 'RegisterModel') => ({
  name,
  type: 'RegisterModel',
  status: 'Succeeded',
  startTime: name === 'RegisterModel' ? '2026-12-07T10:02:00Z' : '2026-12-07T10:01:00Z',
  jobArn: arn
})

function described(
  arn: string,
  status: string,
  key: string,
  digest?: string
): DescribeModelPackageCommandOutput {
  const [, version] = /\/(\d+)$/.exec(arn)!
  return {
    $metadata: {},
    ModelPackageArn: arn,
    ModelPackageName: 'churn',
    ModelPackageGroupName: 'churn',
    ModelPackageVersion: Number(version),
    ModelApprovalStatus: status as 'Approved',
    ModelPackageStatus: 'Completed',
    CreationTime: new Date(),
    ModelPackageStatusDetails: { ValidationStatuses: [] },
    ModelMetrics: {
      ModelQuality: {
        Statistics: {
          ContentType: 'application/json',
          S3Uri: `s3://models/${key}`,
          ...(digest && { ContentDigest: digest })
        }
      },
      Bias: { Report: { ContentType: 'application/json', S3Uri: 's3://models/bias.json' } }
    }
  }
}

const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]))

/** A registry with v8 pending and v7 approved, and both statistics objects. */
function registry(): void {
  sagemakerMock
    .on(DescribeModelPackageCommand, { ModelPackageName: V8 })
    .resolves(described(V8, 'PendingManualApproval', 'v8/evaluation.json'))
    .on(DescribeModelPackageCommand, { ModelPackageName: V7 })
    .resolves(described(V7, 'Approved', 'v7/evaluation.json'))
    .on(ListModelPackagesCommand)
    .resolves({ ModelPackageSummaryList: [summary(V7)] })
  s3.on(GetObjectCommand, { Key: 'v8/evaluation.json' })
    .resolves({
      Body: body(EVALUATION),
      ContentRange: `bytes 0-${EVALUATION.length - 1}/${EVALUATION.length}`
    })
    .on(GetObjectCommand, { Key: 'v7/evaluation.json' })
    .resolves({ Body: body(APPROVED_EVALUATION) })
}

const summary = (arn: string) => ({
  ModelPackageArn: arn,
  CreationTime: new Date(),
  ModelPackageStatus: 'Completed' as const
})

const warnings = () => core.warning.mock.calls.map(([text]) => String(text))

describe('readModelResults', () => {
  it('makes no call when no step registered a package', async () => {
    const results = await readModelResults(
      sagemaker,
      [{ name: 'Train', type: 'Training', status: 'Succeeded' }],
      env
    )
    expect(results).toEqual({ registered: [] })
    expect(sagemakerMock.calls()).toHaveLength(0)
    expect(s3.calls()).toHaveLength(0)
  })

  it("describes the package, reads its metrics and the group's newest approved package's", async () => {
    registry()
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results).toEqual({
      registered: [
        {
          arn: V8,
          step: 'RegisterModel',
          group: 'churn',
          version: 8,
          approvalStatus: 'PendingManualApproval',
          metricsUri: 's3://models/v8/evaluation.json',
          metrics: [{ name: 'regression_metrics.mse', value: 4.6 }],
          metricsLeftOut: 0,
          reports: [{ name: 'Bias report', uri: 's3://models/bias.json' }]
        }
      ],
      approved: expect.objectContaining({
        arn: V7,
        version: 7,
        approvalStatus: 'Approved',
        metrics: [{ name: 'regression_metrics.mse', value: 5.1 }]
      })
    })
    expect(warnings()).toEqual([])
    // Newest first, as the API's default order is the oldest first.
    expect(sagemakerMock.commandCalls(ListModelPackagesCommand)[0]!.args[0].input).toEqual({
      ModelPackageGroupName: 'churn',
      ModelApprovalStatus: 'Approved',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 2
    })
    // Three SageMaker calls and two objects: the budget of a registered model.
    expect(sagemakerMock.calls()).toHaveLength(3)
    expect(s3.commandCalls(GetObjectCommand).map(call => call.args[0].input)).toEqual([
      { Bucket: 'models', Key: 'v8/evaluation.json', Range: 'bytes=0-1048576' },
      { Bucket: 'models', Key: 'v7/evaluation.json', Range: 'bytes=0-1048576' }
    ])
  })

  it('compares with the approved package before it when the pipeline approved its own', async () => {
    registry()
    sagemakerMock
      .on(DescribeModelPackageCommand, { ModelPackageName: V8 })
      .resolves(described(V8, 'Approved', 'v8/evaluation.json'))
      .on(ListModelPackagesCommand)
      .resolves({ ModelPackageSummaryList: [summary(V8), summary(V7)] })
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results.approved?.arn).toBe(V7)
  })

  it('describes every registered package, and reads the metrics of the last to start only', async () => {
    registry()
    const V3 = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-small/3'
    sagemakerMock
      .on(DescribeModelPackageCommand, { ModelPackageName: V3 })
      .resolves(described(V3, 'PendingManualApproval', 'small.json'))
    const results = await readModelResults(
      sagemaker,
      [registerStep(), registerStep(V3, 'RegisterSmall')],
      env
    )
    expect(results.registered.map(p => [p.step, p.arn])).toEqual([
      ['RegisterSmall', V3],
      ['RegisterModel', V8]
    ])
    expect(results.registered[0]).not.toHaveProperty('metrics')
    expect(results.registered[1]!.metrics).toEqual([{ name: 'regression_metrics.mse', value: 4.6 }])
  })

  it('is one warning naming the permission when DescribeModelPackage is denied, and keeps what the ARN says', async () => {
    registry()
    sagemakerMock
      .on(DescribeModelPackageCommand, { ModelPackageName: V8 })
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results.registered).toEqual([
      { arn: V8, step: 'RegisterModel', group: 'churn', version: 8, reports: [] }
    ])
    expect(warnings()).toEqual([
      expect.stringContaining(
        'Allow sagemaker:DescribeModelPackage on arn:aws:sagemaker:us-east-1:ACCOUNT:model-package/churn/*'
      )
    ])
  })

  it('is one warning naming the permission when ListModelPackages is denied', async () => {
    registry()
    sagemakerMock
      .on(ListModelPackagesCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results.approved).toBeUndefined()
    expect(results.registered[0]!.metrics).toHaveLength(1)
    expect(warnings()).toEqual([expect.stringContaining('Allow sagemaker:ListModelPackages on *')])
  })

  it('is one warning naming the object when GetObject is denied', async () => {
    registry()
    s3.on(GetObjectCommand, { Key: 'v8/evaluation.json' }).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'Access Denied'
      })
    )
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results.registered[0]).not.toHaveProperty('metrics')
    expect(results.approved?.metrics).toHaveLength(1)
    expect(warnings()).toEqual([
      expect.stringContaining('Allow s3:GetObject on arn:aws:s3:::models/v8/evaluation.json')
    ])
  })

  it('says a missing object does not exist', async () => {
    registry()
    s3.on(GetObjectCommand, { Key: 'v8/evaluation.json' }).rejects(
      new NoSuchKey({ $metadata: {}, message: 'The specified key does not exist.' })
    )
    await readModelResults(sagemaker, [registerStep()], env)
    expect(warnings()).toEqual([
      'The metrics object s3://models/v8/evaluation.json of ' + `${V8} does not exist (NoSuchKey).`
    ])
  })

  it('refuses an object over 1 MiB, and one whose digest differs', async () => {
    registry()
    s3.on(GetObjectCommand, { Key: 'v8/evaluation.json' }).resolves({
      Body: body('{'.repeat(16)),
      ContentRange: 'bytes 0-1048576/5000000'
    })
    const digest = `sha256:${createHash('sha256').update('something else').digest('hex')}`
    sagemakerMock
      .on(DescribeModelPackageCommand, { ModelPackageName: V7 })
      .resolves(described(V7, 'Approved', 'v7/evaluation.json', digest))
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results.registered[0]).not.toHaveProperty('metrics')
    expect(results.approved).not.toHaveProperty('metrics')
    expect(warnings()).toEqual([
      expect.stringContaining('is not read: it is 5000000 bytes, larger than the 1048576 bytes'),
      expect.stringContaining(`not the ContentDigest the model package names (${digest})`)
    ])
  })

  it('accepts an object whose digest matches, in any case', async () => {
    registry()
    const digest = `SHA256:${createHash('sha256').update(APPROVED_EVALUATION).digest('hex').toUpperCase()}`
    sagemakerMock
      .on(DescribeModelPackageCommand, { ModelPackageName: V7 })
      .resolves(described(V7, 'Approved', 'v7/evaluation.json', digest))
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results.approved?.metrics).toEqual([{ name: 'regression_metrics.mse', value: 5.1 }])
    expect(warnings()).toEqual([])
  })

  it('is one warning for a metrics object that is not JSON', async () => {
    registry()
    s3.on(GetObjectCommand, { Key: 'v8/evaluation.json' }).resolves({ Body: body('mse=4.6') })
    const results = await readModelResults(sagemaker, [registerStep()], env)
    expect(results.registered[0]).not.toHaveProperty('metrics')
    expect(warnings()).toEqual([
      expect.stringMatching(
        /^The metrics object s3:\/\/models\/v8\/evaluation\.json of .* is not JSON/
      )
    ])
  })
})

describe('parseModelPackageArn', () => {
  it.each([
    [V8, { group: 'churn', version: 8 }],
    [
      'arn:aws-cn:sagemaker:cn-north-1:123456789012:model-package/My-Group/12',
      { group: 'My-Group', version: 12 }
    ],
    [
      'arn:aws:sagemaker:us-east-1:123456789012:model-package/unversioned',
      { group: 'unversioned' }
    ],
    ['arn:aws:sagemaker:us-east-1:123456789012:model/churn', undefined]
  ])('%s', (arn, expected) => expect(parseModelPackageArn(arn)).toEqual(expected))
})

describe('parseS3Uri', () => {
  it.each([
    ['s3://bucket/a/b/evaluation.json', { bucket: 'bucket', key: 'a/b/evaluation.json' }],
    ['https://bucket.s3.us-east-1.amazonaws.com/a/b.json', { bucket: 'bucket', key: 'a/b.json' }],
    ['https://s3.us-east-1.amazonaws.com/bucket/a%20b.json', { bucket: 'bucket', key: 'a b.json' }],
    ['s3://bucket/', undefined],
    ['https://example.com/bucket/a.json', undefined],
    ['http://bucket.s3.amazonaws.com/a.json', undefined]
  ])('%s', (uri, expected) => expect(parseS3Uri(uri)).toEqual(expected))
})
