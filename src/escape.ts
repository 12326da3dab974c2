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
  return text
    .replace(/[&<>"']/g, char => HTML_ENTITIES[char] ?? char)
    .replace(/[\\`|*_[\]]/g, char => `&#${char.charCodeAt(0)};`)
    .replace(/\r\n|\r|\n/g, '<br>')
}

/**
 * Text from outside on one log line: a line break inside it could start a line with `::`, which
 * the runner would read as a workflow command.
 */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim()
}
