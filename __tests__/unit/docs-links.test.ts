// A link that leads nowhere sends the reader back to search: every relative link in the README,
// the guides in docs/ and CONTRIBUTING.md must name a file that exists and, with `#anchor`, a
// heading in it, under GitHub's anchor rules. Each guide links back to the README, and the README
// links to each guide.
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { posix } from 'node:path'
import { DOC_FILES, readDoc, root } from './doc-files.js'

interface Link {
  line: number
  target: string
}

/** The text without its fenced code blocks and code spans, blanked so offsets and lines stay. */
function prose(markdown: string): string {
  let fence: string | undefined
  const lines = markdown.split(/\r?\n/).map(line => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined
      return ''
    }
    return fence === undefined ? line : ''
  })
  return lines.join('\n').replace(/(`+)[^`]*?\1/g, span => span.replace(/[^\n]/g, ' '))
}

/** Inline links `[text](target)` and reference definitions `[label]: target`, with their lines. */
function links(markdown: string): Link[] {
  const text = prose(markdown)
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length
  const inline = [
    ...text.matchAll(/\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)
  ]
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)/gm)]
  return [...inline, ...definitions]
    .map(match => ({ line: lineOf(match.index), target: match[1] ?? '' }))
    .sort((a, b) => a.line - b.line)
}

/** GitHub's anchor for a heading: lower case, spaces to hyphens, other punctuation dropped. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** The anchors of a Markdown text's headings; a repeated heading gets `-1`, `-2`, ... as on GitHub. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>()
  for (const line of prose(markdown).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1]
    if (heading === undefined) continue
    const base = slug(heading)
    let anchor = base
    for (let n = 1; found.has(anchor); n++) anchor = `${base}-${n}`
    found.add(anchor)
  }
  return found
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target)

/** What is wrong with a link from `file` to `target`; undefined when it resolves. */
function problem(file: string, target: string): string | undefined {
  const hash = target.indexOf('#')
  const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash))
  const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1))
  const resolved = path === '' ? file : posix.normalize(posix.join(posix.dirname(file), path))
  if (resolved.startsWith('../')) return `leads out of the repository (${resolved})`
  if (!existsSync(new URL(resolved, root))) return `names ${resolved}, which does not exist`
  if (anchor === undefined) return undefined
  if (!resolved.endsWith('.md')) return `has an anchor, but ${resolved} is not Markdown`
  const headings = anchors(readDoc(resolved))
  if (headings.has(anchor)) return undefined
  return `names #${anchor}, which is not a heading of ${resolved}`
}

describe.each(DOC_FILES)('the links of %s', file => {
  const relative = links(readDoc(file)).filter(link => !isExternal(link.target))

  it('are found', () => {
    expect(relative.length).toBeGreaterThan(0)
  })

  it('resolve to a file and, with an anchor, a heading in it', () => {
    const problems = relative.flatMap(link => {
      const wrong = problem(file, link.target)
      return wrong === undefined ? [] : [`${file}:${link.line}: (${link.target}) ${wrong}`]
    })
    expect(problems).toEqual([])
  })
})

describe('the guides', () => {
  const guides = DOC_FILES.filter(file => file.startsWith('docs/'))
  const readmeTargets = links(readDoc('README.md')).map(link => link.target.split('#')[0])

  it.each(guides)('%s starts with a title and links back to the README', guide => {
    const text = readDoc(guide)
    expect(text.split('\n')[0]).toMatch(/^# \S/)
    expect(links(text).map(link => link.target.split('#')[0])).toContain('../README.md')
  })

  it.each(guides)('%s is linked from the README', guide => {
    expect(readmeTargets).toContain(guide)
  })
})

describe('the link check', () => {
  it('makes anchors as GitHub does', () => {
    expect(slug('Try it locally (quick start)')).toBe('try-it-locally-quick-start')
    expect(slug('role-to-assume: credentials that renew themselves')).toBe(
      'role-to-assume-credentials-that-renew-themselves'
    )
    expect(slug("Passing a step's output")).toBe('passing-a-steps-output')
    expect(slug('The `wait_timeout` input, [linked](x.md)')).toBe('the-wait_timeout-input-linked')
    expect([...anchors('# A\n## A\n```\n# B\n```\n### A\n')]).toEqual(['a', 'a-1', 'a-2'])
  })

  it('reads links outside code, over line breaks, and only those', () => {
    const text = 'See [a\nguide](docs/x.md#y) and `[not](this.md)`.\n```\n[nor](that.md)\n```\n'
    expect(links(text)).toEqual([{ line: 1, target: 'docs/x.md#y' }])
  })

  it('reports a missing file and a missing heading', () => {
    expect(problem('docs/waiting.md', '../README.md#no-such-heading')).toBe(
      'names #no-such-heading, which is not a heading of README.md'
    )
    expect(problem('README.md', 'docs/nope.md')).toBe('names docs/nope.md, which does not exist')
    expect(problem('README.md', '#usage')).toBeUndefined()
  })
})
