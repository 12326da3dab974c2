// The emulator's model registry and S3: a RegisterModel step registers the next version of its
// group, its metrics object in the local S3, and the real SDK clients read both as the action will.
import { Readable } from 'node:stream'
import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  ListPipelineExecutionStepsCommand,
  paginateListModelPackages,
  SageMakerClient,
  StartPipelineExecutionCommand
} from '@aws-sdk/client-sagemaker'
import type { ListModelPackagesCommandInput, ModelPackageSummary } from '@aws-sdk/client-sagemaker'
import {
  DEFAULT_MODEL_METRICS,
  loadRegistryModel,
  startEmulator,
  validateShape
} from '../../emulator/index.js'
import type { Emulator, StepSpec } from '../../emulator/index.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
let clock = T0
const at = (ms: number): void => {
  clock = T0 + ms
}

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }
const ARN_PREFIX = 'arn:aws:sagemaker:us-east-1:123456789012'
const BUCKET = 'sagemaker-us-east-1-123456789012'
const registryModel = loadRegistryModel()

let emu: Emulator
let sagemaker: SageMakerClient
let s3: S3Client
/** The registry's answers as sent, by operation, for the check against the model's output shapes. */
let answers: Array<{ operation: string; body: unknown }> = []

// Reads each answer's bytes before the SDK parses them, and hands them on unchanged.
function recordAnswers(client: SageMakerClient): void {
  client.middlewareStack.add(
    (next, context) => async args => {
      const result = await next(args)
      const response = result.response as { statusCode: number; body: Readable }
      const chunks: Buffer[] = []
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array))
      const bytes = Buffer.concat(chunks)
      const operation = String(context.commandName).replace(/Command$/, '')
      if (response.statusCode === 200 && Object.hasOwn(registryModel.operations, operation)) {
        answers.push({ operation, body: JSON.parse(bytes.toString('utf8')) })
      }
      response.body = Readable.from([bytes])
      return result
    },
    { step: 'deserialize', priority: 'low' }
  )
}

// Error answers carry the emulator's clock in their Date header, which the SDK takes for clock
// skew and retries; one attempt keeps each call one request, unless a test wants retries.
const s3Client = (maxAttempts = 1): S3Client =>
  new S3Client({ region: 'us-east-1', credentials: CREDENTIALS, maxAttempts })

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock })
  sagemaker = new SageMakerClient({
    region: 'us-east-1',
    endpoint: emu.endpoint,
    credentials: CREDENTIALS,
    maxAttempts: 1
  })
  recordAnswers(sagemaker)
  // Found the way the action will find it: AWS_ENDPOINT_URL_S3.
  process.env.AWS_ENDPOINT_URL_S3 = emu.endpoint
  s3 = s3Client()
})

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_S3
  sagemaker.destroy()
  s3.destroy()
  await emu.close()
})

beforeEach(() => {
  emu.reset()
  answers = []
  at(0)
})

afterEach(() => {
  expect(emu.violations).toEqual([])
  for (const { operation, body } of answers) {
    const shape = registryModel.operations[operation]?.output?.shape as string
    expect([operation, validateShape(registryModel, shape, body)]).toEqual([operation, []])
  }
})

let runs = 0

/** Starts an execution of a pipeline `name` of `steps` at the current time; returns its ARN. */
async function run(steps: StepSpec[], name = 'train'): Promise<string> {
  runs += 1
  emu.addPipeline({ name, steps })
  const started = await sagemaker.send(
    new StartPipelineExecutionCommand({
      PipelineName: name,
      ClientRequestToken: `run-${runs}`.padEnd(32, '0')
    })
  )
  return started.PipelineExecutionArn as string
}

async function registeredArn(executionArn: string, stepName: string): Promise<string | undefined> {
  const listed = await sagemaker.send(
    new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: executionArn })
  )
  return listed.PipelineExecutionSteps?.find(s => s.StepName === stepName)?.Metadata?.RegisterModel
    ?.Arn
}

const describePackage = async (name: string) =>
  sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: name }))

