// The inputs of reporting on GitHub: the token, the pull-request comment, the commit status.
import { parseBoolean } from './input-checks.js'
import { InputError } from './input-error.js'

export interface ReportSettings {
  /** github-token: masked as soon as it is read, sent only to GITHUB_API_URL. */
  token: string
  pullRequestComment: boolean
  commitStatus: boolean
}

/** Undefined when neither report is asked for: then no GitHub call is made, nor Octokit loaded. */
export function parseReportSettings(read: (name: string) => string): ReportSettings | undefined {
  const pullRequestComment = parseBoolean(
    'pull-request-comment',
    read('pull-request-comment'),
    false
  )
  const commitStatus = parseBoolean('commit-status', read('commit-status'), false)
  const token = read('github-token')
  if (!pullRequestComment && !commitStatus) return undefined
  if (token === '')
    throw new InputError(
      'github-token',
      `is empty: ${pullRequestComment ? 'pull-request-comment' : 'commit-status'} needs a token (the default is \${{ github.token }}).`
    )
  return { token, pullRequestComment, commitStatus }
}
