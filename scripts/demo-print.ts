// How `npm run demo`'s scenes print: a scene's title, what a person reads (a job summary, a
// pull-request comment) as plain text, and the claims a scene checks.
import { decodeHtml } from '../test-support/runner.js'

export function section(title: string): void {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 72 - title.length))}\n`)
}

/**
 * Markdown with HTML, as a reader sees it: tags and hidden markers gone, a table row or a block
 * to a line, indented under the scene.
 */
export function asText(markdown: string): string {
  return decodeHtml(
    markdown
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<br>/g, ' ')
      .replace(/<\/(tr|summary|p|h3|li|pre)>/g, '\n')
      .replace(/<\/t[hd]>/g, '  ')
      .replace(/<[^>]+>/g, '')
  )
    .replace(/\u200b/g, '')
    .split('\n')
    .map(line => `    ${line.trimEnd()}`)
    .filter(line => line.trim())
    .join('\n')
}

/** Prints each claim a scene checked with whether it holds; true when all do. */
export function printClaims(code: number | null, claims: [string, boolean][]): boolean {
  console.log(`\n--- Exit code ${code}. Checked:`)
  for (const [claim, holds] of claims) console.log(`    ${holds ? 'yes' : 'NO '} ${claim}`)
  return claims.every(([, holds]) => holds)
}
