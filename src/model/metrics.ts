// Reads a model package's statistics file into named metrics: the SageMaker SDK examples'
// evaluation.json and Model Monitor's model-quality statistics both nest `{"value": 0.91, ...}`
// objects under group keys (`regression_metrics.mse`, `binary_classification_metrics.auc`). Pure.
import { oneLine } from '../escape.js'
import type { Metric } from './model-package.js'

/**
 * The summary shows every metric kept beside the approved model's, and the log lists them: a file
 * of more than this is generated output (per-class, per-feature), not something a reviewer reads.
 */
export const MAX_METRICS = 1000

/** A name is a path of the file's keys, which nothing bounds; a longer one is cut with `…`. */
const MAX_NAME_LENGTH = 200

/**
 * Metrics sit two or three levels deep; a file nested deeper than this is not a statistics file,
 * and the walk stops there rather than go as deep as the file does.
 */
const MAX_DEPTH = 32

export type ParsedMetrics = { metrics: Metric[]; leftOut: number } | { error: string }

/**
 * The metrics of a statistics file, in the file's order (but for keys such as `"0"`, which a
 * parsed object lists first): every object with a finite numeric `value`, named by its keys
 * joined with `.`. Anything else (curves, confusion matrices, counts, `"NaN"`) is not a metric and
 * is passed over. The error, for text that is not a JSON object, is a phrase for a warning:
 * `is not JSON (...)`.
 */
export function parseMetrics(text: string): ParsedMetrics {
  let root: unknown
  try {
    // A byte-order mark, which some Windows editors put first, is not JSON but harms nothing.
    root = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    // The message quotes the text, line breaks and all: a warning is one line.
    const message = error instanceof Error ? error.message : String(error)
    return { error: `is not JSON (${oneLine(message)})` }
  }
  if (!isObject(root)) return { error: `is ${describeJson(root)}, not an object` }

  const metrics: Metric[] = []
  let leftOut = 0
  const walk = (object: Record<string, unknown>, path: string, depth: number) => {
    for (const [key, member] of Object.entries(object)) {
      if (!isObject(member)) continue
      const name = path ? `${path}.${key}` : key
      const { value } = member
      if (typeof value === 'number' && Number.isFinite(value)) {
        if (metrics.length < MAX_METRICS) metrics.push({ name: shorten(name), value })
        else leftOut++
      } else if (depth < MAX_DEPTH) walk(member, name, depth + 1)
    }
  }
  walk(root, '', 1)
  return { metrics, leftOut }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describeJson(value: unknown): string {
  if (value === null) return 'JSON null'
  return `a JSON ${Array.isArray(value) ? 'array' : typeof value}`
}

function shorten(name: string): string {
  const chars = [...name]
  return chars.length <= MAX_NAME_LENGTH ? name : `${chars.slice(0, MAX_NAME_LENGTH - 1).join('')}…`
}
