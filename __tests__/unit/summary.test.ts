import { describe, expect, it } from '@jest/globals'
import { escapeHtml, escapePreformatted } from '../../src/escape.js'
import type { ModelPackage } from '../../src/model/model-package.js'
import {
  renderFailureSummary,
  renderSummary,
  type ExecutionSummary
} from '../../src/report/summary.js'

const base: ExecutionSummary = {
  pipelineName: 'churn-training',
  region: 'us-east-1',
  executionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training/execution/abc',
  displayName: 'nightly',
  status: 'Executing',
  origin: 'started',
  parameters: [{ Name: 'Epochs', Value: '10' }]
}

describe('escapeHtml', () => {
  it('neutralises HTML and the Markdown that GitHub still reads', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)"> & \'q\'')).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;'
    )
    expect(escapeHtml('a|b `c` *d* _e_ [f](g) \\')).toBe(
      'a&#124;b &#96;c&#96; &#42;d&#42; &#95;e&#95; &#91;f&#93;(g) &#92;'
    )
  })

  it('keeps an HTML block whole across line breaks', () => {
    expect(escapeHtml('one\n\ntwo\r\nthree')).toBe('one<br><br>two<br>three')
  })
})

describe('escapePreformatted', () => {
  it('keeps line breaks as line breaks, not <br>, which GitHub hides inside code', () => {
    expect(escapePreformatted('{\n  "a": "<b>`x`</b>"\r\n}')).toBe(
      '{\n  &quot;a&quot;: &quot;&lt;b&gt;&#96;x&#96;&lt;/b&gt;&quot;\n}'
    )
  })

  it('never writes a blank line, which would end the HTML block', () => {
    const text = 'one\n\ntwo\r\rthree\n \t\nfour\n'
    const escaped = escapePreformatted(text)
    expect(escaped).toBe('one&#10;\ntwo&#10;\nthree&#10; \t\nfour&#10;')
    expect(escaped).not.toMatch(/(^|\n)[ \t]*(\n|$)/)
    expect(decodeHtml(escaped)).toBe(text.replace(/\r/g, '\n'))
  })
})