/** Bucket and key of an s3:// URI. */
function location(uri: string | undefined): { Bucket: string; Key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri ?? '')
  if (!match) throw new Error(`Not an S3 URI: ${uri}`)
  return { Bucket: match[1] as string, Key: match[2] as string }
}

async function read(uri: string | undefined, range?: string) {
  const object = await s3.send(new GetObjectCommand({ ...location(uri), Range: range }))
  return { ...object, text: (await object.Body?.transformToString()) ?? '' }
}

// Preprocess 0–1 s, Register 1–3 s.
const PREPROCESS: StepSpec = { name: 'Preprocess', type: 'Processing', durationMs: 1000 }
const REGISTER: StepSpec = { name: 'Register', type: 'RegisterModel', durationMs: 2000 }

describe('RegisterModel steps', () => {
  it('register the next version of their group once they succeed, and name it in their Metadata', async () => {
    const approved = emu.seedModelPackage({
      group: 'churn',
      version: 7,
      approvalStatus: 'Approved'
    })
    expect(approved).toBe(`${ARN_PREFIX}:model-package/churn/7`)
    const arn = await run([PREPROCESS, { ...REGISTER, model: { group: 'churn' } }])

    at(2000)
    expect(await registeredArn(arn, 'Register')).toBeUndefined()
    expect(emu.modelPackages('churn').map(p => p.version)).toEqual([7])

    at(3000)
    const registered = `${ARN_PREFIX}:model-package/churn/8`
    expect(await registeredArn(arn, 'Register')).toBe(registered)
    at(60_000)
    expect(await registeredArn(arn, 'Register')).toBe(registered)
    expect(emu.modelPackages('churn')).toEqual([
      expect.objectContaining({ version: 7, approvalStatus: 'Approved', registeredBy: undefined }),
      {
        arn: registered,
        group: 'churn',
        version: 8,
        approvalStatus: 'PendingManualApproval',
        creationTime: new Date(T0 + 3000),
        statistics: { s3Uri: expect.stringMatching(`^s3://${BUCKET}/train/`) },
        registeredBy: { executionArn: arn, stepName: 'Register', attempt: 1 }
      }
    ])
  })

  it('register nothing when they fail', async () => {
    const arn = await run([{ ...REGISTER, fails: 'ValidationError: no such image' }])
    at(5000)
    expect(await registeredArn(arn, 'Register')).toBeUndefined()
    expect(emu.modelPackages('train-models')).toEqual([])
  })

  it('without a model, register default metrics in <pipeline>-models', async () => {
    const arn = await run([REGISTER], 'churn-training')
    at(3000)
    const registered = await registeredArn(arn, 'Register')
    expect(registered).toBe(`${ARN_PREFIX}:model-package/churn-training-models/1`)
    const described = await describePackage(registered as string)
    const statistics = described.ModelMetrics?.ModelQuality?.Statistics
    expect(statistics?.ContentDigest).toBeUndefined()
    expect(JSON.parse((await read(statistics?.S3Uri)).text)).toEqual(DEFAULT_MODEL_METRICS)
  })
})

