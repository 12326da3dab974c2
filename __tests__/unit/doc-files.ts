// The Markdown the docs tests read: the README a user reads first, the guides in docs/, and
// CONTRIBUTING.md for maintainers.
import { readdirSync, readFileSync } from 'node:fs'

export const root = new URL('../../', import.meta.url)

/** Paths from the repository's root: README.md, then docs/*.md, then CONTRIBUTING.md. */
export const DOC_FILES: readonly string[] = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter(name => name.endsWith('.md'))
    .sort()
    .map(name => `docs/${name}`),
  'CONTRIBUTING.md'
]

export const readDoc = (path: string): string => readFileSync(new URL(path, root), 'utf8')
