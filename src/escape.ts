// Text that came from outside (inputs, SageMaker's answers) is escaped before it is shown.

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/**
 * Escapes text for an HTML element in the job summary. Markdown is not parsed inside an HTML
 * block, but a blank line would end the block, so line breaks become <br>. Characters that
 * GitHub's Markdown would still act on (backslash, backtick, pipes in tables) are made entities.
 */
export function escapeHtml(text: string): string {
  return escapeCharacters(text).replace(/\r\n|\r|\n/g, '<br>')
}

/**
 * Escapes text for a <pre> in the job summary, keeping its line breaks: GitHub's stylesheet hides
 * <br> inside <code>. A blank line would still end the HTML block, so a line break that would
 * start an empty or blank line is the reference &#10;, which the browser shows and Markdown does
 * not see.
 */
export function escapePreformatted(text: string): string {
  return escapeCharacters(text)
    .replace(/\r\n?/g, '\n')
    .replace(/\n(?=[^\S\n]*(\n|$))/g, '&#10;')
}

function escapeCharacters(text: string): string {
  return text
    .replace(/[&<>"']/g, char => HTML_ENTITIES[char] ?? char)
    .replace(/[\\`|*_[\]]/g, char => `&#${char.charCodeAt(0)};`)
}

/**
 * Text from outside on one log line: a line break inside it could start a line with `::`, which
 * the runner would read as a workflow command.
 */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim()
}
