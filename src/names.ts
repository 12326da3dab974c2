// Names in messages: a list cut short (the first 20 and how many more), and the nearest of a set,
// for a "did you mean".
import { showValue } from './inputs/input-error.js'

/** Names shown in one message; the rest are counted. */
const LISTED_NAMES = 20

/** `"A", "B" and "C"`, or the first names and `and N more`. */
export function listNames(names: readonly string[], limit = LISTED_NAMES): string {
  const shown = names.slice(0, limit).map(showValue)
  const more = names.length - shown.length
  if (more > 0) return `${shown.join(', ')} and ${more} more`
  const last = shown.pop()
  return shown.length === 0 ? (last ?? '') : `${shown.join(', ')} and ${last}`
}

/** ` Did you mean "Epochs"?`, or '' when no candidate is close. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const match = nearest(name, candidates)
  return match === undefined ? '' : ` Did you mean ${showValue(match)}?`
}

/**
 * The candidate closest to `name`: one that differs only in case, else the first at the smallest
 * edit distance, if that is at most a third of the longer name (so `Epoch` finds `Epochs`, but
 * `lr` finds nothing in `LearningRate`).
 */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase()
  const sameButCase = candidates.find(candidate => candidate.toLowerCase() === lower)
  if (sameButCase !== undefined) return sameButCase

  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const limit = Math.min(
      Math.floor(Math.max(name.length, candidate.length) / 3),
      bestDistance - 1
    )
    const distance = editDistance(lower, candidate.toLowerCase(), limit)
    if (distance !== undefined) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * The optimal string alignment distance (Levenshtein plus swaps of neighbours, as in `Epcohs`), or
 * undefined when it is above `limit`; stops as soon as no alignment can come within it.
 */
export function editDistance(a: string, b: string, limit = Infinity): number | undefined {
  if (Math.abs(a.length - b.length) > limit) return undefined
  let beforePrevious: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let distance = Math.min(
        (previous[j] ?? Infinity) + 1,
        (row[j - 1] ?? Infinity) + 1,
        (previous[j - 1] ?? Infinity) + cost
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, (beforePrevious[j - 2] ?? Infinity) + 1)
      row.push(distance)
    }
    if (Math.min(...row) > limit) return undefined
    beforePrevious = previous
    previous = row
  }
  const distance = previous[b.length] ?? Infinity
  return distance <= limit ? distance : undefined
}
