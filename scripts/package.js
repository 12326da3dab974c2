// Builds the action's bundle (index.js, licenses.txt and ncc's package.json) into a folder.
// `npm run package` builds dist/; check-dist.js builds a fresh copy to compare with it.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const ncc = fileURLToPath(new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url))

/**
 * How the bundle is built; the benchmark builds its floor the same way. Minified: the runner
 * parses the whole bundle at every start, and a smaller one takes less memory (about 7 MiB).
 */
export const NCC_OPTIONS = ['--target', 'es2022', '--minify']

export function buildBundle(outDir, { quiet = false } = {}) {
  execFileSync(
    process.execPath,
    [ncc, 'build', 'src/index.ts', '-o', outDir, '--license', 'licenses.txt', ...NCC_OPTIONS],
    { cwd: root, stdio: quiet ? 'pipe' : 'inherit' }
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildBundle(process.argv[2] ?? 'dist')