describe('renderSummary', () => {
  it('shows the execution and the parameters sent', () => {
    const html = renderSummary(base)
    expect(html).toContain('<h2>SageMaker pipeline churn-training: Executing</h2>')
    expect(html).toContain(
      `<tr><th>Execution ARN</th><td><code>${base.executionArn}</code></td></tr>`
    )
    expect(html).toContain('<tr><th>Status</th><td><b>Executing</b></td></tr>')
    expect(html).toContain('<tr><td><code>Epochs</code></td><td><code>10</code></td></tr>')
    expect(html).toContain('Started a new execution.')
  })

  it('says when the execution already existed, or was resumed', () => {
    expect(renderSummary({ ...base, origin: 'existing' })).toContain(
      'had already started this execution (same client request token), now Executing'
    )
    expect(renderSummary({ ...base, origin: 'retried' })).toContain(
      'resumed it from its failed steps'
    )
  })

  it('says when no parameters were sent', () => {
    expect(renderSummary({ ...base, parameters: [] })).toContain("pipeline's defaults apply")
  })

  it('escapes parameter values', () => {
    const html = renderSummary({
      ...base,
      parameters: [{ Name: 'Q', Value: '</code><script>x</script>\n\n# heading' }]
    })
    expect(html).not.toContain('<script>')
    expect(html).toContain(
      '<code>&lt;/code&gt;&lt;script&gt;x&lt;/script&gt;</code><br><code></code><br><code># heading</code>'
    )
  })

  it('puts the line breaks of a value between code elements, as GitHub hides <br> inside code', () => {
    const html = renderSummary({
      ...base,
      parameters: [{ Name: 'Query', Value: 'SELECT *\r\nFROM churn\nWHERE day = 1' }]
    })
    expect(html).toContain(
      '<td><code>SELECT &#42;</code><br><code>FROM churn</code><br><code>WHERE day = 1</code></td>'
    )
    for (const code of html.match(/<code>.*?<\/code>/g) ?? []) expect(code).not.toContain('<br>')
  })

  it('stays under the size limit with a note when parameters are cut', () => {
    const parameters = Array.from({ length: 200 }, (_, i) => ({
      Name: `P${i}`,
      Value: '<'.repeat(1024)
    }))
    const limit = 100_000
    const html = renderSummary({ ...base, parameters }, limit)
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(limit)
    // The first parameters, in order, and a note that counts the rest.
    const notShown = Number(/<p>(\d+) more parameters are not shown/.exec(html)?.[1])
    const shown = [...html.matchAll(/<code>(P\d+)<\/code>/g)].map(match => match[1])
    expect(notShown).toBeGreaterThan(0)
    expect(shown).toEqual(Array.from({ length: 200 - notShown }, (_, i) => `P${i}`))
  })

  it('shows every parameter when they fit', () => {
    const parameters = Array.from({ length: 200 }, (_, i) => ({ Name: `P${i}`, Value: 'v' }))
    const html = renderSummary({ ...base, parameters })
    expect(html).toContain('<code>P199</code>')
    expect(html).not.toContain('not shown')
  })

  it('links the pipeline and the execution to the console', () => {
    const html = renderSummary(base)
    const home = 'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1'
    expect(html).toContain(
      `<tr><th>Pipeline</th><td><a href="${home}#/pipelines/churn-training">churn-training</a></td></tr>`
    )
    expect(html).toContain(
      `<tr><th>Console</th><td><a href="${home}#/pipelines/churn-training/executions/abc">Open the execution in the SageMaker console</a></td></tr>`
    )
  })

  it('links the pipeline on a dry run, which has no execution', () => {
    const html = renderSummary({
      ...base,
      region: 'cn-north-1',
      executionArn: undefined,
      origin: 'dry-run'
    })
    expect(html).toContain(
      '<a href="https://cn-north-1.console.amazonaws.cn/sagemaker/home?region=cn-north-1#/pipelines/churn-training">'
    )
    expect(html).not.toContain('<th>Console</th>')
  })
})

describe('renderFailureSummary', () => {
  const request = {
    PipelineName: 'churn-training',
    ClientRequestToken: '0123456789abcdef0123456789abcdef01234567',
    PipelineParameters: [{ Name: 'Path', Value: '</code></pre><script>x</script>' }]
  }

  it('says what failed, escaped, and shows the request', () => {
    const html = renderFailureSummary({
      pipelineName: 'churn-training',
      region: 'us-east-1',
      problems: ['Input parameters: "Epoch" is not a parameter of the pipeline <here>.'],
      request
    })
    expect(html).toContain('<h2>SageMaker pipeline churn-training: the step failed</h2>')
    expect(html).toContain(
      '<p>Input parameters: &quot;Epoch&quot; is not a parameter of the pipeline &lt;here&gt;.</p>'
    )
    expect(html).toContain('<h3>Request</h3>')
    expect(html).toContain(
      '&quot;Value&quot;: &quot;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;&quot;'
    )
    expect(html).not.toContain('<script>')
    // No blank line: it would end the HTML block and let Markdown in.
    expect(html).not.toMatch(/\n\s*\n/)
  })

  it('shows the request on several lines, exactly as JSON, with nothing in it read as markup', () => {
    const hostile = {
      ...request,
      PipelineExecutionDescription: 'Nightly\n\n```` --> <!-- </code></pre> <script>x</script>',
      PipelineParameters: [
        { Name: 'Epochs', Value: '10' },
        { Name: 'Path', Value: '</code></pre><script>x</script>' }
      ]
    }
    const html = renderFailureSummary({ problems: ['failed'], request: hostile })
    const pre = /<pre><code>([^]*?)<\/code><\/pre>/.exec(html)?.[1] ?? ''
    expect(pre).not.toContain('<')
    expect(pre.split('\n')).toHaveLength(JSON.stringify(hostile, null, 2).split('\n').length)
    expect(decodeHtml(pre)).toBe(JSON.stringify(hostile, null, 2))
    expect(html.match(/<\/pre>/g)).toHaveLength(1)
    expect(html).not.toMatch(/\n\s*\n/)
  })

  it('lists several problems, and shows no request where none was built', () => {
    const html = renderFailureSummary({ problems: ['one', 'two'] })
    expect(html).toContain('<h2>SageMaker pipeline: the step failed</h2>')
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>')
    expect(html).not.toContain('Request')
    expect(html).not.toContain('<table>')
  })

  it('stays under the size limit, with a note, when the request is too large', () => {
    const large = {
      ...request,
      PipelineParameters: Array.from({ length: 200 }, (_, i) => ({
        Name: `P${i}`,
        Value: '<'.repeat(1024)
      }))
    }
    const limit = 100_000
    const html = renderFailureSummary({ problems: ['failed'], request: large }, limit)
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(limit)
    expect(html).toContain(
      "The request is cut here: the summary would pass the runner's 1 MiB limit."
    )
    expect(html).toContain(
      '<pre><code>{\n  &quot;PipelineName&quot;: &quot;churn-training&quot;,\n'
    )
    expect(html).not.toMatch(/\n\s*\n/)
  })
})

