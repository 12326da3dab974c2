// What each GitHub operation does once the request is authenticated and conforms to the OpenAPI
// description: the permission it needs, GitHub's rules beyond the schema, and the answer.
import type { ParameterValues } from './openapi.js'
import { paginate } from './pagination.js'
import { commitStatus, issueComment, privateUser, pullRequest, timestamp } from './payloads.js'
import { notAccessible, notFound, unprocessable, validationFailed } from './replies.js'
import type { Reply } from './replies.js'
import type { RepositoryState, StoredComment, StoredStatus } from './repository-state.js'
import type { CommitStatus, GitHubUser, IssueComment, TokenPermissions } from './types.js'

/** The authenticated caller: the token's identity, complete. */
export interface Caller {
  user: GitHubUser
  app: boolean
  permissions: TokenPermissions
}

export interface OperationCall {
  operationId: string
  documentationUrl: string
  state: RepositoryState
  /** The fake's base URL, for the API URLs in answers. */
  api: string
  /** The request's absolute URL, for Link headers. */
  url: URL
  caller: Caller
  values: ParameterValues
  /** The JSON body, already checked against the operation's schema. */
  body: Record<string, unknown>
  now: number
}

/** GitHub's limits: an issue comment's body, a status's description, statuses per sha and context. */
const MAX_COMMENT_LENGTH = 65536
const MAX_STATUS_DESCRIPTION = 140
const MAX_STATUSES_PER_CONTEXT = 1000

interface Need {
  scope: keyof TokenPermissions
  level: 'read' | 'write'
  /** GitHub's x-accepted-github-permissions: the permissions any one of which would do. */
  accepted: string
}

interface OperationSpec {
  need?: Need
  serve: (call: OperationCall) => Reply
}

const OPERATIONS: Record<string, OperationSpec> = {
  'issues/list-comments': {
    need: { scope: 'pullRequests', level: 'read', accepted: 'issues=read; pull_requests=read' },
    serve: call => {
      const issueNumber = call.values.issue_number as number
      if (!call.state.pulls.has(issueNumber)) return notFound(call.documentationUrl)
      const since = typeof call.values.since === 'string' ? Date.parse(call.values.since) : NaN
      const comments = call.state
        .commentsOn(issueNumber)
        .filter(c => Number.isNaN(since) || c.updatedAt >= since)
      const { page, link } = paginate(comments, call.values, call.url)
      return {
        status: 200,
        headers: link ? { link } : undefined,
        body: page.map(c => renderComment(call, c))
      }
    }
  },
  'issues/create-comment': {
    need: { scope: 'pullRequests', level: 'write', accepted: 'issues=write; pull_requests=write' },
    serve: call => {
      const issueNumber = call.values.issue_number as number
      if (!call.state.pulls.has(issueNumber)) return notFound(call.documentationUrl)
      const body = call.body.body as string
      const tooLong = checkCommentLength(call, body)
      if (tooLong) return tooLong
      const comment = call.state.addComment(issueNumber, body, call.caller.user, 'NONE', call.now)
      const rendered = renderComment(call, comment)
      return { status: 201, headers: { location: rendered.url }, body: rendered }
    }
  },
  'issues/update-comment': {
    need: { scope: 'pullRequests', level: 'write', accepted: 'issues=write; pull_requests=write' },
    serve: call => {
      const comment = call.state.comments.find(c => c.id === call.values.comment_id)
      if (!comment) return notFound(call.documentationUrl)
      const body = call.body.body as string
      const tooLong = checkCommentLength(call, body)
      if (tooLong) return tooLong
      call.state.editComment(comment, body, call.caller.user.login, call.now)
      return { status: 200, body: renderComment(call, comment) }
    }
  },
  'repos/create-commit-status': {
    need: { scope: 'statuses', level: 'write', accepted: 'statuses=write' },
    serve: call => {
      const sha = call.values.sha as string
      if (!/^[0-9a-f]{40}$/i.test(sha)) {
        return unprocessable(`No commit found for SHA: ${sha}`, call.documentationUrl)
      }
      const description = (call.body.description as string | null | undefined) ?? null
      if (description !== null && [...description].length > MAX_STATUS_DESCRIPTION) {
        return validationFailed(call.documentationUrl, [
          {
            resource: 'Status',
            code: 'custom',
            field: 'description',
            message: `description is too long (maximum is ${MAX_STATUS_DESCRIPTION} characters)`
          }
        ])
      }
      const context = (call.body.context as string | undefined) ?? 'default'
      const sameContext = call.state
        .statusesOf(sha)
        .filter(s => s.context.toLowerCase() === context.toLowerCase())
      if (sameContext.length >= MAX_STATUSES_PER_CONTEXT) {
        return validationFailed(call.documentationUrl, [
          {
            resource: 'Status',
            code: 'custom',
            field: 'context',
            message: 'This SHA and context has reached the maximum number of statuses.'
          }
        ])
      }
      const stored = call.state.addStatus(
        sha,
        {
          state: call.body.state as CommitStatus['state'],
          description,
          target_url: (call.body.target_url as string | null | undefined) ?? null,
          context,
          creator: call.caller.user
        },
        call.now
      )
      const rendered = renderStatus(call, sha, stored)
      return { status: 201, headers: { location: rendered.url }, body: rendered }
    }
  },
  'repos/list-pull-requests-associated-with-commit': {
    need: { scope: 'pullRequests', level: 'read', accepted: 'contents=read; pull_requests=read' },
    serve: call => {
      const sha = (call.values.commit_sha as string).toLowerCase()
      const pulls = [...call.state.pulls.values()].filter(
        p =>
          (p.listedByCommit && p.headSha.toLowerCase() === sha) ||
          p.mergeCommitSha?.toLowerCase() === sha
      )
      const { page, link } = paginate(pulls, call.values, call.url)
      return {
        status: 200,
        headers: link ? { link } : undefined,
        body: page.map(p => pullRequest(call.api, call.state, p, timestamp(p.createdAt)))
      }
    }
  },
  'pulls/list': {
    need: { scope: 'pullRequests', level: 'read', accepted: 'pull_requests=read' },
    serve: call => {
      const {
        state = 'open',
        head,
        base,
        sort = 'created',
        direction
      } = call.values as Record<string, string | undefined>
      // head is `<owner>:<branch>`; GitHub matches the owner's login case-insensitively.
      const [headOwner, headRef] = head?.includes(':') ? head.split(/:(.*)/s) : [head, undefined]
      const descending = (direction ?? (sort === 'created' ? 'desc' : 'asc')) === 'desc'
      const pulls = [...call.state.pulls.values()]
        .filter(p => state === 'all' || p.state === state)
        .filter(p => base === undefined || p.baseRef === base)
        .filter(p => {
          if (headOwner === undefined) return true
          const owner = p.fork ? p.author : call.state.owner
          return (
            owner.toLowerCase() === headOwner.toLowerCase() &&
            (headRef === undefined || p.headRef === headRef)
          )
        })
        .sort((a, b) => (a.createdAt - b.createdAt || a.number - b.number) * (descending ? -1 : 1))
      const { page, link } = paginate(pulls, call.values, call.url)
      return {
        status: 200,
        headers: link ? { link } : undefined,
        body: page.map(p => pullRequest(call.api, call.state, p, timestamp(p.createdAt)))
      }
    }
  },
  'users/get-authenticated': {
    serve: call => {
      // An installation token acts for an app, which is no user.
      if (call.caller.app) return notAccessible(call.documentationUrl, true)
      const { login, id } = call.caller.user
      return { status: 200, body: privateUser(call.api, login, id, timestamp(call.now)) }
    }
  }
}

