// What the pipeline made, end to end: the package a RegisterModel step registered, its approval
// status and metrics beside the group's approved package's, read by dist/index.js from the local
// endpoint's model registry and S3, as outputs and in the summary; and whatever cannot be read,
// which changes nothing but a warning.
import { describe, expect, it } from '@jest/globals'
import type { Emulator, StepSpec } from '../../emulator/index.js'
import { commandsOf, decodeHtml, type RunResult } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

let emulator: Emulator
const { run } = useAction(started => (emulator = started))

const FAST = { wait: 'true', 'max-poll-interval': '1s' }
const GROUP = 'churn'
const PACKAGES = `arn:aws:sagemaker:us-east-1:123456789012:model-package/${GROUP}`
const EVALUATION = {
  regression_metrics: {
    mse: { value: 4.6, standard_deviation: 2.2 },
    rmse: { value: 2.14, standard_deviation: 0.4 }
  }
}
const APPROVED_EVALUATION = {
  regression_metrics: {
    mse: { value: 5.1, standard_deviation: 2.0 },
    rmse: { value: 2.26, standard_deviation: 0.5 }
  }
}
const REGISTRY_CALLS = ['DescribeModelPackage', 'ListModelPackages', 'GetObject']

function pipeline(register: Array<Partial<StepSpec>> = [{}]): void {
  emulator.addPipeline({
    name: PIPELINE,
    steps: [
      { name: 'Train', type: 'Training', durationMs: 500 },
      ...register.map((spec, i) => ({
        name: i === 0 ? 'RegisterModel' : `RegisterModel${i + 1}`,
        type: 'RegisterModel',
        durationMs: 300,
        model: { group: GROUP, metrics: EVALUATION },
        ...spec
      }))
    ]
  })
}

/** The group's history: versions 1 to 7, the 7th approved, so the run registers version 8. */
function approvedSeven(metrics: object | string = APPROVED_EVALUATION): void {
  for (let version = 1; version <= 6; version++)
    emulator.seedModelPackage({ group: GROUP, version, approvalStatus: 'Rejected' })
  emulator.seedModelPackage({ group: GROUP, version: 7, approvalStatus: 'Approved', metrics })
}

const registryCalls = () => REGISTRY_CALLS.map(operation => emulator.requestsFor(operation).length)

/** What a succeeded run gives whatever the registry does: code 0, no error, the status. */
function expectSucceeded(result: RunResult): void {
  expect(commandsOf(result, 'error')).toEqual([])
  expect(result.code).toBe(0)
  expect(result.outputs['pipeline-execution-status']).toBe('Succeeded')
}

const text = (result: RunResult) => decodeHtml(result.summary.replace(/<[^>]+>/g, ' '))

