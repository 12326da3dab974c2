import { describe, expect, it } from '@jest/globals'
import type { Settings } from '../../src/inputs/inputs.js'
import type { RunContext } from '../../src/context.js'
import {
  buildStartRequest,
  commitSha,
  defaultDescription,
  defaultRunName
} from '../../src/request.js'

const SHA = 'a'.repeat(40)
const HEAD = 'b'.repeat(40)

const run: RunContext = {
  sha: SHA,
  eventName: 'push',
  repository: 'acme/churn',
  workflow: 'Train',
  runId: 123456,
  runNumber: 42,
  runAttempt: 1,
  serverUrl: 'https://github.com'
}

const settings: Settings = {
  pipelineName: 'churn-training',
  parameters: [],
  parametersLeftOut: [],
  region: 'us-east-1',
  retryFailed: true,
  validateParameters: true,
  dryRun: false,
  logs: { mode: 'failed', lines: 100 },
  wait: {
    enabled: false,
    stopOnCancel: true,
    stopOnTimeout: true,
    maxPollIntervalMs: 40_000
  }
}

describe('commitSha', () => {
  it('is github.sha on a push', () => {
    expect(commitSha({ ...run, pullRequestHeadSha: HEAD })).toBe(SHA)
  })

  it.each(['pull_request', 'pull_request_target'])('is the head SHA on %s', eventName => {
    expect(commitSha({ ...run, eventName, pullRequestHeadSha: HEAD })).toBe(HEAD)
  })

  it("is the triggering run's commit on workflow_run, not the default branch's tip", () => {
    const triggered = { ...run, eventName: 'workflow_run', triggeringRun: { headSha: HEAD } }
    expect(commitSha(triggered)).toBe(HEAD)
    expect(defaultRunName(triggered)).toBe(HEAD)
  })
})

describe('defaultDescription', () => {
  it('names the repository, workflow, run number and URL on one line', () => {
    expect(defaultDescription(run)).toBe(
      'Started by GitHub Actions: acme/churn, workflow "Train", run #42, https://github.com/acme/churn/actions/runs/123456'
    )
  })

  it('keeps to one line and the length limit whatever the workflow is called', () => {
    const line = defaultDescription({ ...run, workflow: `Two\nlines ${'x'.repeat(4000)}` })
    // The 59 characters before the x's, and 3013 x's: 3072, the most SageMaker takes.
    expect(line).toBe(
      `Started by GitHub Actions: acme/churn, workflow "Two lines ${'x'.repeat(3013)}`
    )
  })

  it('leaves out what the environment does not say', () => {
    expect(
      defaultDescription({ ...run, repository: '', workflow: '', runId: NaN, runNumber: NaN })
    ).toBe('Started by GitHub Actions')
  })
})

describe('defaultRunName', () => {
  it('is the commit alone for pushes, pull requests and other events', () => {
    expect(defaultRunName(run)).toBe(SHA)
    expect(defaultRunName({ ...run, eventName: 'pull_request', pullRequestHeadSha: HEAD })).toBe(
      HEAD
    )
    expect(defaultRunName({ ...run, eventName: 'release' })).toBe(SHA)
  })

  it.each(['schedule', 'workflow_dispatch', 'repository_dispatch'])(
    'is the commit and the run id for %s, the same on every attempt of the run',
    eventName => {
      const name = `${SHA}-run-123456`
      expect(defaultRunName({ ...run, eventName })).toBe(name)
      expect(defaultRunName({ ...run, eventName, runAttempt: 2 })).toBe(name)
      expect(defaultRunName({ ...run, eventName, runId: 123457 })).toBe(`${SHA}-run-123457`)
    }
  )

  it('falls back to the commit when the run id is unknown (a local run)', () => {
    expect(defaultRunName({ ...run, eventName: 'schedule', runId: NaN })).toBe(SHA)
  })

  it('cuts a SHA-256 commit id so that the name fits 82 characters with the run id', () => {
    const sha256 = 'c'.repeat(64)
    const name = defaultRunName({
      ...run,
      sha: sha256,
      eventName: 'schedule',
      runId: 12345678901234
    })
    // 82 = 63 characters of the commit + "-run-" + 14 digits.
    expect(name).toBe(`${'c'.repeat(63)}-run-12345678901234`)
  })
})

describe('buildStartRequest', () => {
  it('names a scheduled run by its commit and run id, in the token and the display name', () => {
    const request = buildStartRequest(settings, { ...run, eventName: 'schedule' })
    expect(request.ClientRequestToken).toBe(`${SHA}-run-123456`)
    expect(request.PipelineExecutionDisplayName).toBe(`${SHA}-run-123456`)
  })

  it('defaults the display name and token to the commit SHA, and describes the run', () => {
    expect(buildStartRequest(settings, run)).toEqual({
      PipelineName: 'churn-training',
      PipelineExecutionDisplayName: SHA,
      PipelineExecutionDescription:
        'Started by GitHub Actions: acme/churn, workflow "Train", run #42, https://github.com/acme/churn/actions/runs/123456',
      ClientRequestToken: SHA
    })
  })

  it('uses the pull request head on pull_request events', () => {
    const request = buildStartRequest(settings, {
      ...run,
      eventName: 'pull_request',
      pullRequestHeadSha: HEAD
    })
    expect(request.ClientRequestToken).toBe(HEAD)
    expect(request.PipelineExecutionDisplayName).toBe(HEAD)
  })

  it('maps every setting to its request field', () => {
    expect(
      buildStartRequest(
        {
          ...settings,
          displayName: 'nightly',
          description: 'Nightly',
          parameters: [{ Name: 'Epochs', Value: '10' }],
          clientRequestToken: 't'.repeat(32),
          maxParallelExecutionSteps: 3,
          selectedSteps: ['Train', 'Evaluate'],
          sourcePipelineExecutionArn:
            'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e',
          pipelineVersionId: 9,
          mlflowExperimentName: 'exp'
        },
        run
      )
    ).toEqual({
      PipelineName: 'churn-training',
      PipelineExecutionDisplayName: 'nightly',
      PipelineExecutionDescription: 'Nightly',
      ClientRequestToken: 't'.repeat(32),
      PipelineParameters: [{ Name: 'Epochs', Value: '10' }],
      ParallelismConfiguration: { MaxParallelExecutionSteps: 3 },
      SelectiveExecutionConfig: {
        SelectedSteps: [{ StepName: 'Train' }, { StepName: 'Evaluate' }],
        SourcePipelineExecutionArn:
          'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/e'
      },
      PipelineVersionId: 9,
      MlflowExperimentName: 'exp'
    })
  })

  it('sends selected steps without a source execution', () => {
    expect(
      buildStartRequest({ ...settings, selectedSteps: ['Train'] }, run).SelectiveExecutionConfig
    ).toEqual({ SelectedSteps: [{ StepName: 'Train' }] })
  })
})
