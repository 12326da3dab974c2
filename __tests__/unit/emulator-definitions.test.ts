// Definitions of real-world shapes (emulator-definitions/README.md says whose) deployed to the
// emulator, started and run to the end through the real SDK; and the Condition steps' branches.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand
} from '@aws-sdk/client-sagemaker'
import type { PipelineExecutionStep } from '@aws-sdk/client-sagemaker'
import { loadModel, startEmulator, validateShape } from '../../emulator/index.js'
import type { Emulator } from '../../emulator/index.js'
import { METADATA_MEMBERS } from '../../emulator/step-types.js'

const T0 = Date.parse('2026-04-01T00:00:00Z')
let clock = T0
const token = (label: string): string => label.padEnd(32, '0')

const fixture = (file: string): string =>
  readFileSync(new URL(`./emulator-definitions/${file}`, import.meta.url), 'utf8')

let emu: Emulator
let client: SageMakerClient

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

afterEach(() => {
  expect(emu.violations).toEqual([])
})

async function deploy(name: string, definition: string): Promise<void> {
  await client.send(
    new CreatePipelineCommand({
      PipelineName: name,
      ClientRequestToken: token(`create-${name}`),
      RoleArn: 'arn:aws:iam::123456789012:role/Deployer',
      PipelineDefinition: definition
    })
  )
}

async function start(
  name: string,
  label: string,
  parameters: Array<{ Name: string; Value: string }> = []
): Promise<string> {
  const output = await client.send(
    new StartPipelineExecutionCommand({
      PipelineName: name,
      ClientRequestToken: token(label),
      PipelineParameters: parameters
    })
  )
  return output.PipelineExecutionArn ?? ''
}

/** The execution's status and its steps in run order, once nothing is left to run. */
async function runToEnd(arn: string): Promise<{ status?: string; steps: PipelineExecutionStep[] }> {
  clock += 60_000
  const described = await client.send(
    new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })
  )
  const listed = await client.send(
    new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending' })
  )
  return { status: described.PipelineExecutionStatus, steps: listed.PipelineExecutionSteps ?? [] }
}

const ran = (steps: readonly PipelineExecutionStep[]): string[] =>
  steps.map(s => `${s.StepName}:${s.StepStatus}`)

const succeeded = (...names: string[]): string[] => names.map(n => `${n}:Succeeded`)

describe('the ten kinds of definition', () => {
  it.each([
    [
      'sdk-v2-abalone.json',
      'Succeeded',
      succeeded('AbaloneProcess', 'AbaloneTrain', 'AbaloneEval', 'AbaloneMSECond') // then If
        .concat(succeeded('AbaloneRegisterModel'))
    ],
    ['sdk-v3-lineage.json', 'Succeeded', succeeded('TrainChurn', 'RecordDataset', 'LinkModel')],
    ['emr-serverless.json', 'Succeeded', succeeded('SparkFeatures', 'Train')],
    [
      'endpoint.json',
      'Succeeded',
      succeeded('CreateChurnModel', 'ChurnEndpointConfig', 'ChurnEndpoint')
    ],
    ['inference-component.json', 'Succeeded', succeeded('CreateLlmModel', 'DeployComponent')],
    ['bedrock.json', 'Succeeded', succeeded('ImportToBedrock', 'FineTune', 'Provision', 'Deploy')],
    ['terraform.json', 'Failed', ['Test:Failed']],
    ['airflow-system-test.json', 'Succeeded', succeeded('DummyCond3', 'DummyCond2', 'DummyCond1')],
    ['dynamic-pipeline.json', 'Succeeded', succeeded('prepare-a1b2c3d4', 'TrainPerRegion')],
    [
      'mlops-template-checks.json',
      'Succeeded',
      succeeded('DataQualityCheck', 'Tune', 'BiasGate', 'ModelBiasCheck', 'Notify')
    ]
  ])('accepts %s, and runs it to the end', async (file, status, steps) => {
    await deploy('real', fixture(file))
    const result = await runToEnd(await start('real', 'run'))
    expect(result.status).toBe(status)
    expect(ran(result.steps)).toEqual(steps)
  })

  it('fails a Terraform-style Fail step with its ErrorMessage, again on retry', async () => {
    await deploy('real', fixture('terraform.json'))
    const arn = await start('real', 'run')
    const [step] = (await runToEnd(arn)).steps
    expect(step).toMatchObject({
      FailureReason: 'test',
      Metadata: { Fail: { ErrorMessage: 'test' } }
    })

    await client.send(
      new RetryPipelineExecutionCommand({
        PipelineExecutionArn: arn,
        ClientRequestToken: token('retry')
      })
    )
    const retried = await runToEnd(arn)
    expect(retried.status).toBe('Failed')
    expect(retried.steps.map(s => [s.StepStatus, s.AttemptCount])).toEqual([['Failed', 2]])
  })
})