/** Whether the operation needs the repository (all but GET /user). */
export const isRepositoryOperation = (operationId: string): boolean =>
  operationId !== 'users/get-authenticated'

/** Answers a call: 403 without the permission it needs, else what the operation answers. */
export function serve(call: OperationCall): Reply {
  const spec = OPERATIONS[call.operationId]
  if (!spec) throw new Error(`The GitHub fake does not serve ${call.operationId}`)
  if (spec.need && !allows(call.caller.permissions[spec.need.scope], spec.need.level)) {
    return notAccessible(call.documentationUrl, call.caller.app, spec.need.accepted)
  }
  return spec.serve(call)
}

const allows = (granted: TokenPermissions[keyof TokenPermissions], needed: 'read' | 'write') =>
  granted === 'write' || (granted === 'read' && needed === 'read')

function checkCommentLength(call: OperationCall, body: string): Reply | undefined {
  if ([...body].length <= MAX_COMMENT_LENGTH) return undefined
  return validationFailed(call.documentationUrl, [
    {
      resource: 'IssueComment',
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`
    }
  ])
}

/** A comment as GitHub shows it; the fake's snapshots show the same. */
export const renderComment = (
  at: Pick<OperationCall, 'api' | 'state'>,
  c: StoredComment
): IssueComment =>
  issueComment(at.api, at.state, c.issueNumber, {
    id: c.id,
    body: c.body,
    user: c.user,
    authorAssociation: c.authorAssociation,
    created: timestamp(c.createdAt),
    updated: timestamp(c.updatedAt)
  })

/** A status as GitHub shows it; the fake's snapshots show the same. */
export const renderStatus = (
  at: Pick<OperationCall, 'api' | 'state'>,
  sha: string,
  s: StoredStatus
): CommitStatus => commitStatus(at.api, at.state, sha, s, timestamp(s.createdAt))
