import { describe, expect, it } from '@jest/globals'
import type { ModelPackage, ModelResults } from '../../src/model/model-package.js'
import {
  describePackage,
  formatDifference,
  formatMetricValue,
  renderModelSection
} from '../../src/report/model-section.js'
import type { StepRecord } from '../../src/steps.js'

const arn = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-models/8'
const approvedArn = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-models/7'
const s3 = 'https://s3.console.aws.amazon.com/s3/object'
const sagemaker = 'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1'

const v8: ModelPackage = {
  arn,
  step: 'RegisterChurnModel',
  group: 'churn-models',
  version: 8,
  approvalStatus: 'PendingManualApproval',
  metricsUri: 's3://churn-artifacts/eval/evaluation.json',
  metrics: [
    { name: 'binary_classification_metrics.accuracy', value: 0.9192 },
    { name: 'binary_classification_metrics.auc', value: 0.9413 },
    { name: 'binary_classification_metrics.log_loss', value: 0.2 }
  ],
  reports: []
}
const v7: ModelPackage = {
  arn: approvedArn,
  group: 'churn-models',
  version: 7,
  approvalStatus: 'Approved',
  metricsUri: 's3://churn-artifacts/eval-7/evaluation.json',
  metrics: [
    { name: 'binary_classification_metrics.auc', value: 0.9453 },
    { name: 'binary_classification_metrics.accuracy', value: 0.9072 },
    { name: 'binary_classification_metrics.brier_score', value: 0.0712 }
  ],
  reports: []
}
const results: ModelResults = { registered: [v8], approved: v7 }
const render = (model: ModelResults | undefined, steps: StepRecord[] = [], budget = 100_000) =>
  renderModelSection(model, steps, 'eu-west-1', budget)
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) =>
    [...(row ?? '').matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map(([, cell]) => cell)
  )

