// Durations as people write them in workflow files (`45s`, `30m`, `1h30m`) and read them in logs.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Parses `1h30m`, `45s`, `2h`, `500ms`; a bare number means minutes. Returns undefined for text
 * that is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase()
  if (/^[0-9]+(\.[0-9]+)?$/.test(value)) return Math.round(Number(value) * UNIT_MS.m!)
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$/.test(value)) return undefined
  let total = 0
  for (const [, amount, unit] of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g))
    total += Number(amount) * UNIT_MS[unit!]!
  return Math.round(total)
}

/** `4m12s`, `1h0m5s`, `850ms`: short, and exact to the second. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`
  const seconds = Math.round(ms / 1000)
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (h > 0) return `${h}h${m}m${s}s`
  if (m > 0) return `${m}m${s}s`
  return `${s}s`
}
