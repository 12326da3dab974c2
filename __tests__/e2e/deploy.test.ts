// Deploy and run, end to end: pipeline-definition-file makes the commit's definition a version of
// the pipeline (created, updated or left unchanged) and the execution runs exactly that version,
// told through the emulator's stored pipelines, versions, executions and the requests it received.
import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import {
  DescribePipelineDefinitionForExecutionCommand,
  SageMakerClient
} from '@aws-sdk/client-sagemaker'
import type { Emulator } from '../../emulator/index.js'
import { SHA, commandsOf, type RunResult } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

let emulator: Emulator
const { run } = useAction(started => (emulator = started))

const FILE = 'pipeline.json'
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker-pipeline-execution'
// The harness's default description of a run (src/request.ts), the label of a version it deploys.
const RUN_LINE =
  'Started by GitHub Actions: acme/churn, workflow "Train", run #42, https://github.com/acme/churn/actions/runs/1234567890'
const OTHER_SHA = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567'
const WRITES = ['CreatePipeline', 'UpdatePipeline', 'UpdatePipelineVersion']

/** A definition as the SageMaker Python SDK writes it, with Epochs defaulting to `epochs`. */
function definition(epochs = 5, steps: Array<{ Name: string; Type: string }> = []) {
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [
      { Name: 'Epochs', Type: 'Integer', DefaultValue: epochs },
      { Name: 'DataPath', Type: 'String', DefaultValue: 's3://example-bucket/churn/train.csv' }
    ],
    PipelineExperimentConfig: {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' }
    },
    Steps: [
      { Name: 'Preprocess', Type: 'Processing', Arguments: {} },
      { Name: 'Train', Type: 'Training', Arguments: {} },
      ...steps.map(step => ({ ...step, Arguments: {} }))
    ]
  }
}

const fileOf = (value: unknown) => ({ [FILE]: JSON.stringify(value, null, 2) })

/** The pipeline as deployed before the test, as version 1. */
function deployed(value: unknown = definition(5), roleArn?: string): string {
  return emulator.addPipeline({ name: PIPELINE, definition: JSON.stringify(value), roleArn })
}

