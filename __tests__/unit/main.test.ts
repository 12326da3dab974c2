import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand
} from '@aws-sdk/client-sagemaker'
import { mockClient } from 'aws-sdk-client-mock'
import * as core from '../../__fixtures__/core.js'
import * as github from '../../__fixtures__/github.js'
import { escapeHtml } from '../../src/escape.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training/execution/abc123'
const URL =
  'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/churn-training/executions/abc123'

jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('@actions/github/lib/context.js', () => github)
const { run } = await import('../../src/main.js')
const sagemaker = mockClient(SageMakerClient)

let inputs: Record<string, string>

beforeEach(() => {
  sagemaker.reset()
  sagemaker.on(DescribePipelineCommand).resolves({
    PipelineDefinition: JSON.stringify({
      Version: '2020-12-01',
      Parameters: [{ Name: 'Epochs', Type: 'Integer', DefaultValue: 5 }],
      Steps: [{ Name: 'Train', Type: 'Training' }]
    })
  })
  inputs = { 'pipeline-name': 'churn-training', 'aws-region': 'us-east-1' }
  core.getInput.mockImplementation(name => inputs[name] ?? '')
  // The summary itself is the fixture's; the variable says the runner gave a summary file.
  process.env.GITHUB_STEP_SUMMARY = 'summary.md'
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST'
  process.env.AWS_SECRET_ACCESS_KEY = 'secret'
})

function outputs() {
  return Object.fromEntries(core.setOutput.mock.calls)
}

