// Fails when the committed dist/ is not what `npm run package` builds from src/ now: the runner
// runs dist/, so a stale bundle would ship code that no test has seen.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildBundle } from './package.js'

const dist = fileURLToPath(new URL('../dist', import.meta.url))
const fresh = mkdtempSync(join(tmpdir(), 'check-dist-'))
try {
  buildBundle(fresh, { quiet: true })
  const files = new Set([...readdirSync(dist), ...readdirSync(fresh)])
  const differ = [...files].filter(file => {
    const read = dir => {
      try {
        return readFileSync(join(dir, file))
      } catch {
        return undefined
      }
    }
    const [committed, built] = [read(dist), read(fresh)]
    return !committed || !built || !committed.equals(built)
  })
  if (differ.length > 0) {
    console.error(`dist/ differs from a fresh build in: ${differ.join(', ')}`)
    console.error('Run `npm run package` and commit dist/.')
    process.exit(1)
  }
  // Every dependency's license is listed (package.js writes licenses.txt for all chunks).
  const licenses = readFileSync(join(dist, 'licenses.txt'), 'utf8').split('\n')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const unlisted = Object.keys(pkg.dependencies).filter(name => !licenses.includes(name))
  if (unlisted.length > 0) {
    console.error(
      `dist/licenses.txt lacks: ${unlisted.join(', ')} (is the bundle split into chunks?)`
    )
    process.exit(1)
  }
  console.log(`dist/ matches a fresh build (${files.size} files), licenses included.`)
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
