import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parseMetrics } from '../../src/model/metrics.js'

const fixture = (name: string) =>
  readFileSync(new URL(`../../__fixtures__/metrics/${name}`, import.meta.url), 'utf8')

describe('parseMetrics', () => {
  it("reads the SDK examples' evaluation.json, a NaN standard deviation being no matter", () => {
    expect(parseMetrics(fixture('evaluation.json'))).toEqual({
      metrics: [
        { name: 'regression_metrics.mse', value: 4.6389 },
        { name: 'regression_metrics.rmse', value: 2.1538 },
        { name: 'regression_metrics.mae', value: 1.5467 },
        { name: 'regression_metrics.r2', value: 0.5473 }
      ],
      leftOut: 0
    })
  })

  it("reads Model Monitor's model-quality statistics, passing over counts, curves and the confusion matrix", () => {
    expect(parseMetrics(fixture('model-quality-statistics.json'))).toEqual({
      metrics: [
        'recall:0.8217',
        'precision:0.8629',
        'accuracy:0.9192',
        'recall_best_constant_classifier:1',
        'precision_best_constant_classifier:0.2617',
        'accuracy_best_constant_classifier:0.2617',
        'true_positive_rate:0.8217',
        'true_negative_rate:0.9537',
        'false_positive_rate:0.0463',
        'false_negative_rate:0.1783',
        'auc:0.9413',
        'f0_5:0.8544',
        'f1:0.8418',
        'f2:0.8296',
        'f0_5_best_constant_classifier:0.3069',
        'f1_best_constant_classifier:0.4148',
        'f2_best_constant_classifier:0.6391'
      ].map(entry => {
        const [name, value] = entry.split(':')
        return { name: `binary_classification_metrics.${name}`, value: Number(value) }
      }),
      leftOut: 0
    })
  })

  it('ignores what is not an object with a finite numeric value, without an error', () => {
    const text = JSON.stringify({
      a: { value: '0.9' },
      b: { value: 'NaN' },
      c: { value: null },
      d: [{ value: 1 }],
      e: 'text',
      f: 3,
      g: { standard_deviation: 0.1 },
      h: { value: [1] }
    })
    expect(parseMetrics(text)).toEqual({ metrics: [], leftOut: 0 })
    // JSON has no Infinity, but a number too large for a double parses as one.
    expect(parseMetrics('{"m": {"value": 1e999}, "n": {"value": -0.5}}')).toEqual({
      metrics: [{ name: 'n', value: -0.5 }],
      leftOut: 0
    })
  })

  it("does not search a metric's other members for more metrics", () => {
    const text = JSON.stringify({ m: { value: 1, detail: { value: 2 } }, x: { y: { value: 3 } } })
    expect(parseMetrics(text)).toEqual({
      metrics: [
        { name: 'm', value: 1 },
        { name: 'x.y', value: 3 }
      ],
      leftOut: 0
    })
  })

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    expect(parseMetrics('{"m": {"value": 1}, "m": {"value": 2}}')).toEqual({
      metrics: [{ name: 'm', value: 2 }],
      leftOut: 0
    })
  })

  it('says what is wrong with text that is not a JSON object', () => {
    // On one line, for the warning, though JSON.parse quotes the text's line breaks.
    expect(parseMetrics('mse,4.6\nauc,0.9\n')).toEqual({
      error: expect.stringMatching(/^is not JSON \(Unexpected token [^\n]+\)$/)
    })
    expect(parseMetrics('')).toEqual({ error: expect.stringMatching(/^is not JSON \(.+\)$/) })
    expect(parseMetrics('[{"value": 1}]')).toEqual({ error: 'is a JSON array, not an object' })
    expect(parseMetrics('"mse"')).toEqual({ error: 'is a JSON string, not an object' })
    expect(parseMetrics('4.6')).toEqual({ error: 'is a JSON number, not an object' })
    expect(parseMetrics('null')).toEqual({ error: 'is JSON null, not an object' })
  })

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseMetrics('\uFEFF{"m": {"value": 1}}')).toEqual({
      metrics: [{ name: 'm', value: 1 }],
      leftOut: 0
    })
  })

  it('cuts a long name with an ellipsis, to 200 characters', () => {
    const key = 'é'.repeat(300)
    const result = parseMetrics(JSON.stringify({ [key]: { value: 1 } }))
    const [metric] = 'metrics' in result ? result.metrics : []
    expect([...(metric?.name ?? '')]).toHaveLength(200)
    expect(metric?.name).toBe(`${'é'.repeat(199)}…`)
    const fits = 'x'.repeat(200)
    expect(parseMetrics(JSON.stringify({ [fits]: { value: 1 } }))).toEqual({
      metrics: [{ name: fits, value: 1 }],
      leftOut: 0
    })
  })

  it('finds a metric 32 levels deep, and goes no deeper, however deep the file is', () => {
    const nest = (levels: number, inner: string) =>
      '{"k":'.repeat(levels) + inner + '}'.repeat(levels)
    expect(parseMetrics(nest(31, '{"m": {"value": 1}}'))).toEqual({
      metrics: [{ name: `${'k.'.repeat(31)}m`, value: 1 }],
      leftOut: 0
    })
    expect(parseMetrics(nest(32, '{"m": {"value": 1}}'))).toEqual({ metrics: [], leftOut: 0 })
    expect(parseMetrics(nest(100_000, '{"m": {"value": 1}}'))).toEqual({
      metrics: [],
      leftOut: 0
    })
  })

  it('keeps the first 1,000 metrics of a 1 MiB file of 100,000 and counts the rest', () => {
    const members = Array.from({ length: 100_000 }, (_, i) => `"m${i}":{"value":${i}}`)
    const text = `{${members.join(',')}}`
    expect(text.length).toBeGreaterThan(1_000_000)
    const result = parseMetrics(text)
    if (!('metrics' in result)) throw new Error(result.error)
    expect(result.metrics).toHaveLength(1000)
    expect(result.metrics[0]).toEqual({ name: 'm0', value: 0 })
    expect(result.metrics[999]).toEqual({ name: 'm999', value: 999 })
    expect(result.leftOut).toBe(99_000)
  })
})