describe('Condition steps', () => {
  const ABALONE = fixture('sdk-v2-abalone.json')
  const BEFORE = succeeded('AbaloneProcess', 'AbaloneTrain', 'AbaloneEval', 'AbaloneMSECond')

  it('run the IfSteps by default, reporting Outcome True', async () => {
    await deploy('abalone', ABALONE)
    const { status, steps } = await runToEnd(await start('abalone', 'run'))

    expect(status).toBe('Succeeded')
    expect(ran(steps)).toEqual([...BEFORE, 'AbaloneRegisterModel:Succeeded'])
    expect(steps[3]?.Metadata?.Condition).toEqual({ Outcome: 'True' })
    expect(steps[4]?.Metadata?.RegisterModel?.Arn).toBe(
      // The group its arguments name, as SageMaker registers it.
      'arn:aws:sagemaker:us-east-1:123456789012:model-package/AbaloneModelPackageGroupName/1'
    )
  })

  it('run the ElseSteps when a test sets the outcome False: the Fail step fails the run', async () => {
    await deploy('abalone', ABALONE)
    emu.setConditionOutcome('AbaloneMSECond', 'False')
    const { status, steps } = await runToEnd(await start('abalone', 'run'))

    expect(status).toBe('Failed')
    expect(ran(steps)).toEqual([...BEFORE, 'AbaloneMSEFail:Failed'])
    expect(steps[3]?.Metadata?.Condition).toEqual({ Outcome: 'False' })
    // Std:Join of a literal and the MseThreshold parameter's default.
    const message = 'Execution failed due to MSE > 6'
    expect(steps[4]).toMatchObject({
      FailureReason: message,
      Metadata: { Fail: { ErrorMessage: message } }
    })
  })

  it('render the parameters the execution was started with into a Fail message', async () => {
    await deploy('abalone', ABALONE)
    emu.setConditionOutcome('AbaloneMSECond', 'False')
    const arn = await start('abalone', 'run', [{ Name: 'MseThreshold', Value: '4.5' }])
    const { steps } = await runToEnd(arn)
    expect(steps.at(-1)?.Metadata?.Fail?.ErrorMessage).toBe('Execution failed due to MSE > 4.5')
  })

  it('take the outcome set when the execution starts, for the pipeline named', async () => {
    await deploy('abalone', ABALONE)
    await deploy('other', ABALONE)
    emu.setConditionOutcome('AbaloneMSECond', 'False', { pipelineName: 'ABALONE' })
    const first = await start('abalone', 'first')
    const other = await start('other', 'other')
    emu.setConditionOutcome('AbaloneMSECond', 'True')
    const second = await start('abalone', 'second')

    expect((await runToEnd(first)).status).toBe('Failed')
    expect((await runToEnd(other)).status).toBe('Succeeded')
    expect((await runToEnd(second)).status).toBe('Succeeded')
    emu.reset()
    expect(() => emu.setConditionOutcome('Check', 'Maybe' as 'True')).toThrow(
      `A condition outcome is 'True' or 'False', not "Maybe"`
    )
  })

  it('run nested branches, each by its own outcome, and the steps after the condition', async () => {
    const step = (Name: string, Type = 'Processing') => ({ Name, Type, Arguments: {} })
    const condition = (Name: string, IfSteps: object[], ElseSteps: object[]) => ({
      Name,
      Type: 'Condition',
      Arguments: { Conditions: [], IfSteps, ElseSteps }
    })
    await deploy(
      'nested',
      JSON.stringify({
        Version: '2020-12-01',
        Steps: [
          condition(
            'Outer',
            [condition('Inner', [step('InnerIf')], [step('InnerElse')]), step('OuterIf')],
            [step('OuterElse')]
          ),
          step('After')
        ]
      })
    )
    emu.setConditionOutcome('Inner', 'False')
    const { status, steps } = await runToEnd(await start('nested', 'run'))

    expect(status).toBe('Succeeded')
    expect(steps.map(s => s.StepName)).toEqual(['Outer', 'Inner', 'InnerElse', 'OuterIf', 'After'])
    expect(steps.map(s => s.Metadata?.Condition?.Outcome)).toEqual([
      'True',
      'False',
      undefined,
      undefined,
      undefined
    ])
  })
})

describe('step metadata', () => {
  it('names the member of PipelineExecutionStepMetadata for each step type, as the model has it', async () => {
    // Job's step type is not one the emulator knows how to describe; Fail ends the run, so last.
    const types = Object.keys(METADATA_MEMBERS).filter(t => t !== 'Job' && t !== 'Fail')
    const steps = [...types, 'Fail'].map(type => ({ Name: `A${type}`, Type: type, Arguments: {} }))
    await deploy('every', JSON.stringify({ Version: '2020-12-01', Steps: steps }))
    const arn = await start('every', 'run')
    clock += 60_000

    const response = await fetch(emu.endpoint, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'SageMaker.ListPipelineExecutionSteps',
        'Content-Type': 'application/x-amz-json-1.1'
      },
      body: JSON.stringify({ PipelineExecutionArn: arn, SortOrder: 'Ascending', MaxResults: 100 })
    })
    const listed = (await response.json()) as {
      PipelineExecutionSteps: Array<{ StepName: string; Metadata?: object }>
    }
    expect(validateShape(loadModel(), 'ListPipelineExecutionStepsResponse', listed)).toEqual([])
    expect(
      listed.PipelineExecutionSteps.map(s => [s.StepName, Object.keys(s.Metadata ?? {})])
    ).toEqual(
      [...types, 'Fail'].map(type => [
        `A${type}`,
        [METADATA_MEMBERS[type as keyof typeof METADATA_MEMBERS]]
      ])
    )
  })
})

describe('definitions of pipelines from addPipeline, which nothing checks', () => {
  it('run with Parameters, Steps or branches that are not lists', async () => {
    emu.addPipeline({
      name: 'loose',
      definition: JSON.stringify({
        Version: '2020-12-01',
        Parameters: { Name: 'Epochs' },
        Steps: [{ Name: 'Check', Type: 'Condition', Arguments: { IfSteps: { Name: 'X' } } }]
      })
    })
    const { status, steps } = await runToEnd(await start('loose', 'run'))
    expect(status).toBe('Succeeded')
    expect(ran(steps)).toEqual(['Check:Succeeded'])

    emu.addPipeline({ name: 'loose', definition: '{"Steps": {}}' })
    expect((await runToEnd(await start('loose', 'again'))).status).toBe('Succeeded')
  })
})