describe('DescribeModelPackage', () => {
  it('describes a package by ARN and by group/version, as the registry holds it', async () => {
    const arn = emu.seedModelPackage({ group: 'churn', approvalStatus: 'Approved', reports: true })
    const [byArn, byName] = [await describePackage(arn), await describePackage('churn/1')]
    expect(byName).toEqual({ ...byArn, $metadata: expect.anything() })
    expect(byArn).toMatchObject({
      ModelPackageName: 'churn',
      ModelPackageGroupName: 'churn',
      ModelPackageVersion: 1,
      ModelPackageArn: arn,
      CreationTime: new Date(T0 - 24 * 60 * 60 * 1000),
      ModelPackageStatus: 'Completed',
      ModelApprovalStatus: 'Approved',
      ModelMetrics: {
        ModelQuality: {
          Statistics: {
            ContentType: 'application/json',
            S3Uri: `s3://${BUCKET}/churn/1/evaluation.json`
          }
        },
        ModelDataQuality: { Statistics: { S3Uri: expect.stringMatching(/statistics\.json$/) } },
        Bias: { Report: { S3Uri: expect.stringMatching(/bias-report\.json$/) } },
        Explainability: { Report: { S3Uri: expect.stringMatching(/explainability-report\.json$/) } }
      }
    })
    const bias = await read(byArn.ModelMetrics?.Bias?.Report?.S3Uri)
    expect(JSON.parse(bias.text)).toHaveProperty('post_training_bias_metrics')
  })

  it('answers a package that does not exist with the service words', async () => {
    emu.seedModelPackage({ group: 'churn' })
    for (const [name, arn] of [
      ['churn/2', `${ARN_PREFIX}:model-package/churn/2`],
      [`${ARN_PREFIX}:model-package/other/1`, `${ARN_PREFIX}:model-package/other/1`]
    ]) {
      await expect(describePackage(name as string)).rejects.toMatchObject({
        name: 'ValidationException',
        message: `ModelPackage ${arn} does not exist.`,
        $metadata: { httpStatusCode: 400 }
      })
    }
  })

  it('has no ModelMetrics when metrics are null', async () => {
    const arn = emu.seedModelPackage({ group: 'churn', metrics: null })
    expect((await describePackage(arn)).ModelMetrics).toBeUndefined()
  })

  it('denies as IAM does, when told to', async () => {
    const arn = emu.seedModelPackage({ group: 'churn' })
    emu.inject('DescribeModelPackage', { kind: 'deny' })
    await expect(describePackage(arn)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `sagemaker:DescribeModelPackage on resource: ${arn} because no identity-based policy`
      )
    })
  })
})

describe('ListModelPackages', () => {
  // Versions 1–5 of churn, a day apart from T0; even ones approved; one of another group.
  function seedFive(): void {
    for (let version = 1; version <= 5; version += 1) {
      emu.seedModelPackage({
        group: 'churn',
        approvalStatus: version % 2 === 0 ? 'Approved' : 'Rejected',
        creationTime: T0 + version * 86_400_000
      })
    }
    emu.seedModelPackage({ group: 'fraud', approvalStatus: 'Approved' })
  }

  const versions = (list: { ModelPackageSummaryList?: ModelPackageSummary[] }): string[] =>
    (list.ModelPackageSummaryList ?? []).map(
      p => `${p.ModelPackageGroupName}/${p.ModelPackageVersion}`
    )

  const list = async (input: ListModelPackagesCommandInput) =>
    sagemaker.send(new ListModelPackagesCommand(input))

  it('lists a group oldest first unless told otherwise', async () => {
    seedFive()
    expect(versions(await list({ ModelPackageGroupName: 'churn' }))).toEqual([
      'churn/1',
      'churn/2',
      'churn/3',
      'churn/4',
      'churn/5'
    ])
  })

  it('filters by approval status and sorts newest first: the latest approved package', async () => {
    seedFive()
    const latest = await list({
      ModelPackageGroupName: 'churn',
      ModelApprovalStatus: 'Approved',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 1
    })
    expect(versions(latest)).toEqual(['churn/4'])
    expect(latest.NextToken).toBeDefined()
  })

  it('takes the group as an ARN, and filters by creation time', async () => {
    seedFive()
    const listed = await list({
      ModelPackageGroupName: `${ARN_PREFIX}:model-package-group/churn`,
      CreationTimeAfter: new Date(T0 + 2 * 86_400_000),
      CreationTimeBefore: new Date(T0 + 5 * 86_400_000)
    })
    expect(versions(listed)).toEqual(['churn/3', 'churn/4'])
  })

  it('pages through MaxResults at a time', async () => {
    seedFive()
    const pages: string[][] = []
    for await (const page of paginateListModelPackages(
      { client: sagemaker, pageSize: 2 },
      { ModelPackageGroupName: 'churn' }
    )) {
      pages.push(versions(page))
    }
    expect(pages).toEqual([['churn/1', 'churn/2'], ['churn/3', 'churn/4'], ['churn/5']])
    await expect(
      list({ ModelPackageGroupName: 'churn', NextToken: 'not-a-token' })
    ).rejects.toMatchObject({ name: 'ValidationException' })
  })

  it('lists unversioned packages only, as the docs say, when no group is named', async () => {
    seedFive()
    expect(versions(await list({}))).toEqual([])
    expect(versions(await list({ ModelPackageType: 'Versioned', NameContains: 'FRA' }))).toEqual([
      'fraud/1'
    ])
  })

  it('can be denied', async () => {
    emu.inject('sagemaker:ListModelPackages', { kind: 'deny' })
    await expect(list({ ModelPackageGroupName: 'churn' })).rejects.toMatchObject({
      name: 'AccessDeniedException'
    })
  })
})

