// Renders a Markdown file (a job summary, a pull-request comment) as GitHub would show it, to a PNG,
// so a change to what the action writes can be looked at before it ships.
//
//   npx tsx scripts/render-markdown.ts summary.md out.png [width,height]
//
// The renderer and the stylesheet are not dependencies of the action: install them in a scratch
// directory (npm install markdown-it github-markdown-css) and point RENDER_MODULES at its
// node_modules (default /tmp/render/node_modules). Chromium must be on the PATH (or CHROMIUM).
// markdown-it is CommonMark plus GFM's tables; GitHub then sanitizes the HTML, which this does not,
// so what it shows holds for tags GitHub's sanitizer keeps (pre, code, table, details, ...).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

interface MarkdownRenderer {
  render(markdown: string): string
}
type MarkdownItConstructor = new (options: { html: boolean }) => MarkdownRenderer

const [input, output, size = '1000,1400'] = process.argv.slice(2)
if (!input || !output) {
  console.error('Usage: tsx scripts/render-markdown.ts <file.md> <out.png> [width,height]')
  process.exit(2)
}

const modules = resolve(process.env.RENDER_MODULES ?? '/tmp/render/node_modules')
const MarkdownIt = createRequire(import.meta.url)(
  join(modules, 'markdown-it')
) as MarkdownItConstructor
const css = readFileSync(join(modules, 'github-markdown-css/github-markdown-light.css'), 'utf8')

// Raw HTML on, as on GitHub: the summary is mostly HTML blocks.
const body = new MarkdownIt({ html: true }).render(readFileSync(input, 'utf8'))
const page = `<!doctype html>
<html><head><meta charset="utf-8"><style>${css}
.markdown-body { box-sizing: border-box; max-width: 980px; margin: 0 auto; padding: 45px; }
</style></head>
<body><article class="markdown-body">
${body}
</article></body></html>
`

// The page stays beside the PNG (out.html), to read what the renderer made of the Markdown.
const html = `${resolve(output).replace(/\.png$/i, '')}.html`
writeFileSync(html, page)
const work = mkdtempSync(join(tmpdir(), 'render-markdown-'))
try {
  execFileSync(
    process.env.CHROMIUM ?? 'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(work, 'profile')}`,
      `--screenshot=${resolve(output)}`,
      `--window-size=${size}`,
      pathToFileURL(html).href
    ],
    // Chromium's stderr is noise (no D-Bus in a container) unless it fails; then the error has it.
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  console.log(`Wrote ${output}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
