// The public types of the local GitHub REST API: its options, what a test seeds and what it reads.

export interface GitHubEmulatorOptions {
  /** 0 (the default) for any free port. */
  port?: number
  /** The only repository that exists, `owner/name`; default `acme/churn`. */
  repository?: string
  /** The clock of created_at and updated_at, and of the rate limit's window; default Date.now. */
  now?: () => number
}

type PermissionLevel = 'write' | 'read' | 'none'

/** What a token may do, as a workflow's `permissions:` grants it to GITHUB_TOKEN. */
export interface TokenPermissions {
  /** Pull requests and their comments; listing a commit's pull requests needs read. */
  pullRequests: PermissionLevel
  /** Commit statuses. */
  statuses: PermissionLevel
}

/** Who a token acts as, and what it may do. */
export interface TokenIdentity {
  login: string
  /** Default `Bot` for an app, `User` otherwise. */
  type?: 'User' | 'Bot'
  /** The user's id; default a stable one derived from the login (41898282 for github-actions[bot]). */
  id?: number
  /** An installation token, as GITHUB_TOKEN is: GET /user is 403 for it; GraphQL's viewer is its bot. */
  app?: boolean
  /** Default: write to both. */
  permissions?: Partial<TokenPermissions>
}

export interface PullRequestSeed {
  number: number
  headSha: string
  /** Default `open`. */
  state?: 'open' | 'closed'
  /** Whether the head is in a fork (owned by `author`); default false. */
  fork?: boolean
  /** Default `main`. */
  baseRef?: string
  /** Default `feature-{number}`. */
  headRef?: string
  /**
   * Whether GET .../commits/{sha}/pulls lists it for its head sha; default true. False is a fork's
   * head commit that GitHub does not count as the base repository's, so only GET .../pulls with
   * `head=<owner>:<branch>` finds the pull request.
   */
  listedByCommit?: boolean
  /** The merge commit's sha: GitHub lists the pull request for it too. */
  mergeCommitSha?: string
  /** Default `Pull request {number}`. */
  title?: string
  /** Who opened it; default `octocat`. */
  author?: string
  /** Default false. */
  draft?: boolean
}

export type AuthorAssociation =
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'MANNEQUIN'
  | 'MEMBER'
  | 'NONE'
  | 'OWNER'

export interface CommentSeed {
  body: string
  login: string
  /** Default `User`. */
  type?: 'User' | 'Bot'
  /** Default `NONE`. */
  authorAssociation?: AuthorAssociation
}

/** A GitHub user as the API shows one (`simple-user`). */
export interface GitHubUser {
  login: string
  id: number
  node_id: string
  type: 'User' | 'Bot'
  [field: string]: unknown
}

/** An issue comment as GET .../issues/{n}/comments answers it (`issue-comment`). */
export interface IssueComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: GitHubUser
  created_at: string
  updated_at: string
  author_association: AuthorAssociation
  [field: string]: unknown
}

/** A commit status as POST .../statuses/{sha} answers it (`status`). */
export interface CommitStatus {
  id: number
  node_id: string
  url: string
  state: 'error' | 'failure' | 'pending' | 'success'
  description: string | null
  target_url: string | null
  context: string
  created_at: string
  updated_at: string
  creator: GitHubUser
  [field: string]: unknown
}

/** A comment edited by someone other than its author: the action must never do this. */
export interface ForeignEdit {
  commentId: number
  author: string
  editor: string
}

export interface GitHubRequest {
  method: string
  path: string
  query: Record<string, string>
  /** The parsed JSON body, or the text when it is not JSON; undefined when empty. */
  body?: unknown
  /** The token sent (`token X` or `Bearer X`); undefined when none. */
  token?: string
  /** The operation matched; undefined for a path GitHub does not have here (404). */
  operationId?: string
  status: number
  fault?: GitHubFaultAction['kind']
  receivedAt: Date
}

/** One way a request breaks GitHub's OpenAPI description. */
export interface GitHubViolation {
  operationId: string
  location: 'path' | 'query' | 'body'
  /** The parameter's name, or a JSON pointer into the body ('' is the body itself). */
  pointer: string
  message: string
}

export type GitHubFaultAction =
  /** 403 "You have exceeded a secondary rate limit", with `retry-after` (default 60 seconds). */
  | { kind: 'secondary-rate-limit'; retryAfter?: number }
  /**
   * 403 (or 429) "API rate limit exceeded", with `x-ratelimit-remaining: 0` and
   * `x-ratelimit-reset` `resetAfter` seconds on (default 60).
   */
  | { kind: 'primary-rate-limit'; status?: 403 | 429; resetAfter?: number }
  /** 500 "Server Error", 502 or 503. */
  | { kind: 'server-error'; status?: 500 | 502 | 503 }
  /** GitHub's 404, as for a repository the token cannot see. */
  | { kind: 'not-found' }

export type GitHubFault = GitHubFaultAction & {
  /** How many matching calls get the fault; default 1 (Infinity for all). */
  times?: number
  /** The first matching call (counted from injection, 1-based) that gets it; default 1. */
  fromCall?: number
}