describe('renderModelSection', () => {
  it('shows the package, its status in bold, and for a pending one the command that approves it', () => {
    const html = render(results)
    expect(html.startsWith('<h3>Model</h3>\n<table>')).toBe(true)
    expect(rowsOf(html).slice(0, 5)).toEqual([
      ['Model package group', 'churn-models'],
      ['Version', '8'],
      ['Approval status', '<b>PendingManualApproval</b>'],
      ['Model package ARN', `<code>${arn}</code>`],
      ['Registered by', 'step RegisterChurnModel']
    ])
    const pre = /<pre>([^]*?)<\/pre>/.exec(html)?.[1]
    expect(pre).toBe(
      [
        'aws sagemaker update-model-package &#92;',
        `  --model-package-arn ${arn} &#92;`,
        '  --model-approval-status Approved &#92;',
        '  --region eu-west-1'
      ].join('\n')
    )
  })

  it('quotes an ARN for the shell when it is not plain', () => {
    const html = render({ registered: [{ ...v8, arn: "arn:x/$(rm -rf ~)'" }] })
    const pre = /<pre>([^]*?)<\/pre>/.exec(html)?.[1]
    expect(pre).toContain(
      '--model-package-arn &#39;arn:x/$(rm -rf ~)&#39;&#92;&#39;&#39;&#39; &#92;'
    )
  })

  it.each([
    ['Approved', '<p>The package is approved.</p>'],
    ['Rejected', '<p>The package was rejected.</p>'],
    [undefined, "<p>The package's approval status could not be read (the log has a warning).</p>"]
  ])('says plainly what %s means, with no command', (approvalStatus, sentence) => {
    const html = render({ registered: [{ ...v8, approvalStatus }], approved: v7 })
    expect(html).toContain(sentence)
    expect(html).not.toContain('<pre>')
    if (approvalStatus === undefined)
      expect(rowsOf(html)[2]).toEqual(['Approval status', 'unknown (it could not be read)'])
  })

  it('says nothing of a status it does not know, and leaves no blank line for it', () => {
    const html = render({ registered: [{ ...v8, approvalStatus: 'Deleted' }] })
    expect(rowsOf(html)[2]).toEqual(['Approval status', '<b>Deleted</b>'])
    expect(html).toContain('</table>\n<h4>Metrics</h4>')
  })

  it("puts the metrics beside the approved package's, this model's first, then the approved's others", () => {
    const html = render(results)
    expect(html).toContain(
      `<p>This model's metrics from <a href="${s3}/churn-artifacts?region=eu-west-1&amp;prefix=eval%2Fevaluation.json"><code>s3://churn-artifacts/eval/evaluation.json</code></a>, beside those of the approved package (v7), <code>${approvedArn}</code>. The difference is this model's value minus the approved one's.</p>`
    )
    expect(rowsOf(html).slice(5)).toEqual([
      [
        'Metric (<code>binary&#95;classification&#95;metrics</code>)',
        'This model (v8)',
        'Approved (v7)',
        'Difference'
      ],
      ['<code>accuracy</code>', '0.9192', '0.9072', '+0.012'],
      ['<code>auc</code>', '0.9413', '0.9453', '\u22120.004'],
      ['<code>log&#95;loss</code>', '0.2', '—', '—'],
      ['<code>brier&#95;score</code>', '—', '0.0712', '—']
    ])
  })

  it("shows full names when the metrics' groups differ", () => {
    const html = render({
      registered: [{ ...v8, metrics: [{ name: 'regression_metrics.mse', value: 4.6 }] }],
      approved: { ...v7, metrics: [{ name: 'custom.mse', value: 4.8 }] }
    })
    expect(
      rowsOf(html)
        .slice(5)
        .map(row => row[0])
    ).toEqual(['Metric', '<code>regression&#95;metrics.mse</code>', '<code>custom.mse</code>'])
  })

  it("shows only this model's column when the group has no approved package", () => {
    const html = render({ registered: [v8] })
    expect(html).toContain('<p>No approved package in group churn-models to compare with.</p>')
    expect(rowsOf(html).slice(5)).toEqual([
      ['Metric (<code>binary&#95;classification&#95;metrics</code>)', 'This model (v8)'],
      ['<code>accuracy</code>', '0.9192'],
      ['<code>auc</code>', '0.9413'],
      ['<code>log&#95;loss</code>', '0.2']
    ])
  })

  it("shows only this model's column when the approved package's metrics could not be read", () => {
    const html = render({ registered: [v8], approved: { ...v7, metrics: undefined } })
    expect(html).toContain(
      "<p>The group's approved package (v7) has no metrics to compare with (they could not be read).</p>"
    )
    expect(rowsOf(html)[5]).toHaveLength(2)
  })

  it('says when no metrics could be read, or the package names none', () => {
    const unread = render({ registered: [{ ...v8, metrics: undefined }], approved: v7 })
    expect(unread).toContain('<p>No metrics could be read from <a href=')
    expect(unread).toContain('(the log has a warning).</p>')
    expect(unread).not.toContain('<th>Metric')
    const none = render({ registered: [{ ...v8, metrics: undefined, metricsUri: undefined }] })
    expect(none).toContain(
      '<p>The package names no model-quality statistics: there are no metrics to show.</p>'
    )
    const empty = render({ registered: [{ ...v8, metrics: [] }] })
    expect(empty).toMatch(
      /<code>s3:\/\/churn-artifacts\/eval\/evaluation.json<\/code><\/a> holds no metrics.<\/p>/
    )
  })

  it('says how many metrics of the file the action did not read', () => {
    const html = render({ registered: [{ ...v8, metricsLeftOut: 99_000 }], approved: v7 })
    expect(html).toContain(
      "<p>This model's statistics hold 99000 more metrics, not read: the action reads the first 1000.</p>"
    )
  })

  it('cuts metric rows, halving, to stay within the budget, and says how many are not shown', () => {
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ name: `m${i}`, value: i }))
    const model = { registered: [{ ...v8, metrics }] }
    const full = render(model, [], 1_000_000)
    expect(full).not.toContain('not shown')
    const budget = 10_000
    const html = render(model, [], budget)
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(budget)
    const shown = [...html.matchAll(/<td><code>(m\d+)<\/code><\/td>/g)].map(match => match[1])
    expect(shown.length).toBeGreaterThan(0)
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => `m${i}`))
    // Cut by halves, not to nothing: at least half the budget is used.
    expect(Buffer.byteLength(html)).toBeGreaterThan(budget / 2)
    expect(html).toContain(
      `<p>${1000 - shown.length} more metrics are not shown: the summary would pass the runner's 1 MiB limit.</p>`
    )
    // The package and what to do about it stay.
    expect(html).toContain('<pre>aws sagemaker update-model-package')
  })

  it('stays within the budget when the lists too must be cut', () => {
    const steps: StepRecord[] = Array.from({ length: 200 }, (_, i) => ({
      name: `Condition${i}`,
      type: 'Condition',
      status: 'Succeeded',
      says: 'Outcome: True'
    }))
    const html = render(results, steps, 4000)
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(4000)
    expect(html).toMatch(/<li>\d+ more, not shown here.<\/li>/)
  })

  it("links the package's other reports to the S3 console", () => {
    const html = render({
      registered: [
        {
          ...v8,
          reports: [
            { name: 'Bias report', uri: 's3://churn-artifacts/clarify/bias/analysis.json' },
            { name: 'Explainability report', uri: 's3://churn-artifacts/clarify/shap/' }
          ]
        }
      ]
    })
    expect(html).toContain(
      [
        '<h4>Other reports</h4>',
        '<ul>',
        `<li>Bias report: <a href="${s3}/churn-artifacts?region=eu-west-1&amp;prefix=clarify%2Fbias%2Fanalysis.json"><code>s3://churn-artifacts/clarify/bias/analysis.json</code></a></li>`,
        '<li>Explainability report: <a href="https://s3.console.aws.amazon.com/s3/buckets/churn-artifacts?region=eu-west-1&amp;prefix=clarify%2Fshap%2F"><code>s3://churn-artifacts/clarify/shap/</code></a></li>',
        '</ul>'
      ].join('\n')
    )
  })

  it('lists every package when several were registered, and describes the last', () => {
    const first: ModelPackage = {
      arn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-small/3',
      step: 'RegisterSmall',
      group: 'churn-small',
      version: 3,
      approvalStatus: 'Approved',
      reports: []
    }
    const html = render({ registered: [first, v8], approved: v7 })
    expect(html).toContain(
      [
        '<p>The execution registered 2 model packages; the rest of this section is about the last.</p>',
        '<ul>',
        '<li>step RegisterSmall: churn-small v3 is approved</li>',
        '<li>step RegisterChurnModel: churn-models v8 awaits approval</li>',
        '</ul>'
      ].join('\n')
    )
    expect(rowsOf(html)[0]).toEqual(['Model package group', 'churn-models'])
    expect(render(results)).not.toContain('model packages;')
  })

  it('lists what the steps made, linked, and only the steps that made something', () => {
    const account = 'arn:aws:sagemaker:eu-west-1:123456789012'
    const steps: StepRecord[] = [
      {
        name: 'Train',
        type: 'Training',
        status: 'Succeeded',
        jobArn: `${account}:training-job/pipelines-x-Train`
      },
      {
        name: 'CheckQuality',
        type: 'QualityCheck',
        status: 'Succeeded',
        violationReport: 's3://churn-artifacts/checks/constraint_violations.json'
      },
      { name: 'CheckAUC', type: 'Condition', status: 'Succeeded', says: 'Outcome: True' },
      { name: 'Notify', type: 'Lambda', status: 'Succeeded', says: 'Output: sent=true' },
      {
        name: 'CreateModel',
        type: 'Model',
        status: 'Succeeded',
        jobArn: `${account}:model/pipelines-x-createmodel`
      },
      {
        name: 'DeployConfig',
        type: 'EndpointConfig',
        status: 'Succeeded',
        jobArn: `${account}:endpoint-config/churn-staging`
      },
      {
        name: 'Deploy',
        type: 'Endpoint',
        status: 'Failed',
        jobArn: `${account}:endpoint/churn-staging`
      },
      { name: 'RegisterChurnModel', type: 'RegisterModel', status: 'Succeeded', jobArn: arn }
    ]
    const list = [
      '<h4>Made by the execution</h4>',
      '<ul>',
      `<li>CheckQuality (QualityCheck): violation report <a href="${s3}/churn-artifacts?region=eu-west-1&amp;prefix=checks%2Fconstraint&#95;violations.json"><code>s3://churn-artifacts/checks/constraint&#95;violations.json</code></a></li>`,
      '<li>CheckAUC (Condition): Outcome: True</li>',
      `<li>CreateModel (Model): model <a href="${sagemaker}#/models/pipelines-x-createmodel"><code>${account}:model/pipelines-x-createmodel</code></a></li>`,
      `<li>DeployConfig (EndpointConfig): endpoint config <a href="${sagemaker}#/endpointConfig/churn-staging"><code>${account}:endpoint-config/churn-staging</code></a></li>`,
      `<li>Deploy (Endpoint), Failed: endpoint <a href="${sagemaker}#/endpoints/churn-staging"><code>${account}:endpoint/churn-staging</code></a></li>`,
      '</ul>'
    ].join('\n')
    expect(render(results, steps)).toContain(list)
    // Without a registered package, the list is the section.
    expect(render(undefined, steps)).toBe(
      list.replace('<h4>Made by the execution</h4>', '<h3>Made by the execution</h3>')
    )
  })

  it('is empty when nothing was registered and no step made anything', () => {
    const steps: StepRecord[] = [{ name: 'Train', type: 'Training', status: 'Succeeded' }]
    expect(render(undefined, steps)).toBe('')
    expect(render({ registered: [] }, steps)).toBe('')
  })

  it('shows hostile names as text, and never writes a blank line', () => {
    const hostile = ['<img src=x onerror=alert(1)>', 'a|b', '::error::x', 'line\n\nbreak']
    const html = render(
      {
        registered: [
          {
            ...v8,
            group: '<script>g</script>',
            step: '</td></tr></table><script>s</script>',
            metrics: hostile.map((name, i) => ({ name, value: i })),
            reports: [{ name: '<b>r</b>', uri: 's3://b-1/"><script>x</script>' }]
          }
        ],
        approved: { ...v7, metrics: [{ name: '`code`', value: 1 }] }
      },
      [{ name: '<i>c</i>', type: 'Condition', status: 'Succeeded', says: '<script>o</script>' }]
    )
    expect(html).not.toMatch(/<(script|img|i|b>r)/)
    expect(html).toContain('<td><code>&lt;img src=x onerror=alert(1)&gt;</code></td>')
    expect(html).toContain('<td><code>a&#124;b</code></td>')
    expect(html).toContain('<td><code>::error::x</code></td>')
    expect(html).toContain('<td><code>line break</code></td>')
    expect(html).toContain('<td><code>&#96;code&#96;</code></td>')
    expect(html).not.toMatch(/\n\s*\n/)
  })
})

