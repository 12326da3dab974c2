// The emulator's deploy operations (CreatePipeline, UpdatePipeline, UpdatePipelineVersion,
// ListPipelineVersions) and versioned runs, through the real SDK over HTTP.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineDefinitionForExecutionCommand,
  DescribePipelineExecutionCommand,
  ListPipelineParametersForExecutionCommand,
  ListPipelineVersionsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
  UpdatePipelineVersionCommand
} from '@aws-sdk/client-sagemaker'
import type { CreatePipelineCommandInput } from '@aws-sdk/client-sagemaker'
import { loadModel, startEmulator } from '../../emulator/index.js'
import { METADATA_MEMBERS } from '../../emulator/step-types.js'
import type { Emulator } from '../../emulator/index.js'

const T0 = Date.parse('2026-03-01T00:00:00Z')
let clock = T0
const advance = (ms: number): void => {
  clock += ms
}

const token = (label: string): string => label.padEnd(32, '0')
const ROLE = 'arn:aws:iam::123456789012:role/Deployer'
const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/deployed'

const definition = (
  steps: Array<{ Name: string; Type: string }>,
  parameters: Array<{ Name: string; Type: string; DefaultValue?: string }> = []
): string => JSON.stringify({ Version: '2020-12-01', Parameters: parameters, Steps: steps })

const V1 = definition(
  [
    { Name: 'Preprocess', Type: 'Processing' },
    { Name: 'Train', Type: 'Training' }
  ],
  [{ Name: 'DataPath', Type: 'String', DefaultValue: 's3://bucket/v1' }]
)
const V2 = definition(
  [
    { Name: 'Train', Type: 'Training' },
    { Name: 'Register', Type: 'RegisterModel' }
  ],
  [{ Name: 'DataPath', Type: 'String', DefaultValue: 's3://bucket/v2' }]
)

let emu: Emulator
let client: SageMakerClient

