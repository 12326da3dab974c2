// Where a run's CPU time goes, by package: `tsx scripts/bench/profile.ts <run.cpuprofile> [bundle.js]`.
// Record the profile with `node --cpu-prof --cpu-prof-dir=<dir> <bundle.js>`. With a bundle built
// with a source map (`ncc build -s`; drop its `import './sourcemap-register.cjs'`), frames are
// traced back to the package they came from; without one, to the file. The time before the
// first sample in run() is start-up (module evaluation); the rest is the step itself.
import { readFileSync, existsSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { fileURLToPath } from 'node:url'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

interface Frame {
  /** npm package, `src/<file>`, or a bucket such as (node internals) or (garbage collector). */
  owner: string
  parent: number | undefined
  /** Whether this frame is the action's run() (src/main.ts). */
  isRun: boolean
}

interface Totals {
  self: Map<string, number>
  /** Time with the owner anywhere on the stack, counted once a sample. */
  inclusive: Map<string, number>
  total: number
}

export interface ProfileReport {
  spanMs: number
  /** From the profile's start to the first sample inside run(); undefined if run() never showed. */
  startUpMs: number | undefined
  startUp: Totals
  step: Totals
}

export function analyseProfile(profile: CpuProfile, bundle?: string): ProfileReport {
  const map = bundle && existsSync(`${bundle}.map`) ? loadSourceMap(`${bundle}.map`) : undefined
  const bundleUrl = bundle ? new URL(`file://${bundle}`).href : undefined
  const frames = new Map<number, Frame>()
  const parents = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id)
  for (const node of profile.nodes) {
    const { owner, source, name } = ownerOf(node.callFrame, map, bundleUrl)
    frames.set(node.id, {
      owner,
      parent: parents.get(node.id),
      isRun: /src\/main\.ts$/.test(source) && name === 'run'
    })
  }

  const startUp = emptyTotals()
  const step = emptyTotals()
  let clock = profile.startTime
  let startUpUs: number | undefined
  profile.samples.forEach((sample, i) => {
    clock += profile.timeDeltas[i] ?? 0
    // The delta before a sample is the time spent at it (V8 attributes it so too).
    const us = profile.timeDeltas[i + 1] ?? 0
    const stack = stackOf(frames, sample)
    if (startUpUs === undefined && stack.some(frame => frame.isRun))
      startUpUs = clock - profile.startTime
    const totals = startUpUs === undefined ? startUp : step
    const leaf = stack[0]
    if (!leaf) return
    add(totals.self, leaf.owner, us)
    for (const owner of new Set(stack.map(frame => frame.owner))) add(totals.inclusive, owner, us)
    totals.total += us
  })
  return {
    spanMs: (profile.endTime - profile.startTime) / 1000,
    startUpMs: startUpUs === undefined ? undefined : startUpUs / 1000,
    startUp,
    step
  }
}

function loadSourceMap(path: string): SourceMap {
  return new SourceMap(JSON.parse(readFileSync(path, 'utf8')) as SourceMapPayload)
}

function ownerOf(
  frame: CallFrame,
  map: SourceMap | undefined,
  bundleUrl: string | undefined
): { owner: string; source: string; name: string } {
  const name = frame.functionName
  if (!frame.url) return { owner: name || '(anonymous)', source: '', name }
  if (frame.url.startsWith('node:')) return { owner: '(node internals)', source: frame.url, name }
  let source = frame.url
  if (map && frame.url === bundleUrl) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber)
    source = 'originalSource' in entry ? entry.originalSource : '(unmapped bundle code)'
  }
  return { owner: packageOf(source), source, name }
}

/** `…/node_modules/@smithy/core/dist-cjs/x.js` → `@smithy/core`; `…/src/main.ts` → `src/main.ts`. */
export function packageOf(source: string): string {
  const inPackage = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)
  if (inPackage?.[1]) return inPackage[1]
  const own = /(?:^|\/)(src\/[^/]+)$/.exec(source)
  if (own?.[1]) return own[1]
  if (/webpack/.test(source)) return '(bundler runtime)'
  return source.replace(/^file:\/\//, '')
}

function stackOf(frames: Map<number, Frame>, leaf: number): Frame[] {
  const stack: Frame[] = []
  for (let id: number | undefined = leaf; id !== undefined;) {
    const frame = frames.get(id)
    if (!frame) break
    stack.push(frame)
    id = frame.parent
  }
  return stack
}

function emptyTotals(): Totals {
  return { self: new Map(), inclusive: new Map(), total: 0 }
}

function add(totals: Map<string, number>, key: string, us: number): void {
  totals.set(key, (totals.get(key) ?? 0) + us)
}

export function formatReport(report: ProfileReport, top = 15): string {
  const lines = [
    `Profile span ${report.spanMs.toFixed(1)} ms (Node's own bootstrap comes before it).`,
    report.startUpMs === undefined
      ? 'run() never showed in a sample: all of it is start-up.'
      : `Start-up (to the first sample in run()): ${report.startUpMs.toFixed(1)} ms; run() and after: ${(report.spanMs - report.startUpMs).toFixed(1)} ms.`
  ]
  for (const [title, totals] of [
    ['Start-up', report.startUp],
    ['run() and after', report.step]
  ] as const) {
    lines.push('', `${title}: ${(totals.total / 1000).toFixed(1)} ms sampled`)
    lines.push(`  ${'self ms'.padStart(8)} ${'incl ms'.padStart(8)}  owner`)
    const rows = [...totals.inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    for (const [owner, inclusive] of rows)
      lines.push(
        `  ${((totals.self.get(owner) ?? 0) / 1000).toFixed(1).padStart(8)} ${(inclusive / 1000).toFixed(1).padStart(8)}  ${owner}`
      )
  }
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [profilePath, bundle] = process.argv.slice(2)
  if (!profilePath) {
    console.error('Usage: tsx scripts/bench/profile.ts <run.cpuprofile> [bundle.js]')
    process.exit(2)
  }
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile
  console.log(formatReport(analyseProfile(profile, bundle)))
}