describe('GetObject', () => {
  const KEY = 'churn/eval/evaluation.json'
  const BODY = '{"regression_metrics":{"mse":{"value":4.6,"standard_deviation":2.1}}}'

  it('serves a whole object with its headers, path-style', async () => {
    emu.putObject('models', KEY, BODY, { contentType: 'application/json' })
    const object = await read(`s3://models/${KEY}`)
    expect(object).toMatchObject({
      text: BODY,
      ContentType: 'application/json',
      ContentLength: BODY.length,
      ETag: `"${createHash('md5').update(BODY).digest('hex')}"`,
      LastModified: new Date(T0),
      $metadata: { httpStatusCode: 200 }
    })
    const [request] = emu.requestsFor('GetObject')
    expect(request).toMatchObject({ service: 's3', body: { Bucket: 'models', Key: KEY } })
    expect(request?.headers.host).toMatch(/^127\.0\.0\.1:\d+$/)
  })

  it('serves a byte range with 206 and Content-Range, and refuses one past the end', async () => {
    emu.putObject('models', KEY, BODY)
    const head = await read(`s3://models/${KEY}`, 'bytes=0-9')
    expect(head).toMatchObject({
      text: BODY.slice(0, 10),
      ContentRange: `bytes 0-9/${BODY.length}`,
      ContentLength: 10,
      $metadata: { httpStatusCode: 206 }
    })
    expect((await read(`s3://models/${KEY}`, 'bytes=60-1048575')).text).toBe(BODY.slice(60))
    await expect(read(`s3://models/${KEY}`, `bytes=${BODY.length}-`)).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 }
    })
  })

  it('answers NoSuchKey and NoSuchBucket', async () => {
    emu.putObject('models', KEY, BODY)
    await expect(read('s3://models/missing.json')).rejects.toMatchObject({
      name: 'NoSuchKey',
      message: 'The specified key does not exist.',
      $metadata: { httpStatusCode: 404 }
    })
    await expect(read('s3://no-such-bucket/k')).rejects.toMatchObject({
      name: 'NoSuchBucket',
      $metadata: { httpStatusCode: 404 }
    })
  })

  it('denies in S3 XML with IAM wording', async () => {
    emu.putObject('models', KEY, BODY)
    emu.inject('GetObject', { kind: 'deny' })
    const response = await fetch(`${emu.endpoint}/models/${KEY}`)
    expect(response.status).toBe(403)
    expect(response.headers.get('x-amz-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>' +
        'User: arn:aws:sts::123456789012:assumed-role/GitHubActionsRole/GitHubActions is not ' +
        `authorized to perform: s3:GetObject on resource: "arn:aws:s3:::models/${KEY}" because ` +
        'no identity-based policy allows the s3:GetObject action</Message>' +
        `<RequestId>${response.headers.get('x-amz-request-id')}</RequestId></Error>`
    )
    emu.inject('s3:*', { kind: 'deny' })
    await expect(read(`s3://models/${KEY}`)).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 }
    })
  })

  it('throttles with SlowDown, which the SDK retries', async () => {
    emu.putObject('models', KEY, BODY)
    emu.inject('GetObject', { kind: 'throttle' })
    const retrying = s3Client(3)
    try {
      const object = await retrying.send(new GetObjectCommand({ Bucket: 'models', Key: KEY }))
      expect(await object.Body?.transformToString()).toBe(BODY)
      expect(object.$metadata.attempts).toBe(2)
    } finally {
      retrying.destroy()
    }
    expect(emu.requestsFor('GetObject').map(r => [r.fault, r.response])).toEqual([
      ['throttle', { status: 503, errorType: 'SlowDown' }],
      [undefined, { status: 200 }]
    ])
  })

  it('checks the keys a request was signed with, when told to, answering in S3 XML', async () => {
    const strict = await startEmulator({
      now: () => clock,
      credentials: { check: key => (key === CREDENTIALS.accessKeyId ? 'valid' : 'unknown') }
    })
    const client = (accessKeyId: string): S3Client =>
      new S3Client({
        region: 'us-east-1',
        endpoint: strict.endpoint,
        credentials: { accessKeyId, secretAccessKey: 'secret' },
        maxAttempts: 1
      })
    const [known, unknown] = [client(CREDENTIALS.accessKeyId), client('AKIDOTHER')]
    try {
      strict.putObject('models', KEY, BODY)
      const object = await known.send(new GetObjectCommand({ Bucket: 'models', Key: KEY }))
      expect(await object.Body?.transformToString()).toBe(BODY)
      await expect(
        unknown.send(new GetObjectCommand({ Bucket: 'models', Key: KEY }))
      ).rejects.toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } })
      expect(strict.requestsFor('GetObject').map(r => r.accessKeyId)).toEqual([
        CREDENTIALS.accessKeyId,
        'AKIDOTHER'
      ])
    } finally {
      known.destroy()
      unknown.destroy()
      await strict.close()
    }
  })

  it('records a request that breaks the model as a violation, answering InvalidArgument', async () => {
    emu.putObject('models', KEY, BODY)
    const response = await fetch(`${emu.endpoint}/models/${KEY}?x-id=GetObject`, {
      headers: { 'x-amz-checksum-mode': 'DISABLED' }
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('<Code>InvalidArgument</Code>')
    expect(emu.violations).toEqual([
      expect.objectContaining({ operation: 'GetObject', path: 'ChecksumMode', rule: 'enum' })
    ])
    emu.reset()
  })

  it('serves no other S3 operation: a GET of a bucket is NotImplemented, not a broken GetObject', async () => {
    const response = await fetch(`${emu.endpoint}/health`)
    expect(response.status).toBe(501)
    expect(await response.text()).toContain('<Code>NotImplemented</Code>')
    expect(emu.violations).toEqual([])
    expect(emu.requests.at(-1)).toMatchObject({ operation: '', service: 's3' })
  })
})

