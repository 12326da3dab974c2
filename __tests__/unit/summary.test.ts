import { describe, expect, it } from '@jest/globals'
import { escapeHtml } from '../../src/escape.js'
import { renderSummary, type ExecutionSummary } from '../../src/summary.js'

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

describe('renderSummary', () => {
  it('shows the execution and the parameters sent', () => {
    const html = renderSummary(base)
    expect(html).toContain('<h2>SageMaker pipeline churn-training</h2>')
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
    expect(html).toContain('&lt;/code&gt;&lt;script&gt;x&lt;/script&gt;<br><br># heading')
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
})