/** The error the SDK threw: its name (the error type) and message. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    const { name, message } = error as Error
    return { name, message }
  }
  throw new Error('The call succeeded')
}

const create = (fields: Partial<CreatePipelineCommandInput> = {}) =>
  client.send(
    new CreatePipelineCommand({
      PipelineName: 'deployed',
      ClientRequestToken: token('create'),
      RoleArn: ROLE,
      PipelineDefinition: V1,
      ...fields
    })
  )

const update = (fields: { PipelineDefinition?: string; RoleArn?: string } = {}) =>
  client.send(new UpdatePipelineCommand({ PipelineName: 'deployed', ...fields }))

const describePipeline = (versionId?: number) =>
  client.send(
    new DescribePipelineCommand({ PipelineName: 'deployed', PipelineVersionId: versionId })
  )

const start = async (label: string, versionId?: number): Promise<string> =>
  (
    await client.send(
      new StartPipelineExecutionCommand({
        PipelineName: 'deployed',
        ClientRequestToken: token(label),
        PipelineVersionId: versionId
      })
    )
  ).PipelineExecutionArn ?? ''

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock })
  client = new SageMakerClient({
    region: 'us-east-1',
    endpoint: emu.endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1
  })
})

afterAll(async () => {
  client.destroy()
  await emu.close()
})

beforeEach(() => {
  emu.reset()
  clock = T0
})

// Every request the tests make is one the model allows.
afterEach(() => {
  expect(emu.violations).toEqual([])
})

describe('CreatePipeline', () => {
  it('creates version 1 with the tags, names and settings sent', async () => {
    expect(emu.hasPipeline('deployed')).toBe(false)
    const output = await create({
      PipelineDisplayName: 'Deployed',
      PipelineDescription: 'From the repository',
      Tags: [{ Key: 'team', Value: 'ml' }],
      ParallelismConfiguration: { MaxParallelExecutionSteps: 3 }
    })

    expect(output.PipelineArn).toBe(ARN)
    expect(emu.hasPipeline('deployed')).toBe(true)
    expect(emu.hasPipeline(ARN)).toBe(true)
    expect(emu.pipeline('deployed')).toMatchObject({
      name: 'deployed',
      displayName: 'Deployed',
      description: 'From the repository',
      tags: [{ Key: 'team', Value: 'ml' }],
      parallelismConfiguration: { MaxParallelExecutionSteps: 3 }
    })
    expect(emu.pipelineVersions('deployed')).toEqual([
      { id: 1, definition: V1, roleArn: ROLE, createdAt: new Date(T0) }
    ])
    expect(await describePipeline()).toMatchObject({
      PipelineArn: ARN,
      PipelineName: 'deployed',
      PipelineDisplayName: 'Deployed',
      PipelineDescription: 'From the repository',
      PipelineDefinition: V1,
      RoleArn: ROLE,
      PipelineStatus: 'Active',
      ParallelismConfiguration: { MaxParallelExecutionSteps: 3 },
      CreationTime: new Date(T0)
    })
  })

  it('answers the same ARN for the same token and name, and creates nothing more', async () => {
    await create()
    advance(1000)
    const again = await create({ PipelineDefinition: V2 })

    expect(again.PipelineArn).toBe(ARN)
    expect(emu.pipelineVersions('deployed')).toHaveLength(1)
    expect((await describePipeline()).PipelineDefinition).toBe(V1)
  })

  it('refuses a name that is taken, whether by CreatePipeline or addPipeline', async () => {
    await create()
    emu.addPipeline({ name: 'seeded' })
    const message = (name: string): string =>
      `Pipeline names must be unique within an AWS account and region. Pipeline with name (${name}) already exists.`

    expect(await failure(create({ ClientRequestToken: token('other') }))).toEqual({
      name: 'ValidationException',
      message: message('deployed')
    })
    expect(
      await failure(create({ PipelineName: 'seeded', ClientRequestToken: token('other') }))
    ).toEqual({ name: 'ValidationException', message: message('seeded') })
  })

  it('needs a definition, and does not read one from S3', async () => {
    expect(await failure(create({ PipelineDefinition: undefined }))).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('PipelineDefinition')
    })
    expect(
      await failure(
        create({
          PipelineDefinition: undefined,
          PipelineDefinitionS3Location: { Bucket: 'bucket', ObjectKey: 'pipeline.json' }
        })
      )
    ).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('not supported by the emulator')
    })
    expect(emu.hasPipeline('deployed')).toBe(false)
  })
})

describe('definitions SageMaker rejects', () => {
  const steps = [{ Name: 'Train', Type: 'Training' }]
  it.each([
    ['not JSON', '{"Version": ', 'Expecting start of Json Object'],
    ['a JSON array', '[]', 'Expecting start of Json Object'],
    ['no Version', JSON.stringify({ Steps: steps }), "Missing required member 'Version'"],
    [
      'another Version',
      JSON.stringify({ Version: '2021-01-01', Steps: steps }),
      "Unsupported Version '2021-01-01'; the supported version is '2020-12-01'"
    ],
    ['no Steps', JSON.stringify({ Version: '2020-12-01' }), "Missing required member 'Steps'"],
    [
      'a step without a Name',
      definition([{ Type: 'Training' } as { Name: string; Type: string }]),
      "Missing required member 'Name' in Steps[0]"
    ],
    [
      'a step without a Type',
      definition([{ Name: 'Train' } as { Name: string; Type: string }]),
      "Missing required member 'Type' in step 'Train'"
    ],
    [
      'duplicate step names',
      definition([
        { Name: 'Train', Type: 'Training' },
        { Name: 'Train', Type: 'Processing' }
      ]),
      "Duplicate step name 'Train'"
    ],
    [
      'an unknown step Type',
      definition([{ Name: 'Train', Type: 'Teleport' }]),
      "Unknown step type 'Teleport' in step 'Train'"
    ]
  ])('refuses %s on create and on update', async (_, text, reason) => {
    const expected = {
      name: 'ValidationException',
      message: `Unable to parse pipeline definition. ${reason}.`
    }
    expect(await failure(create({ PipelineDefinition: text }))).toEqual(expected)
    expect(emu.hasPipeline('deployed')).toBe(false)

    await create()
    expect(await failure(update({ PipelineDefinition: text }))).toEqual(expected)
    expect(emu.pipelineVersions('deployed')).toHaveLength(1)
  })
})

describe('step types', () => {
  // Every type SageMaker runs: the SDK's StepTypeEnum (v2 and v3) and the API model's metadata.
  const TYPES = [
    ...['Condition', 'Model', 'Processing', 'RegisterModel', 'Training', 'Transform'],
    ...['Callback', 'Tuning', 'Lambda', 'QualityCheck', 'ClarifyCheck', 'EMR', 'EMRServerless'],
    ...['Fail', 'AutoML', 'EndpointConfig', 'Endpoint', 'InferenceComponent', 'Lineage'],
    ...['BedrockCustomModel', 'BedrockCustomModelDeployment', 'BedrockModelImport'],
    ...['BedrockProvisionedModelThroughput', 'ForEach', 'Job']
  ]

  it.each(TYPES)('accepts a %s step', async type => {
    await create({ PipelineDefinition: definition([{ Name: 'Step', Type: type }]) })
    expect(emu.pipelineVersions('deployed')).toHaveLength(1)
  })

  it("knows a type for every member of the model's PipelineExecutionStepMetadata", () => {
    const shape = loadModel().shapes.PipelineExecutionStepMetadata
    const members = shape?.type === 'structure' ? Object.keys(shape.members) : []
    expect(members.length).toBeGreaterThan(20)
    expect(Object.values(METADATA_MEMBERS).sort()).toEqual(members.sort())
    for (const type of Object.keys(METADATA_MEMBERS)) expect(TYPES).toContain(type)
  })

  it("checks the steps of a Condition's branches as it checks the others", async () => {
    const condition = (branches: Record<string, unknown>) =>
      JSON.stringify({
        Version: '2020-12-01',
        Steps: [
          { Name: 'Train', Type: 'Training' },
          { Name: 'Check', Type: 'Condition', Arguments: { Conditions: [], ...branches } }
        ]
      })
    const rejected = async (branches: Record<string, unknown>) =>
      (await failure(create({ PipelineDefinition: condition(branches) }))).message

    expect(await rejected({ IfSteps: [{ Name: 'Go', Type: 'Teleport' }] })).toBe(
      "Unable to parse pipeline definition. Unknown step type 'Teleport' in step 'Go'."
    )
    expect(await rejected({ ElseSteps: [{ Name: 'Train', Type: 'Fail' }] })).toBe(
      "Unable to parse pipeline definition. Duplicate step name 'Train'."
    )
    expect(await rejected({ IfSteps: [{ Type: 'Fail' }] })).toBe(
      "Unable to parse pipeline definition. Missing required member 'Name' in Steps[1].Arguments.IfSteps[0]."
    )
    expect(await rejected({ IfSteps: {} })).toBe(
      "Unable to parse pipeline definition. Member 'Steps[1].Arguments.IfSteps' must be a Json Array."
    )
    expect(emu.hasPipeline('deployed')).toBe(false)
  })
})

describe('UpdatePipeline', () => {
  it('adds a version each call, keeping the latest definition and role when none is sent', async () => {
    await create()
    advance(1000)
    expect(await update({ PipelineDefinition: V2 })).toEqual(
      expect.objectContaining({ PipelineArn: ARN, PipelineVersionId: 2 })
    )
    advance(1000)
    const third = await update({ RoleArn: 'arn:aws:iam::123456789012:role/Other' })

    expect(third.PipelineVersionId).toBe(3)
    expect(emu.pipelineVersions('deployed')).toEqual([
      { id: 1, definition: V1, roleArn: ROLE, createdAt: new Date(T0) },
      { id: 2, definition: V2, roleArn: ROLE, createdAt: new Date(T0 + 1000) },
      {
        id: 3,
        definition: V2,
        roleArn: 'arn:aws:iam::123456789012:role/Other',
        createdAt: new Date(T0 + 2000)
      }
    ])
    expect((await describePipeline()).LastModifiedTime).toEqual(new Date(T0 + 2000))
  })

  it('answers ResourceNotFound for a pipeline that does not exist', async () => {
    expect(await failure(update({ PipelineDefinition: V2 }))).toMatchObject({
      name: 'ResourceNotFound'
    })
  })

  it('versions a pipeline from addPipeline, keeping the timings of steps of the same name', async () => {
    emu.addPipeline({
      name: 'deployed',
      steps: [
        { name: 'Preprocess', type: 'Processing', durationMs: 5000 },
        { name: 'Train', type: 'Training', durationMs: 20_000 }
      ]
    })
    const { PipelineVersionId } = await update({ PipelineDefinition: V2 })
    const arn = await start('v2', PipelineVersionId)

    // Train keeps its 20 s; Register, new in version 2, takes the default second.
    advance(20_000)
    expect(emu.executions('deployed')[0]?.steps.map(s => `${s.name}:${s.status}`)).toEqual([
      'Train:Succeeded',
      'Register:Starting'
    ])
    advance(1000)
    expect(
      (await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })))
        .PipelineExecutionStatus
    ).toBe('Succeeded')
  })
})

describe('UpdatePipelineVersion', () => {
  it('labels a version, which DescribePipeline and ListPipelineVersions then show', async () => {
    await create()
    await update({ PipelineDefinition: V2 })

    const output = await client.send(
      new UpdatePipelineVersionCommand({
        PipelineArn: ARN,
        PipelineVersionId: 1,
        PipelineVersionDisplayName: 'commit-abc123',
        PipelineVersionDescription: 'Deployed from abc123'
      })
    )

    expect(output).toMatchObject({ PipelineArn: ARN, PipelineVersionId: 1 })
    expect(await describePipeline(1)).toMatchObject({
      PipelineVersionDisplayName: 'commit-abc123',
      PipelineVersionDescription: 'Deployed from abc123'
    })
    expect((await describePipeline()).PipelineVersionDisplayName).toBeUndefined()
    expect(emu.pipelineVersions('deployed')[0]).toMatchObject({
      displayName: 'commit-abc123',
      description: 'Deployed from abc123'
    })
  })

  it('answers ResourceNotFound for a version the pipeline does not have', async () => {
    await create()
    expect(
      await failure(
        client.send(
          new UpdatePipelineVersionCommand({
            PipelineArn: ARN,
            PipelineVersionId: 2,
            PipelineVersionDisplayName: 'nope'
          })
        )
      )
    ).toMatchObject({ name: 'ResourceNotFound' })
  })
})

describe('ListPipelineVersions', () => {
  const list = (fields: Record<string, unknown> = {}) =>
    client.send(new ListPipelineVersionsCommand({ PipelineName: 'deployed', ...fields }))

  beforeEach(async () => {
    await create()
    for (let i = 0; i < 11; i++) {
      advance(1000)
      await update()
    }
  })

  it('lists newest first, ten a page, with the last execution of each version', async () => {
    const arn = await start('run', 12)

    const first = await list()
    expect(first.PipelineVersionSummaries?.map(v => v.PipelineVersionId)).toEqual([
      12, 11, 10, 9, 8, 7, 6, 5, 4, 3
    ])
    expect(first.PipelineVersionSummaries?.[0]).toEqual({
      PipelineArn: ARN,
      PipelineVersionId: 12,
      CreationTime: new Date(T0 + 11_000),
      LastExecutionPipelineExecutionArn: arn
    })
    const second = await list({ NextToken: first.NextToken })
    expect(second.PipelineVersionSummaries?.map(v => v.PipelineVersionId)).toEqual([2, 1])
    expect(second.NextToken).toBeUndefined()
  })

  it('sorts ascending, filters by creation time and pages by MaxResults', async () => {
    const output = await list({
      SortOrder: 'Ascending',
      CreatedAfter: new Date(T0 + 1000),
      CreatedBefore: new Date(T0 + 6000),
      MaxResults: 3
    })
    expect(output.PipelineVersionSummaries?.map(v => v.PipelineVersionId)).toEqual([3, 4, 5])
    const rest = await list({
      SortOrder: 'Ascending',
      CreatedAfter: new Date(T0 + 1000),
      CreatedBefore: new Date(T0 + 6000),
      MaxResults: 3,
      NextToken: output.NextToken
    })
    expect(rest.PipelineVersionSummaries?.map(v => v.PipelineVersionId)).toEqual([6])
  })

  it('answers ResourceNotFound for a pipeline that does not exist', async () => {
    expect(await failure(list({ PipelineName: 'missing' }))).toMatchObject({
      name: 'ResourceNotFound'
    })
  })
})

describe('runs of a version', () => {
  beforeEach(async () => {
    await create()
    advance(1000)
    await update({ PipelineDefinition: V2 })
  })

  it('describes the version asked for, and the latest without one', async () => {
    expect((await describePipeline(1)).PipelineDefinition).toBe(V1)
    expect((await describePipeline(2)).PipelineDefinition).toBe(V2)
    expect((await describePipeline()).PipelineDefinition).toBe(V2)
    expect(await failure(describePipeline(3))).toMatchObject({ name: 'ResourceNotFound' })
  })

  it('starts the version asked for and remembers it', async () => {
    const arn = await start('v1', 1)
    const execution = await client.send(
      new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })
    )
    const forExecution = await client.send(
      new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: arn })
    )
    const parameters = await client.send(
      new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: arn })
    )

    expect(execution.PipelineVersionId).toBe(1)
    expect(forExecution.PipelineDefinition).toBe(V1)
    expect(parameters.PipelineParameters).toEqual([{ Name: 'DataPath', Value: 's3://bucket/v1' }])
    expect(emu.executions('deployed')[0]).toMatchObject({ pipelineVersionId: 1 })
    expect(emu.pipelineVersions('deployed').map(v => v.lastExecutionArn)).toEqual([arn, undefined])
    advance(5000)
    expect(emu.executions('deployed')[0]?.steps.map(s => s.name)).toEqual(['Preprocess', 'Train'])
  })

  it('starts the latest version without an id, and the same execution for the same token', async () => {
    const arn = await start('latest')
    advance(1000)
    await update({ PipelineDefinition: V1 })

    expect(await start('latest')).toBe(arn)
    const forExecution = await client.send(
      new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: arn })
    )
    expect(forExecution.PipelineDefinition).toBe(V2)
    expect(
      (await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })))
        .PipelineVersionId
    ).toBe(2)
    expect(emu.executions('deployed')).toHaveLength(1)
  })

  it('answers ResourceNotFound for a version the pipeline does not have', async () => {
    expect(await failure(start('missing', 7))).toMatchObject({ name: 'ResourceNotFound' })
    expect(emu.executions('deployed')).toEqual([])
  })
})

describe('version ids of a pipeline from addPipeline', () => {
  it('runs the latest version for an id it never had, as before versions existed', async () => {
    emu.addPipeline({ name: 'deployed', definition: V1 })
    const arn = await start('unknown', 3)

    expect((await describePipeline(3)).PipelineDefinition).toBe(V1)
    expect(
      (await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })))
        .PipelineVersionId
    ).toBe(3)
  })

  it('answers ResourceNotFound for it when strictVersions is set', async () => {
    emu.addPipeline({ name: 'deployed', definition: V1, strictVersions: true })

    expect(await failure(start('unknown', 3))).toMatchObject({ name: 'ResourceNotFound' })
    expect(await failure(describePipeline(3))).toMatchObject({ name: 'ResourceNotFound' })
  })
})

describe('faults on the deploy operations', () => {
  it('answers an injected error instead of updating', async () => {
    await create()
    emu.inject('UpdatePipeline', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'not allowed to sagemaker:UpdatePipeline'
    })

    expect(await failure(update({ PipelineDefinition: V2 }))).toEqual({
      name: 'AccessDeniedException',
      message: 'not allowed to sagemaker:UpdatePipeline'
    })
    expect(emu.pipelineVersions('deployed')).toHaveLength(1)
    expect((await update({ PipelineDefinition: V2 })).PipelineVersionId).toBe(2)
  })

  it('answers ConflictException once, then creates', async () => {
    emu.inject('CreatePipeline', { kind: 'error', type: 'ConflictException', times: 1 })

    expect(await failure(create())).toMatchObject({ name: 'ConflictException' })
    expect(emu.hasPipeline('deployed')).toBe(false)
    expect((await create()).PipelineArn).toBe(ARN)
    expect(emu.requestsFor('CreatePipeline').map(r => r.response?.status)).toEqual([400, 200])
  })
})