/** Runs the step deploying `value` as pipeline.json. */
function deploy(
  value: unknown,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<RunResult> {
  return run({ 'pipeline-definition-file': FILE, ...inputs }, { files: fileOf(value), env })
}

const countOf = (operation: string) => emulator.requestsFor(operation).length
const writesSent = () => WRITES.map(countOf)
const asJson = (text: string | undefined): unknown => JSON.parse(text ?? 'null')

/** The one error of a run, which must be the only one. */
function onlyError(result: RunResult): string {
  const errors = commandsOf(result, 'error')
  expect(errors).toHaveLength(1)
  return errors[0] ?? ''
}

describe('a pipeline that does not exist yet', () => {
  it('is created from the file, labelled, tagged, and its version 1 runs', async () => {
    const result = await deploy(definition(5), {
      'pipeline-role-arn': ROLE,
      'pipeline-tags': 'team: ml\nproject: churn'
    })

    expect(result.code).toBe(0)
    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.outputs).toMatchObject({
      'pipeline-definition-status': 'created',
      'pipeline-version-id': '1',
      'pipeline-arn': expect.stringMatching(
        /^arn:aws:sagemaker:us-east-1:\d{12}:pipeline\/churn-training$/
      ),
      'pipeline-execution-origin': 'started'
    })
    const pipeline = emulator.pipeline(PIPELINE)
    expect(pipeline.tags).toEqual([
      { Key: 'team', Value: 'ml' },
      { Key: 'project', Value: 'churn' }
    ])
    expect(pipeline.versions).toHaveLength(1)
    const [version] = pipeline.versions
    expect(version).toMatchObject({ id: 1, roleArn: ROLE, displayName: SHA, description: RUN_LINE })
    expect(asJson(version?.definition)).toEqual(definition(5))
    const executions = emulator.executions(PIPELINE)
    expect(executions).toHaveLength(1)
    expect(executions[0]?.pipelineVersionId).toBe(1)
    expect(executions[0]?.arn).toBe(result.outputs['pipeline-execution-arn'])
    expect(emulator.requestsFor('StartPipelineExecution')[0]?.body).toMatchObject({
      PipelineVersionId: 1
    })
    expect(result.stdout).toContain(`Created the pipeline from ${FILE}: version 1.`)
  })

  it('is created with a token of the commit: the same on a second run, another for another commit', async () => {
    const createToken = async (sha: string) => {
      emulator.reset()
      const result = await deploy(definition(5), { 'pipeline-role-arn': ROLE }, { GITHUB_SHA: sha })
      expect(result.outputs['pipeline-definition-status']).toBe('created')
      const creates = emulator.requestsFor('CreatePipeline')
      expect(creates).toHaveLength(1)
      return (creates[0]?.body as { ClientRequestToken: string }).ClientRequestToken
    }

    const first = await createToken(SHA)
    const again = await createToken(SHA)
    const other = await createToken(OTHER_SHA)

    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(again).toBe(first)
    expect(other).toMatch(/^[0-9a-f]{64}$/)
    expect(other).not.toBe(first)
    // src/definition/deploy.ts: derivedToken('create-pipeline', commit, pipeline name).
    expect(first).toBe(
      createHash('sha256').update(`create-pipeline\n${SHA}\n${PIPELINE}`).digest('hex')
    )
  })

  it('is created once when two runs of the commit deploy it at the same moment', async () => {
    const [a, b] = await Promise.all([
      deploy(definition(5), { 'pipeline-role-arn': ROLE }),
      deploy(definition(5), { 'pipeline-role-arn': ROLE })
    ])

    expect([a.code, b.code]).toEqual([0, 0])
    expect(emulator.pipelineVersions(PIPELINE)).toHaveLength(1)
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(a.outputs['pipeline-execution-arn']).toBe(b.outputs['pipeline-execution-arn'])
    expect([a.outputs['pipeline-version-id'], b.outputs['pipeline-version-id']]).toEqual(['1', '1'])
  })

  it('is created by one of two commits deploying at the same moment, and updated by the other', async () => {
    const files: Record<string, unknown> = { [SHA]: definition(5), [OTHER_SHA]: definition(10) }

    const results = await Promise.all(
      Object.entries(files).map(([sha, value]) =>
        deploy(value, { 'pipeline-role-arn': ROLE }, { GITHUB_SHA: sha })
      )
    )

    expect(results.map(r => r.code)).toEqual([0, 0])
    expect(results.map(r => r.outputs['pipeline-definition-status']).sort()).toEqual([
      'created',
      'updated'
    ])
    const versions = emulator.pipelineVersions(PIPELINE)
    expect(versions.map(v => v.id)).toEqual([1, 2])
    for (const execution of emulator.executions(PIPELINE)) {
      const version = versions.find(v => v.id === execution.pipelineVersionId)
      expect(version?.displayName).toBe(execution.startToken)
      expect(asJson(version?.definition)).toEqual(files[execution.startToken])
    }
    expect(emulator.executions(PIPELINE)).toHaveLength(2)
  })

  it('is created once when the answer to CreatePipeline is lost and the SDK sends it again', async () => {
    emulator.inject('CreatePipeline', { kind: 'drop', when: 'after' })

    const result = await deploy(definition(5), { 'pipeline-role-arn': ROLE })

    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-definition-status']).toBe('created')
    const tokens = emulator
      .requestsFor('CreatePipeline')
      .map(r => (r.body as { ClientRequestToken: string }).ClientRequestToken)
    expect(tokens).toHaveLength(2)
    expect(tokens[1]).toBe(tokens[0])
    expect(emulator.pipelineVersions(PIPELINE).map(v => [v.id, v.displayName])).toEqual([[1, SHA]])
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([1])
  })

  it('dry run: says it would create it, and sends no write', async () => {
    const result = await deploy(definition(5), { 'pipeline-role-arn': ROLE, 'dry-run': 'true' })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      `Dry run: the pipeline does not exist; it would be created from ${FILE}.`
    )
    expect(writesSent()).toEqual([0, 0, 0])
    expect(countOf('StartPipelineExecution')).toBe(0)
    expect(emulator.hasPipeline(PIPELINE)).toBe(false)
  })

  it('needs pipeline-role-arn: one error, and no CreatePipeline', async () => {
    const result = await deploy(definition(5))

    expect(result.code).toBe(1)
    expect(onlyError(result)).toMatch(/^Input pipeline-role-arn: is required/)
    expect(countOf('CreatePipeline')).toBe(0)
    expect(emulator.hasPipeline(PIPELINE)).toBe(false)
    expect(countOf('StartPipelineExecution')).toBe(0)
  })

  it('is not created from a definition SageMaker rejects, with its words', async () => {
    const result = await deploy(definition(5, [{ Name: 'Deploy', Type: 'Deployment' }]), {
      'pipeline-role-arn': ROLE
    })

    expect(result.code).toBe(1)
    const error = onlyError(result)
    expect(error).toContain(`SageMaker rejected the pipeline definition in ${FILE}`)
    expect(error).toContain("Unknown step type 'Deployment' in step 'Deploy'.")
    expect(emulator.hasPipeline(PIPELINE)).toBe(false)
    expect(countOf('StartPipelineExecution')).toBe(0)
  })
})