describe('the metrics a package names', () => {
  const statisticsOf = async (arn: string) =>
    (await describePackage(arn)).ModelMetrics?.ModelQuality?.Statistics

  it('carry the right sha256 digest, or the one a test gives', async () => {
    const metrics = { binary_classification_metrics: { auc: { value: 0.91 } } }
    const right = await statisticsOf(
      emu.seedModelPackage({ group: 'churn', metrics, digest: 'sha256' })
    )
    const body = JSON.stringify(metrics)
    expect(right?.ContentDigest).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`)
    expect((await read(right?.S3Uri)).text).toBe(body)

    const wrong = `sha256:${'0'.repeat(64)}`
    const given = await statisticsOf(emu.seedModelPackage({ group: 'churn', digest: wrong }))
    expect(given?.ContentDigest).toBe(wrong)
  })

  it('are served as given when malformed or oversized', async () => {
    const malformed = await statisticsOf(
      emu.seedModelPackage({ group: 'churn', metrics: '{"mse": ' })
    )
    expect((await read(malformed?.S3Uri)).text).toBe('{"mse": ')

    const big = `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`
    const oversized = await statisticsOf(emu.seedModelPackage({ group: 'churn', metrics: big }))
    const first = await read(oversized?.S3Uri, 'bytes=0-1048575')
    expect(first.ContentLength).toBe(1024 * 1024)
    expect(first.ContentRange).toBe(`bytes 0-1048575/${big.length}`)
  })
})
