import { describe, expect, it } from '@jest/globals'
import type { ModelPackage } from '../../src/model/model-package.js'
import { commitStatus } from '../../src/pr/commit-status.js'
import type { ReportState } from '../../src/pr/report-state.js'

const running: ReportState = {
  pipelineName: 'churn-training',
  region: 'us-east-1',
  executionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training/execution/abc',
  status: 'Executing',
  phase: 'running',
  waiting: true,
  steps: [
    { name: 'Prepare', status: 'Succeeded' },
    { name: 'Split', status: 'Succeeded' },
    { name: 'Train', status: 'Executing' }
  ],
  commit: '3f9c2a1b7e4d5c6f8a9b0c1d2e3f4a5b6c7d8e9f',
  run: { url: 'https://github.com/acme/churn/actions/runs/99', attempt: 1, workflow: 'CI' }
}

const pending: ModelPackage = {
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/8',
  group: 'churn-models',
  version: 8,
  approvalStatus: 'PendingManualApproval',
  reports: []
}

const ended = { ...running, phase: 'ended', waitedMs: 42 * 60_000 } as const

describe('commitStatus', () => {
  it('is one context per pipeline', () => {
    expect(commitStatus(running).context).toBe('sagemaker/churn-training')
  })

  it('is pending while the execution runs, with how far it got', () => {
    expect(commitStatus(running)).toEqual({
      state: 'pending',
      description: 'Executing: 2 steps done, Train running',
      context: 'sagemaker/churn-training'
    })
    expect(commitStatus({ ...running, waiting: false, steps: [] })).toMatchObject({
      state: 'pending',
      description: 'Executing; a later step follows it'
    })
  })

  it('is success once the execution succeeded, with what became of the model', () => {
    expect(commitStatus({ ...ended, status: 'Succeeded' })).toMatchObject({
      state: 'success',
      description: 'Succeeded after 42m0s'
    })
    expect(
      commitStatus({ ...ended, status: 'Succeeded', model: { registered: [pending] } })
    ).toMatchObject({
      state: 'success',
      description: 'Succeeded after 42m0s; model v8 awaits approval'
    })
  })

  it('is failure once the execution failed, naming the step and the first line of its reason', () => {
    const failed: ReportState = {
      ...ended,
      status: 'Failed',
      failureReason: 'Step failure: One or multiple steps failed.',
      steps: [
        { name: 'Prepare', status: 'Succeeded' },
        {
          name: 'Train',
          status: 'Failed',
          failureReason: '\nValueError: Input X contains NaN\nTraceback (most recent call last):'
        }
      ]
    }
    expect(commitStatus(failed)).toMatchObject({
      state: 'failure',
      description: 'Train failed: ValueError: Input X contains NaN'
    })
  })

  it('is failure once the execution was stopped', () => {
    expect(commitStatus({ ...ended, status: 'Stopped' })).toMatchObject({
      state: 'failure',
      description: 'Stopped after 42m0s'
    })
  })

  it('is error when the step stopped waiting or failed, with why', () => {
    expect(
      commitStatus({ ...running, phase: 'stopped-waiting', note: 'The wait-timeout of 2h passed.' })
    ).toMatchObject({ state: 'error', description: 'Executing: The wait-timeout of 2h passed.' })
    expect(
      commitStatus({ ...running, phase: 'error', failureReason: 'ExpiredToken: renew\nmore' })
    ).toMatchObject({ state: 'error', description: 'The step failed: ExpiredToken: renew' })
  })

  it('keeps the description within 140 characters, cut with …, on one line', () => {
    const long = { ...running, phase: 'error', failureReason: `${'x'.repeat(200)}\nnext` } as const
    const { description } = commitStatus(long)
    expect(description).toBe(`The step failed: ${'x'.repeat(122)}…`)
    expect(description).toHaveLength(140)
  })

  it('counts a character outside the BMP as two and never splits it', () => {
    const { description } = commitStatus({
      ...running,
      phase: 'error',
      failureReason: `a${'😀'.repeat(100)}`
    })
    expect(description.length).toBeLessThanOrEqual(140)
    expect(description).toBe(`The step failed: a${'😀'.repeat(60)}…`)
  })
})