describe('a pipeline already deployed', () => {
  it('is updated from a changed file: version 2, labelled, runs, and the change is told', async () => {
    const arn = deployed(definition(5))

    const result = await deploy(definition(10))

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'pipeline-definition-status': 'updated',
      'pipeline-version-id': '2',
      'pipeline-arn': arn
    })
    const versions = emulator.pipelineVersions(PIPELINE)
    expect(versions.map(v => v.id)).toEqual([1, 2])
    expect(versions[1]).toMatchObject({ displayName: SHA, description: RUN_LINE })
    expect(asJson(versions[1]?.definition)).toEqual(definition(10))
    // The role stays the pipeline's when none is given.
    expect(versions[1]?.roleArn).toBe(versions[0]?.roleArn)
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([2])
    expect(countOf('UpdatePipeline')).toBe(1)
    expect(countOf('CreatePipeline')).toBe(0)
    expect(result.stdout).toContain(`Updated the pipeline from ${FILE}: version 2.`)
    expect(result.stdout).toContain('Parameter "Epochs": default 5 → 10')
    expect(result.summary).toContain('Parameter &quot;Epochs&quot;: default 5 → 10')
  })

  it('is left unchanged by a file equal as JSON, in another key order and layout', async () => {
    const arn = deployed(definition(5))
    const value = definition(5)
    // The same value, keys reversed at every level, one line and indented by tabs.
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)])
            )
          : v
    const text = JSON.stringify(reversed(value), null, '\t')
    expect(text).not.toBe(JSON.stringify(value))

    const result = await run({ 'pipeline-definition-file': FILE }, { files: { [FILE]: text } })

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'pipeline-definition-status': 'unchanged',
      'pipeline-version-id': '1',
      'pipeline-arn': arn
    })
    expect(writesSent()).toEqual([0, 0, 0])
    expect(emulator.pipelineVersions(PIPELINE)).toHaveLength(1)
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([1])
    expect(result.stdout).toContain(`${FILE} is unchanged: version 1 already holds it.`)
  })

  it('is left unchanged when pipeline-role-arn is the role it has', async () => {
    deployed(definition(5), ROLE)

    const result = await deploy(definition(5), { 'pipeline-role-arn': ROLE })

    expect(result.outputs['pipeline-definition-status']).toBe('unchanged')
    expect(writesSent()).toEqual([0, 0, 0])
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([1])
  })

  it('is updated when only pipeline-role-arn differs', async () => {
    deployed(definition(5))

    const result = await deploy(definition(5), { 'pipeline-role-arn': ROLE })

    expect(result.outputs['pipeline-definition-status']).toBe('updated')
    expect(emulator.pipelineVersions(PIPELINE).map(v => v.roleArn)).toEqual([
      expect.not.stringMatching(ROLE),
      ROLE
    ])
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([2])
  })

  it('is deployed once by a re-run of the commit, which runs the same execution', async () => {
    deployed(definition(5))

    const first = await deploy(definition(10))
    // "Re-run jobs" a little later: an execution counts as an earlier run's only with a second or
    // two to spare (src/execution.ts), for the Date header is cut to whole seconds.
    await new Promise(resolve => setTimeout(resolve, 2500))
    const again = await deploy(definition(10))

    expect([first.code, again.code]).toEqual([0, 0])
    expect(first.outputs['pipeline-definition-status']).toBe('updated')
    expect(again.outputs).toMatchObject({
      'pipeline-definition-status': 'unchanged',
      'pipeline-version-id': '2',
      'pipeline-execution-origin': 'existing',
      'pipeline-execution-arn': first.outputs['pipeline-execution-arn']
    })
    expect(emulator.pipelineVersions(PIPELINE).map(v => v.id)).toEqual([1, 2])
    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(countOf('UpdatePipeline')).toBe(1)
    expect(countOf('UpdatePipelineVersion')).toBe(1)
  })

  it('is deployed again by a re-run with a regenerated file, and tells the version the execution it gets back runs', async () => {
    deployed(definition(5))
    // The SDK writes the time of generation into the file: the same commit, another definition.
    const generated = (at: string) => ({ ...definition(10), Metadata: { GeneratedAt: at } })

    const first = await deploy(generated('2026-12-07T10:00:00Z'))
    await new Promise(resolve => setTimeout(resolve, 2500))
    const again = await deploy(generated('2026-12-07T10:05:00Z'), { parameters: 'Epochs: 12' })

    expect([first.code, again.code]).toEqual([0, 0])
    expect(first.outputs['pipeline-version-id']).toBe('2')
    expect(emulator.pipelineVersions(PIPELINE).map(v => v.id)).toEqual([1, 2, 3])
    // The token gives back the first run's execution, which runs version 2 with its own parameters.
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([2])
    expect(again.outputs).toMatchObject({
      'pipeline-definition-status': 'updated',
      'pipeline-version-id': '2',
      'pipeline-execution-origin': 'existing',
      'pipeline-execution-arn': first.outputs['pipeline-execution-arn']
    })
    expect(commandsOf(again, 'warning')).toEqual([
      `This commit's execution ${first.outputs['pipeline-execution-arn']} was started by an earlier run and runs pipeline version 2; ${FILE} is now version 3, which this step did not start (the same client request token gives back the earlier execution). To run version 3, push a new commit, or set client-request-token: \${{ github.sha }}-\${{ github.run_attempt }} to start a new execution on each run attempt.`
    ])
    expect(again.summary).toContain(
      '<tr><th>Pipeline version</th><td>2 (the deploy made version 3, which this execution does not run)</td></tr>'
    )
    expect(again.summary).toContain('<h3>Parameters the execution ran with</h3>')
    expect(again.summary).toContain('<tr><td><code>Epochs</code></td><td><code>10</code></td></tr>')
    expect(again.summary).not.toContain('<code>12</code>')
    expect(again.summary).not.toContain('Parameters sent')
  })

  it("is not deployed again by a re-run after another commit's deploy: it finds its own version", async () => {
    deployed(definition(5))

    const first = await deploy(definition(10))
    const other = await deploy(definition(20), {}, { GITHUB_SHA: OTHER_SHA })
    const again = await deploy(definition(10))

    expect([first.code, other.code, again.code]).toEqual([0, 0, 0])
    expect(other.outputs['pipeline-version-id']).toBe('3')
    expect(again.outputs).toMatchObject({
      'pipeline-definition-status': 'unchanged',
      'pipeline-version-id': '2',
      'pipeline-execution-arn': first.outputs['pipeline-execution-arn']
    })
    expect(again.stdout).toContain('which an earlier run of this commit deployed')
    expect(emulator.pipelineVersions(PIPELINE).map(v => v.id)).toEqual([1, 2, 3])
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([2, 3])
  })

  it('runs each commit on its own definition when two commits deploy at the same moment', async () => {
    deployed(definition(5))
    const files: Record<string, unknown> = {
      [SHA]: definition(10),
      [OTHER_SHA]: definition(20, [{ Name: 'Check', Type: 'Condition' }])
    }

    const results = await Promise.all(
      Object.entries(files).map(([sha, value]) => deploy(value, {}, { GITHUB_SHA: sha }))
    )

    expect(results.map(r => [r.code, r.outputs['pipeline-definition-status']])).toEqual([
      [0, 'updated'],
      [0, 'updated']
    ])
    const versions = emulator.pipelineVersions(PIPELINE)
    expect(versions.map(v => v.id)).toEqual([1, 2, 3])
    const executions = emulator.executions(PIPELINE)
    expect(executions).toHaveLength(2)
    const client = new SageMakerClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDE2ETEST', secretAccessKey: 'e2e-secret' }
    })
    try {
      for (const execution of executions) {
        const sha = execution.startToken
        const file = files[sha]
        expect(file).toBeDefined()
        const version = versions.find(v => v.id === execution.pipelineVersionId)
        expect(version?.displayName).toBe(sha)
        expect(asJson(version?.definition)).toEqual(file)
        const ran = await client.send(
          new DescribePipelineDefinitionForExecutionCommand({
            PipelineExecutionArn: execution.arn
          })
        )
        expect(asJson(ran.PipelineDefinition)).toEqual(file)
        const result = results.find(r => r.outputs['pipeline-execution-arn'] === execution.arn)
        expect(result?.outputs['pipeline-version-id']).toBe(String(execution.pipelineVersionId))
      }
    } finally {
      client.destroy()
    }
  })

  it('is not updated to a definition SageMaker rejects, and nothing runs', async () => {
    deployed(definition(5))

    const result = await deploy(definition(5, [{ Name: 'Deploy', Type: 'Deployment' }]))

    expect(result.code).toBe(1)
    const error = onlyError(result)
    expect(error).toMatch(
      /^UpdatePipeline: SageMaker rejected the pipeline definition in pipeline\.json: /
    )
    expect(error).toContain("Unknown step type 'Deployment' in step 'Deploy'.")
    expect(emulator.pipelineVersions(PIPELINE)).toHaveLength(1)
    expect(emulator.executions(PIPELINE)).toHaveLength(0)
  })

  it('explains AccessDenied on UpdatePipeline, without the role', async () => {
    deployed(definition(5))
    emulator.inject('UpdatePipeline', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'Access denied'
    })

    const result = await deploy(definition(10))

    expect(result.code).toBe(1)
    const error = onlyError(result)
    expect(error).toMatch(/^UpdatePipeline: access denied\. Allow sagemaker:UpdatePipeline on /)
    expect(error).not.toContain('iam:PassRole')
    expect(emulator.executions(PIPELINE)).toHaveLength(0)
    expect(countOf('StartPipelineExecution')).toBe(0)
  })

  it('explains AccessDenied on UpdatePipeline, with the role: iam:PassRole too', async () => {
    deployed(definition(5))
    emulator.inject('UpdatePipeline', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'Access denied'
    })

    const result = await deploy(definition(10), { 'pipeline-role-arn': ROLE })

    expect(result.code).toBe(1)
    const error = onlyError(result)
    expect(error).toContain('sagemaker:UpdatePipeline')
    expect(error).toContain(`iam:PassRole on ${ROLE}`)
    expect(emulator.executions(PIPELINE)).toHaveLength(0)
  })

  it('tries UpdatePipeline again after a ConflictException, with one warning', async () => {
    deployed(definition(5))
    emulator.inject('UpdatePipeline', {
      kind: 'error',
      type: 'ConflictException',
      message: 'Pipeline is being updated.'
    })

    const result = await deploy(definition(10))

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'pipeline-definition-status': 'updated',
      'pipeline-version-id': '2'
    })
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringMatching(/ConflictException.*trying again in 1 s/)
    ])
    expect(countOf('UpdatePipeline')).toBe(2)
    expect(emulator.pipelineVersions(PIPELINE)).toHaveLength(2)
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([2])
  })

  it('still runs the new version when it cannot be labelled, with a warning', async () => {
    deployed(definition(5))
    emulator.inject('UpdatePipelineVersion', {
      kind: 'error',
      type: 'AccessDeniedException',
      message: 'Access denied'
    })

    const result = await deploy(definition(10))

    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-definition-status']).toBe('updated')
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringMatching(
        /^Version 2 was deployed but not labelled with the commit.*sagemaker:UpdatePipelineVersion/
      )
    ])
    expect(emulator.pipelineVersions(PIPELINE)[1]?.displayName).toBeUndefined()
    expect(emulator.executions(PIPELINE).map(e => e.pipelineVersionId)).toEqual([2])
  })

  it('dry run: says it would update and what changes, and writes nothing', async () => {
    deployed(definition(5))

    const result = await deploy(definition(10, [{ Name: 'Check', Type: 'Condition' }]), {
      'dry-run': 'true'
    })

    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-execution-status']).toBe('DryRun')
    expect(result.stdout).toContain(
      `Dry run: the pipeline would be updated from ${FILE}, making a new version.`
    )
    expect(result.stdout).toContain('Parameter "Epochs": default 5 → 10')
    expect(result.stdout).toContain('Steps added: "Check"')
    expect(writesSent()).toEqual([0, 0, 0])
    expect(countOf('StartPipelineExecution')).toBe(0)
    expect(emulator.executions(PIPELINE)).toHaveLength(0)
    expect(emulator.pipelineVersions(PIPELINE)).toHaveLength(1)
    expect(result.summary).toContain('Parameter &quot;Epochs&quot;: default 5 → 10')
    expect(result.summary).toContain('Steps added: &quot;Check&quot;')
  })
})