/** What a browser shows for escaped text: the character references made characters again. */
function decodeHtml(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' }
  return html.replace(/&(?:#(\d+)|(\w+));/g, (entity, code?: string, name?: string) =>
    code ? String.fromCharCode(Number(code)) : (named[name ?? ''] ?? entity)
  )
}

describe('renderSummary with the failed steps’ logs', () => {
  const failed: ExecutionSummary = {
    ...base,
    status: 'Failed',
    wait: {
      kind: 'ended',
      waitedMs: 60_000,
      failureReason: 'Step failure: One or multiple steps failed.',
      steps: [
        { name: 'Train', status: 'Failed', type: 'Training', failureReason: 'AlgorithmError' }
      ],
      logs: [
        {
          step: 'Train',
          group: '/aws/sagemaker/TrainingJobs',
          streams: ['job-1/algo-1-1765101234', 'job-1/algo-2-1765101234'],
          lines: [
            'Traceback (most recent call last):',
            '  File "/opt/ml/code/train.py", line 42, in <module>',
            '::error::not a command',
            '</pre><script>alert(1)</script>',
            '````',
            'ValueError: Input X contains NaN.'
          ]
        },
        {
          step: 'Prep',
          group: '/aws/sagemaker/ProcessingJobs',
          streams: [],
          lines: [],
          note: 'job-2 wrote no log: it failed before its first line.'
        }
      ]
    }
  }

  it('shows the lines before the steps, on lines of their own, indentation kept, linked to the stream', () => {
    const html = renderSummary(failed)
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? ''
    expect(pre.split('\n')).toHaveLength(6)
    expect(pre).toContain('  File &quot;/opt/ml/code/train.py&quot;, line 42, in &lt;module&gt;')
    expect(pre).not.toContain('<')
    expect(html).not.toContain('<script>')
    expect(html.indexOf('<h3>Log of Train</h3>')).toBeLessThan(html.indexOf('<h3>Steps</h3>'))
    expect(html).toContain(
      'The last 6 lines of <a href="https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Fsagemaker$252FTrainingJobs/log-events/job-1$252Falgo-1-1765101234"><code>job-1/algo-1-1765101234</code></a> and 1 more stream, merged in time order:'
    )
    expect(html).toContain(
      '<h3>Log of Prep</h3>\n<p>job-2 wrote no log: it failed before its first line.</p>'
    )
  })

  it('leads with the outcome: the status, the failed step and its reason, then its log', () => {
    const lines = renderSummary(failed).split('\n')
    expect(lines.slice(0, 3)).toEqual([
      '<h2>SageMaker pipeline churn-training: Failed</h2>',
      '<p><b>Failed</b> after 1m0s: step Train (Training) failed: AlgorithmError.</p>',
      '<h3>Log of Train</h3>'
    ])
  })

  it('lists the steps of the definition that never ran, once the execution has ended', () => {
    const definedSteps = ['Preprocess', 'Train', 'Register']
    const html = renderSummary({ ...failed, definedSteps })
    expect(html).toContain(
      '<tr><td>Preprocess</td><td>Not run</td><td></td><td></td><td></td><td></td></tr>'
    )
    expect(html).toContain('<tr><td>Register</td><td>Not run</td>')
    expect(html).not.toContain('<tr><td>Train</td><td>Not run</td>')
    const running = renderSummary({
      ...failed,
      definedSteps,
      wait: { ...failed.wait!, kind: 'timed-out' }
    })
    expect(running).not.toContain('Not run')
  })

  it('links each job to its page in the SageMaker console', () => {
    const jobArn = 'arn:aws:sagemaker:us-east-1:123456789012:training-job/pipelines-abc-Train-x1'
    const html = renderSummary({
      ...failed,
      wait: { ...failed.wait!, steps: [{ ...failed.wait!.steps[0]!, jobArn }] }
    })
    expect(html).toContain(
      `<a href="https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/jobs/pipelines-abc-Train-x1"><code>${jobArn}</code></a>`
    )
  })

  it('puts no <br> inside code, which GitHub hides', () => {
    const html = renderSummary({
      ...failed,
      parameters: [{ Name: 'Q', Value: 'a\nb' }],
      wait: {
        ...failed.wait!,
        steps: [{ ...failed.wait!.steps[0]!, failureReason: 'line 1\nline 2' }]
      }
    })
    for (const code of html.match(/<code>[\s\S]*?<\/code>/g) ?? [])
      expect(code).not.toContain('<br>')
    for (const pre of html.match(/<pre>[\s\S]*?<\/pre>/g) ?? []) expect(pre).not.toContain('<br>')
  })

  it('keeps the logs within the budget, fewer lines first', () => {
    const long = 'y'.repeat(4000)
    const many = {
      ...failed,
      wait: { ...failed.wait!, logs: [{ ...failed.wait!.logs![0]!, lines: Array(30).fill(long) }] }
    }
    const html = renderSummary(many, 60_000)
    expect(Buffer.byteLength(html)).toBeLessThan(60_000)
    expect(html).toContain('<h3>Log of Train</h3>')
  })
})

describe('renderSummary with what the execution made', () => {
  const packageArn = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/8'
  const registered: ModelPackage = {
    arn: packageArn,
    step: 'RegisterChurnModel',
    group: 'churn-models',
    version: 8,
    approvalStatus: 'PendingManualApproval',
    metricsUri: 's3://churn-artifacts/eval/evaluation.json',
    metrics: [{ name: 'regression_metrics.mse', value: 4.6 }],
    reports: []
  }
  const succeeded: ExecutionSummary = {
    ...base,
    status: 'Succeeded',
    wait: {
      kind: 'ended',
      waitedMs: 42 * 60_000,
      steps: [
        { name: 'Train', type: 'Training', status: 'Succeeded' },
        {
          name: 'RegisterChurnModel',
          type: 'RegisterModel',
          status: 'Succeeded',
          jobArn: packageArn
        }
      ],
      model: { registered: [registered] }
    }
  }

  it('puts the model first on a succeeded run, and says in the outcome that it awaits approval', () => {
    const html = renderSummary(succeeded)
    expect(html.split('\n').slice(0, 3)).toEqual([
      '<h2>SageMaker pipeline churn-training: Succeeded</h2>',
      '<p><b>Succeeded</b> after 42m0s: model churn-models v8 awaits approval.</p>',
      '<h3>Model</h3>'
    ])
    expect(html.indexOf('<h3>Model</h3>')).toBeLessThan(html.indexOf('Started a new execution.'))
    expect(html.indexOf('<h3>Model</h3>')).toBeLessThan(html.indexOf('<h3>Steps</h3>'))
    expect(html).toContain('<td><code>mse</code></td><td>4.6</td>')
  })

  it('puts it after the details on a failed run, which says nothing of it in the outcome', () => {
    const failed: ExecutionSummary = {
      ...succeeded,
      status: 'Failed',
      wait: {
        ...succeeded.wait!,
        steps: [
          ...succeeded.wait!.steps,
          { name: 'Deploy', type: 'Lambda', status: 'Failed', failureReason: 'Timeout' }
        ]
      }
    }
    const html = renderSummary(failed)
    expect(html).toContain(
      '<p><b>Failed</b> after 42m0s: step Deploy (Lambda) failed: Timeout.</p>'
    )
    const model = html.indexOf('<h3>Model</h3>')
    expect(model).toBeGreaterThan(html.indexOf('<th>Execution ARN</th>'))
    expect(model).toBeLessThan(html.indexOf('<h3>Steps</h3>'))
  })

  it('has no model section when nothing was registered and no step made anything', () => {
    const html = renderSummary({
      ...succeeded,
      wait: { ...succeeded.wait!, steps: [succeeded.wait!.steps[0]!], model: { registered: [] } }
    })
    expect(html).not.toContain('<h3>Model</h3>')
    expect(html).not.toContain('Made by the execution')
    expect(html).toContain('<p><b>Succeeded</b> after 42m0s.</p>')
  })

  it('escapes the names a pipeline and its metrics file chose', () => {
    const html = renderSummary({
      ...succeeded,
      wait: {
        ...succeeded.wait!,
        model: {
          registered: [
            {
              ...registered,
              group: '<img src=x onerror=alert(1)>',
              metrics: [
                { name: '<img src=x onerror=alert(1)>', value: 1 },
                { name: 'a|b', value: 2 },
                { name: '::error::x', value: 3 }
              ]
            }
          ]
        }
      }
    })
    expect(html).not.toContain('<img')
    expect(html).toContain(
      '<p><b>Succeeded</b> after 42m0s: model &lt;img src=x onerror=alert(1)&gt; v8 awaits approval.</p>'
    )
    expect(html).toContain('<td><code>&lt;img src=x onerror=alert(1)&gt;</code></td>')
    expect(html).toContain('<td><code>a&#124;b</code></td>')
    expect(html).toContain('<td><code>::error::x</code></td>')
    // No blank line, which would end the HTML block and let Markdown in.
    expect(html.slice(0, html.indexOf('<p>Started'))).not.toMatch(/\n\s*\n/)
  })

  it('stays under the 1 MiB limit with 100,000 metrics on each side, the rest still there', () => {
    const metrics = (value: number) =>
      Array.from({ length: 100_000 }, (_, i) => ({ name: `${'<|'.repeat(90)}${i}`, value }))
    // Parameters that (just) fit the limit alone: the model's share must come out of theirs.
    const parameters = Array.from({ length: 240 }, (_, i) => ({
      Name: `P${i}`,
      Value: '<'.repeat(1024)
    }))
    const html = renderSummary({
      ...succeeded,
      parameters,
      wait: {
        ...succeeded.wait!,
        model: {
          registered: [{ ...registered, metrics: metrics(0.5), metricsLeftOut: 5 }],
          approved: { ...registered, arn: packageArn.replace(/8$/, '7'), metrics: metrics(0.25) }
        }
      }
    })
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(1024 * 1024 - 16 * 1024)
    expect(html).toMatch(/<p>\d+ more metrics are not shown: the summary would pass/)
    expect(html).toContain('<td>0.5</td><td>0.25</td><td>+0.25</td>')
    expect(html).toContain('<h3>Steps</h3>')
    expect(html).toMatch(/<p>\d+ more parameters are not shown/)
  })
})