describe('run', () => {
  it('starts the execution and sets the outputs', async () => {
    inputs.parameters = 'Epochs: 10'
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    sagemaker.on(DescribePipelineExecutionCommand).resolves({
      PipelineExecutionArn: ARN,
      PipelineExecutionStatus: 'Executing',
      PipelineExecutionDisplayName: SHA,
      CreationTime: new Date()
    })

    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(sagemaker.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toEqual({
      PipelineName: 'churn-training',
      PipelineExecutionDisplayName: SHA,
      PipelineExecutionDescription:
        'Started by GitHub Actions: acme/churn, workflow "Train", run #7, https://github.com/acme/churn/actions/runs/99',
      ClientRequestToken: SHA,
      PipelineParameters: [{ Name: 'Epochs', Value: '10' }]
    })
    expect(outputs()).toEqual({
      'pipeline-execution-arn': ARN,
      'pipeline-execution-display-name': SHA,
      'pipeline-execution-origin': 'started',
      'pipeline-execution-status': 'Executing',
      'pipeline-execution-url': URL
    })
    expect(core.info).toHaveBeenCalledWith(`In the SageMaker console: ${URL}`)
    expect(core.notice).not.toHaveBeenCalled()
    expect(core.summary.addRaw.mock.calls[0]?.[0]).toContain(ARN)
    expect(core.summary.addRaw.mock.calls[0]?.[0]).toContain(`<a href="${URL}">`)
    expect(core.summary.addRaw).toHaveBeenCalledTimes(1)
    expect(core.summary.write).toHaveBeenCalledTimes(1)
  })

  it('reports an execution of this commit that had already succeeded, and changes nothing', async () => {
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    sagemaker.on(DescribePipelineExecutionCommand).resolves({
      PipelineExecutionStatus: 'Succeeded',
      CreationTime: new Date(Date.now() - 3_600_000)
    })
    sagemaker.on(ListPipelineExecutionStepsCommand).resolves({
      PipelineExecutionSteps: [{ StepName: 'Train', StepStatus: 'Succeeded' }]
    })

    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.notice).toHaveBeenCalledWith(
      expect.stringContaining('This commit had already started this execution')
    )
    expect(core.notice).toHaveBeenCalledWith(
      expect.stringContaining('client-request-token: ${{ github.sha }}-${{ github.run_attempt }}')
    )
    expect(outputs()).toMatchObject({
      'pipeline-execution-origin': 'existing',
      'pipeline-execution-status': 'Succeeded',
      steps: JSON.stringify([{ name: 'Train', status: 'Succeeded' }])
    })
    expect(sagemaker.commandCalls(RetryPipelineExecutionCommand)).toHaveLength(0)
  })

  it('resumes an execution of this commit that had failed, once per run attempt', async () => {
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    sagemaker.on(DescribePipelineExecutionCommand).resolves({
      PipelineExecutionStatus: 'Failed',
      CreationTime: new Date(Date.now() - 3_600_000)
    })
    sagemaker.on(RetryPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    sagemaker.on(ListPipelineExecutionStepsCommand).resolves({
      PipelineExecutionSteps: [
        { StepName: 'Train', StepStatus: 'Executing' },
        { StepName: 'Prep', StepStatus: 'Succeeded' }
      ]
    })

    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    const [retry] = sagemaker.commandCalls(RetryPipelineExecutionCommand)
    expect(retry?.args[0].input).toEqual({
      PipelineExecutionArn: ARN,
      // printf 'retry\n<SHA>\n99\n3' | sha256sum: the start token, run id and attempt of the fixture.
      ClientRequestToken: '54a50aa992c2c2c821374d6d3ad03e0211e11439c2ce3997c9e31aae6407da62'
    })
    expect(outputs()).toMatchObject({
      'pipeline-execution-origin': 'retried',
      'pipeline-execution-status': 'Executing'
    })
    expect(core.info).toHaveBeenCalledWith('Running again: Train, and the steps after them.')
  })

  it('explains a resume that SageMaker refuses, and how to start afresh', async () => {
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    sagemaker.on(DescribePipelineExecutionCommand).resolves({
      PipelineExecutionStatus: 'Stopped',
      CreationTime: new Date(Date.now() - 3_600_000)
    })
    sagemaker
      .on(RetryPipelineExecutionCommand)
      .rejects(Object.assign(new Error('Only failed executions.'), { name: 'ConflictException' }))

    await run()

    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(
        /^SageMaker would not resume the Stopped execution .*: Only failed executions\. To start a fresh execution instead, set client-request-token: \$\{\{ github\.sha \}\}-\$\{\{ github\.run_attempt \}\}$/
      )
    )
  })

  it('fails on a bad input before any call', async () => {
    inputs.parameters = 'Epochs: [1, 2]'

    await run()

    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed.mock.calls[0]?.[0]).toMatch(/^Input parameters: .* is a list/)
    expect(sagemaker.calls()).toHaveLength(0)
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  describe('a failed step still writes a summary', () => {
    function summary(): string {
      expect(core.summary.addRaw).toHaveBeenCalledTimes(1)
      expect(core.summary.write).toHaveBeenCalledTimes(1)
      return core.summary.addRaw.mock.calls[0]?.[0] ?? ''
    }

    it('for a bad input: the error, escaped, and no request, none having been built', async () => {
      inputs['display-name'] = 'ok'
      inputs['max-parallel-execution-steps'] = '<b>0</b>'

      await run()

      const error = core.setFailed.mock.calls[0]?.[0] as string
      expect(error).toMatch(/^Input max-parallel-execution-steps "<b>0<\/b>"/)
      const html = summary()
      expect(html).toContain('<h2>SageMaker pipeline: the step failed</h2>')
      expect(html).toContain('The step failed before SageMaker returned an execution.')
      expect(html).toContain(`<p>${escapeHtml(error)}</p>`)
      expect(html).not.toContain('<b>0</b>')
      expect(html).not.toContain('<h3>Request</h3>')
    })

    it('for a misspelt parameter: each problem, and the request that would have been sent', async () => {
      inputs.parameters = 'Epoch: 10\nDataPath: s3://b/<x>'

      await run()

      expect(sagemaker.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0)
      const errors = core.setFailed.mock.calls.map(([message]) => String(message))
      expect(errors).toEqual([
        expect.stringContaining('Epoch'),
        expect.stringContaining('DataPath')
      ])
      const html = summary()
      expect(html).toContain('<h2>SageMaker pipeline churn-training: the step failed</h2>')
      for (const error of errors) expect(html).toContain(`<li>${escapeHtml(error)}</li>`)
      expect(html).toContain('<h3>Request</h3>')
      expect(html).toContain('&quot;PipelineName&quot;: &quot;churn-training&quot;')
      expect(html).toContain('s3://b/&lt;x&gt;')
      expect(html).not.toContain('<x>')
    })

    it('for AccessDenied on the start: the fix, and the request', async () => {
      sagemaker
        .on(StartPipelineExecutionCommand)
        .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))

      await run()

      const error = core.setFailed.mock.calls[0]?.[0] as string
      expect(error).toContain('Allow sagemaker:StartPipelineExecution')
      const html = summary()
      expect(html).toContain(`<p>${escapeHtml(error)}</p>`)
      expect(html).toContain('&quot;ClientRequestToken&quot;: &quot;' + SHA + '&quot;')
      expect(html).toContain(
        '<a href="https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/churn-training">churn-training</a>'
      )
    })

    it('for a failure after the start: the execution and its link', async () => {
      sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
      sagemaker.on(DescribePipelineExecutionCommand).resolves({
        PipelineExecutionStatus: 'Stopped',
        CreationTime: new Date(Date.now() - 3_600_000)
      })
      sagemaker
        .on(RetryPipelineExecutionCommand)
        .rejects(Object.assign(new Error('Only failed executions.'), { name: 'ConflictException' }))

      await run()

      const html = summary()
      expect(html).toContain('The step failed after SageMaker returned the execution.')
      expect(html).toContain(`<code>${ARN}</code>`)
      expect(html).toContain(`<a href="${URL}">`)
    })

    it('only where the runner gave a summary file', async () => {
      delete process.env.GITHUB_STEP_SUMMARY
      inputs['pipeline-name'] = ''

      await run()

      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(core.summary.write).not.toHaveBeenCalled()
    })
  })

  it('sets pipeline-execution-origin to dry-run on a dry run', async () => {
    inputs['dry-run'] = 'true'

    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(sagemaker.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0)
    expect(outputs()).toEqual({
      'pipeline-execution-display-name': SHA,
      'pipeline-execution-origin': 'dry-run',
      'pipeline-execution-status': 'DryRun'
    })
  })

  it('explains a pipeline that does not exist', async () => {
    sagemaker
      .on(StartPipelineExecutionCommand)
      .rejects(Object.assign(new Error('Pipeline does not exist'), { name: 'ResourceNotFound' }))

    await run()

    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringContaining('pipeline "churn-training" was not found in us-east-1')
    )
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('keeps the ARN when the status cannot be read', async () => {
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    sagemaker
      .on(DescribePipelineExecutionCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }))

    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining('Allow sagemaker:DescribePipelineExecution')
    )
    expect(outputs()).toEqual({
      'pipeline-execution-arn': ARN,
      'pipeline-execution-display-name': SHA,
      'pipeline-execution-origin': 'started',
      'pipeline-execution-url': URL
    })
  })

  it('writes no summary, and says so under debug, where the runner gave no summary file', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    sagemaker.on(DescribePipelineExecutionCommand).resolves({
      PipelineExecutionStatus: 'Executing',
      CreationTime: new Date()
    })

    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning).not.toHaveBeenCalled()
    expect(core.summary.write).not.toHaveBeenCalled()
    expect(core.debug).toHaveBeenCalledWith('GITHUB_STEP_SUMMARY is not set: no job summary.')
  })

  it('shows the stack only with debug logging', async () => {
    inputs['pipeline-name'] = ''
    await run()
    expect(core.debug).not.toHaveBeenCalled()

    core.isDebug.mockReturnValueOnce(true)
    await run()
    // The stack line by line, so the log shows it as a terminal would, not as one escaped line.
    const lines = core.debug.mock.calls.map(([line]) => line)
    expect(lines[0]).toMatch(/^InputError: Input pipeline-name: is required/)
    expect(lines).toContainEqual(expect.stringMatching(/^ +at parseInputs /))
    expect(lines.filter(line => line.includes('\n'))).toEqual([])
  })

  describe('with wait', () => {
    beforeEach(() => {
      inputs.wait = 'true'
      // A bound on every wait: a bug that misses the end fails the test instead of polling on
      // (and holding jest open) after it.
      inputs['wait-timeout'] = '3s'
      sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN })
    })

    it('sets the final status and the steps, and succeeds', async () => {
      sagemaker.on(DescribePipelineExecutionCommand).resolves({
        PipelineExecutionStatus: 'Succeeded',
        CreationTime: new Date()
      })
      sagemaker.on(ListPipelineExecutionStepsCommand).resolves({
        PipelineExecutionSteps: [
          {
            StepName: 'Train',
            StepStatus: 'Succeeded',
            Metadata: { TrainingJob: { Arn: 'arn:aws:sagemaker:us-east-1:1:training-job/t' } }
          }
        ]
      })

      await run()

      expect(core.setFailed).not.toHaveBeenCalled()
      expect(outputs()).toMatchObject({
        'pipeline-execution-status': 'Succeeded',
        'failure-reason': '',
        steps: JSON.stringify([
          {
            name: 'Train',
            type: 'Training',
            status: 'Succeeded',
            jobArn: 'arn:aws:sagemaker:us-east-1:1:training-job/t'
          }
        ])
      })
      // Saved for the post step while waiting, then cleared.
      expect(core.saveState).toHaveBeenCalledWith('execution-arn', ARN)
      expect(core.saveState).toHaveBeenLastCalledWith('execution-arn', '')
      expect(core.summary.addRaw.mock.calls[0]?.[0]).toContain('<h3>Steps</h3>')
    })

    it('fails with the reason of the execution and of each failed step', async () => {
      sagemaker.on(DescribePipelineExecutionCommand).resolves({
        PipelineExecutionStatus: 'Failed',
        FailureReason: 'Step failure: One or multiple steps failed.',
        CreationTime: new Date()
      })
      sagemaker.on(ListPipelineExecutionStepsCommand).resolves({
        PipelineExecutionSteps: [
          { StepName: 'Prep', StepStatus: 'Succeeded' },
          {
            StepName: 'Train',
            StepStatus: 'Failed',
            FailureReason: 'AlgorithmError: out of memory',
            Metadata: { TrainingJob: { Arn: 'arn:aws:sagemaker:us-east-1:1:training-job/t' } }
          }
        ]
      })

      await run()

      expect(core.setFailed).toHaveBeenCalledWith(
        'The execution failed: Step failure: One or multiple steps failed.\n- Train (Training): AlgorithmError: out of memory'
      )
      expect(outputs()['failure-reason']).toBe('Step failure: One or multiple steps failed.')
    })

    it('fails when the execution was stopped', async () => {
      sagemaker.on(DescribePipelineExecutionCommand).resolves({
        PipelineExecutionStatus: 'Stopped',
        CreationTime: new Date()
      })
      sagemaker.on(ListPipelineExecutionStepsCommand).resolves({ PipelineExecutionSteps: [] })

      await run()

      expect(core.setFailed).toHaveBeenCalledWith(
        expect.stringContaining('The execution was stopped before it ended')
      )
    })
  })
})