describe('a succeeded run that registered a model', () => {
  it("sets the outputs, and the summary leads with the model beside the approved one's", async () => {
    pipeline()
    approvedSeven()
    const result = await run(FAST)
    expectSucceeded(result)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(result.outputs).toMatchObject({
      'model-package-arn': `${PACKAGES}/8`,
      'model-package-version': '8',
      'model-approval-status': 'PendingManualApproval',
      'approved-model-package-arn': `${PACKAGES}/7`
    })
    expect(JSON.parse(result.outputs['model-metrics']!)).toEqual({
      'regression_metrics.mse': 4.6,
      'regression_metrics.rmse': 2.14
    })
    expect(JSON.parse(result.outputs['approved-model-metrics']!)).toEqual({
      'regression_metrics.mse': 5.1,
      'regression_metrics.rmse': 2.26
    })
    // First after the outcome: the model, not the details.
    const summary = result.summary
    expect(summary.indexOf('<h3>Model</h3>')).toBeGreaterThan(-1)
    expect(summary.indexOf('<h3>Model</h3>')).toBeLessThan(summary.indexOf('<table'))
    // The command to approve it, continued over lines as a shell reads it.
    expect(text(result).replace(/\s*\\\n\s*/g, ' ')).toContain(
      `aws sagemaker update-model-package --model-package-arn ${PACKAGES}/8 --model-approval-status Approved --region us-east-1`
    )
    // Each metric beside the approved package's, and the difference, under their group's name.
    expect(text(result)).toMatch(
      /Metric \( regression_metrics \)\s+This model \(v8\)\s+Approved \(v7\)/
    )
    expect(text(result)).toMatch(/mse\s+4\.6\s+5\.1\s+−0\.5\s/)
    expect(text(result)).toMatch(/rmse\s+2\.14\s+2\.26\s+−0\.12\s/)
    // Describe the new and the approved package, list the approved, read both statistics.
    expect(registryCalls()).toEqual([2, 1, 2])
    expect(emulator.requestsFor('ListModelPackages')[0]!.body).toEqual({
      ModelPackageGroupName: GROUP,
      ModelApprovalStatus: 'Approved',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 2
    })
  })

  it('describes the last of two packages in the outputs, and both in the summary', async () => {
    pipeline([{}, { model: { group: 'churn-small', metrics: { accuracy: { value: 0.8 } } } }])
    approvedSeven()
    const result = await run(FAST)
    expectSucceeded(result)
    expect(result.outputs['model-package-arn']).toBe(
      'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-small/1'
    )
    expect(JSON.parse(result.outputs['model-metrics']!)).toEqual({ accuracy: 0.8 })
    // churn-small has no approved package.
    expect(result.outputs['approved-model-package-arn']).toBe('')
    expect(result.outputs['approved-model-metrics']).toBe('')
    expect(text(result)).toContain(`${PACKAGES}/8`)
    expect(text(result)).toContain('churn-small')
  })

  it('says no package is approved, and leaves the approved outputs empty', async () => {
    pipeline()
    const result = await run(FAST)
    expectSucceeded(result)
    expect(result.outputs['model-package-version']).toBe('1')
    expect(result.outputs['approved-model-package-arn']).toBe('')
    expect(result.outputs['approved-model-metrics']).toBe('')
    expect(text(result)).toMatch(/No approved package/)
    expect(registryCalls()).toEqual([1, 1, 1])
  })

  it('reads Model Monitor statistics beside an evaluation.json', async () => {
    const statistics = {
      version: 0.0,
      dataset: { item_count: 1000, evaluation_time: '2026-12-07T10:00:00.000Z' },
      binary_classification_metrics: {
        confusion_matrix: { '0': { '0': 500, '1': 20 }, '1': { '0': 30, '1': 450 } },
        accuracy: { value: 0.95, standard_deviation: 'NaN' },
        auc: { value: 0.97, standard_deviation: 0.003 },
        receiver_operating_characteristic_curve: {
          false_positive_rates: [0, 0.1, 1],
          true_positive_rates: [0, 0.9, 1]
        }
      }
    }
    pipeline([{ model: { group: GROUP, metrics: statistics } }])
    approvedSeven({
      binary_classification_metrics: { accuracy: { value: 0.93, standard_deviation: 'NaN' } }
    })
    const result = await run(FAST)
    expectSucceeded(result)
    expect(JSON.parse(result.outputs['model-metrics']!)).toEqual({
      'binary_classification_metrics.accuracy': 0.95,
      'binary_classification_metrics.auc': 0.97
    })
    expect(JSON.parse(result.outputs['approved-model-metrics']!)).toEqual({
      'binary_classification_metrics.accuracy': 0.93
    })
  })

  it('shows hostile metric names as text: no workflow command, no markup', async () => {
    const hostile = {
      '<img src=x onerror=alert(1)>': { value: 1 },
      'a|b': { value: 2 },
      '::error::injected': { value: 3 },
      '::add-mask::x': { value: 4 }
    }
    pipeline([{ model: { group: GROUP, metrics: hostile } }])
    const result = await run(FAST)
    expectSucceeded(result)
    expect(commandsOf(result, 'warning')).toEqual([])
    expect(commandsOf(result, 'add-mask')).toEqual([])
    expect(JSON.parse(result.outputs['model-metrics']!)).toEqual({
      '<img src=x onerror=alert(1)>': 1,
      'a|b': 2,
      '::error::injected': 3,
      '::add-mask::x': 4
    })
    expect(result.summary).not.toContain('<img')
    expect(result.summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(text(result)).toContain('::error::injected')
  })

  it('sets no model output and makes no registry call when no step registered a package', async () => {
    emulator.addPipeline({
      name: PIPELINE,
      steps: [{ name: 'Train', type: 'Training', durationMs: 500 }]
    })
    const result = await run(FAST)
    expectSucceeded(result)
    for (const output of [
      'model-package-arn',
      'model-package-version',
      'model-approval-status',
      'model-metrics',
      'approved-model-package-arn',
      'approved-model-metrics'
    ])
      expect(result.outputs[output]).toBeUndefined()
    expect(registryCalls()).toEqual([0, 0, 0])
    expect(result.summary).not.toContain('<h3>Model</h3>')
  })

  it('is reported the same for an execution followed with pipeline-execution-arn', async () => {
    pipeline()
    approvedSeven()
    const started = await run({ 'max-poll-interval': '1s' })
    const followed = await run({
      ...FAST,
      'pipeline-execution-arn': started.outputs['pipeline-execution-arn']!
    })
    expectSucceeded(followed)
    expect(followed.outputs['model-package-arn']).toBe(`${PACKAGES}/8`)
    expect(followed.outputs['approved-model-package-arn']).toBe(`${PACKAGES}/7`)
    expect(JSON.parse(followed.outputs['model-metrics']!)).toEqual({
      'regression_metrics.mse': 4.6,
      'regression_metrics.rmse': 2.14
    })
  })
})

describe('a model that cannot be read', () => {
  it.each([
    [
      'DescribeModelPackage',
      'Allow sagemaker:DescribeModelPackage on arn:aws:sagemaker:us-east-1:ACCOUNT:model-package/churn/*'
    ],
    ['ListModelPackages', 'Allow sagemaker:ListModelPackages on *'],
    ['GetObject', 'Allow s3:GetObject on arn:aws:s3:::sagemaker-us-east-1-123456789012/']
  ])('%s denied: one warning naming the permission, the same outcome', async (call, allow) => {
    pipeline()
    approvedSeven()
    emulator.inject(call, { kind: 'deny', times: Infinity })
    const result = await run(FAST)
    expectSucceeded(result)
    expect(commandsOf(result, 'warning')).toEqual([expect.stringContaining(allow)])
    // What could still be read is still there.
    expect(result.outputs['model-package-arn']).toBe(`${PACKAGES}/8`)
    expect(result.outputs['model-package-version']).toBe('8')
  })

  it.each([
    ['malformed', '{"regression_metrics": {"mse": ', 'is not JSON'],
    ['oversized', `{"padding": "${'x'.repeat(1024 * 1024)}"}`, 'larger than the 1048576 bytes']
  ])('a %s metrics object: one warning, no metrics', async (_, metrics, said) => {
    pipeline([{ model: { group: GROUP, metrics } }])
    const result = await run(FAST)
    expectSucceeded(result)
    expect(commandsOf(result, 'warning')).toEqual([expect.stringContaining(said)])
    expect(result.outputs['model-metrics']).toBe('{}')
    expect(result.outputs['model-approval-status']).toBe('PendingManualApproval')
  })

  it('a digest that differs: one warning, no metrics; a matching one reads', async () => {
    pipeline([{ model: { group: GROUP, metrics: EVALUATION, digest: `sha256:${'0'.repeat(64)}` } }])
    approvedSeven()
    const result = await run(FAST)
    expectSucceeded(result)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('not the ContentDigest the model package names')
    ])
    expect(result.outputs['model-metrics']).toBe('{}')

    emulator.reset()
    pipeline([{ model: { group: GROUP, metrics: EVALUATION, digest: 'sha256' } }])
    const matching = await run(FAST)
    expect(commandsOf(matching, 'warning')).toEqual([])
    expect(JSON.parse(matching.outputs['model-metrics']!)).toEqual({
      'regression_metrics.mse': 4.6,
      'regression_metrics.rmse': 2.14
    })
  })

  it('throttled S3: retried, then one warning', async () => {
    pipeline()
    emulator.inject('GetObject', { kind: 'throttle', times: Infinity })
    const result = await run(FAST)
    expectSucceeded(result)
    expect(commandsOf(result, 'warning')).toEqual([
      expect.stringContaining('S3 kept throttling the requests')
    ])
    expect(emulator.requestsFor('GetObject')).toHaveLength(6)
  })
})