describe('formatMetricValue', () => {
  it.each([
    [4.6, '4.6'],
    [0.9192, '0.9192'],
    [0.91234567, '0.9123'],
    [12.345678, '12.3457'],
    [123456.7, '123456.7'],
    [1, '1'],
    [0, '0'],
    [0.000123, '0.000123'],
    [0.000123456, '0.0001235'],
    [1.23e-10, '1.23e-10'],
    [-0.5, '\u22120.5'],
    [-2.25, '\u22122.25'],
    [1e21, '1e+21']
  ])('shows %p as %s', (value, text) => {
    expect(formatMetricValue(value)).toBe(text)
  })
})

describe('formatDifference', () => {
  it('signs a difference, with one minus sign, and none for no difference', () => {
    expect(formatDifference(0.9192 - 0.9072)).toBe('+0.012')
    expect(formatDifference(0.9413 - 0.9453)).toBe('\u22120.004')
    expect(formatDifference(0)).toBe('0')
    expect(formatDifference(0.00001)).toBe('+0.00001')
  })
})

describe('describePackage', () => {
  it('names the package and what its status means', () => {
    expect(describePackage(v8)).toBe('churn-models v8 awaits approval')
    expect(describePackage({ ...v8, approvalStatus: 'Rejected' })).toBe(
      'churn-models v8 was rejected'
    )
    expect(describePackage({ ...v8, approvalStatus: undefined, version: undefined })).toBe(
      'churn-models was registered (its approval status could not be read)'
    )
    expect(describePackage({ ...v8, group: undefined, approvalStatus: '<x>' })).toBe(
      `${arn} v8 is &lt;x&gt;`
    )
  })
})
