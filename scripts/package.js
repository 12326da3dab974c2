// Builds the action's bundle (index.js, the chunks it loads on demand, licenses.txt and ncc's
// package.json) into a folder. `npm run package` builds dist/; check-dist.js builds a fresh copy
// to compare with it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const ncc = fileURLToPath(new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url))

/**
 * How the bundle is built; the benchmark builds its floor the same way. Minified: the runner
 * parses the whole bundle at every start, and a smaller one takes less memory (about 7 MiB).
 */
export const NCC_OPTIONS = ['--target', 'es2022', '--minify']

export function buildBundle(outDir, { quiet = false } = {}) {
  // ncc writes the chunks it makes and leaves those it no longer makes: remove them first.
  const out = resolve(root, outDir)
  for (const file of readdirSafe(out)) if (/^\d+\.index\.js$/.test(file)) rmSync(join(out, file))
  const scratch = mkdtempSync(join(tmpdir(), 'ncc-stats-'))
  const stats = join(scratch, 'stats.json')
  try {
    execFileSync(
      process.execPath,
      [
        ncc,
        'build',
        'src/index.ts',
        '-o',
        outDir,
        '--license',
        'licenses.txt',
        '--stats-out',
        stats
      ].concat(NCC_OPTIONS),
      { cwd: root, stdio: quiet ? 'pipe' : 'inherit' }
    )
    writeFileSync(join(out, 'licenses.txt'), licenses(stats))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * The licenses of every package in every chunk. ncc writes one licenses.txt per chunk under the
 * same name, so a bundle with a chunk loaded on demand (@actions/core's OIDC client) would keep
 * the last chunk's only; this lists them all, in ncc's form (name, license, text), from the
 * build's own module list.
 */
function licenses(statsFile) {
  const { modules } = JSON.parse(readFileSync(statsFile, 'utf8'))
  /** Package name -> its folder, nested node_modules included. */
  const packages = new Map()
  const visit = (list, inChunk) => {
    for (const module of list ?? []) {
      // Top-level modules in no chunk were dropped by tree shaking; nested ones share their parent's.
      if (!inChunk && !(module.chunks?.length > 0)) continue
      const folder = /^(?:\.\/)?(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(String(module.name))
      if (folder && !packages.has(folder[2])) packages.set(folder[2], join(root, folder[1]))
      visit(module.modules, true)
    }
  }
  visit(modules, false)
  return [...packages]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, dir]) => {
      const { license = '' } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      const file = readdirSync(dir).find(entry => /^licen[cs]e/i.test(entry))
      const text = file
        ? readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n').trimEnd()
        : ''
      return `${name}\n${typeof license === 'string' ? license : ''}\n${text}`
    })
    .join('\n\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildBundle(process.argv[2] ?? 'dist')

function readdirSafe(dir) {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