describe('parameters, checked against the file', () => {
  it('rejects a parameter the file does not declare, before any call', async () => {
    deployed(definition(5))

    const result = await deploy(definition(10), { parameters: 'Epoch: 10' })

    expect(result.code).toBe(1)
    expect(onlyError(result)).toMatch(/^Input parameters: "Epoch" is not a parameter/)
    expect(countOf('DescribePipeline')).toBe(0)
    expect(emulator.requests).toHaveLength(0)
    expect(emulator.pipelineVersions(PIPELINE)).toHaveLength(1)
  })

  it('accepts a parameter the file adds, which the deployed version does not have', async () => {
    deployed(definition(5))
    const value = definition(5)
    value.Parameters.push({ Name: 'Region', Type: 'String', DefaultValue: 'eu' })

    const result = await deploy(value, { parameters: 'Region: us' })

    expect(result.code).toBe(0)
    expect(result.outputs['pipeline-definition-status']).toBe('updated')
    expect(result.stdout).toContain('Parameters added: "Region"')
    expect(emulator.executions(PIPELINE)[0]).toMatchObject({
      pipelineVersionId: 2,
      request: { parameters: [{ Name: 'Region', Value: 'us' }] }
    })
  })
})

describe('a definition file that cannot be deployed', () => {
  const bad: Array<[string, Record<string, string>, RegExp]> = [
    [
      'a syntax error, with its line and column',
      { [FILE]: '{\n  "Version": "2020-12-01",\n  "Steps": [}\n' },
      /^Input pipeline-definition-file: pipeline\.json is not valid JSON: .* at line 3, column \d+\.$/
    ],
    [
      'a missing file',
      {},
      /^Input pipeline-definition-file: names \/.*pipeline\.json, which does not exist\./
    ],
    [
      'a file over 1 MiB',
      fileOf({ ...definition(5), Metadata: { Notes: 'x'.repeat(1024 * 1024) } }),
      /^Input pipeline-definition-file: pipeline\.json is \d+ characters long; SageMaker takes a PipelineDefinition of at most \d+ \(1 MiB\)/
    ],
    [
      'no Steps',
      fileOf({ Version: '2020-12-01', Parameters: [] }),
      /^Input pipeline-definition-file: pipeline\.json has no "Steps"/
    ]
  ]

  it.each(bad)('fails on %s with one error and no request', async (_, files, message) => {
    deployed(definition(5))

    const result = await run({ 'pipeline-definition-file': FILE }, { files })

    expect(result.code).toBe(1)
    expect(onlyError(result)).toMatch(message)
    expect(emulator.requests).toHaveLength(0)
  })

  it('is not taken with pipeline-version-id: an input error, no request', async () => {
    deployed(definition(5))

    const result = await deploy(definition(10), { 'pipeline-version-id': '1' })

    expect(result.code).toBe(1)
    expect(onlyError(result)).toMatch(
      /^Input pipeline-version-id: cannot be used with pipeline-definition-file/
    )
    expect(emulator.requests).toHaveLength(0)
  })
})
