// A local GitHub REST API for the operations the action reports with (a pull request's comments, a
// commit status, a commit's pull requests, the authenticated user, and GraphQL's viewer), on loopback, for
// GITHUB_API_URL: tokens as the test registers them, requests checked against GitHub's OpenAPI
// description, and faults on demand.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FaultPlan } from '../faults.js'
import {
  GRAPHQL_OPERATION,
  answerGraphql,
  graphqlUnauthorized,
  isGraphqlRequest
} from './graphql.js'
import { checkRequest, findRoute } from './openapi.js'
import type { Route } from './openapi.js'
import { isRepositoryOperation, renderComment, renderStatus, serve } from './operations.js'
import type { Caller } from './operations.js'
import { idFor, user } from './payloads.js'
import { RateLimits, anonymousHeaders, spentHeaders } from './rate-limit.js'
import {
  badCredentials,
  invalidRequest,
  notFound,
  primaryRateLimit,
  problemsParsingJson,
  requiresAuthentication,
  secondaryRateLimit,
  serverError
} from './replies.js'
import type { Reply } from './replies.js'
import { RepositoryState } from './repository-state.js'
import type {
  CommentSeed,
  CommitStatus,
  ForeignEdit,
  GitHubEmulatorOptions,
  GitHubFault,
  GitHubFaultAction,
  GitHubRequest,
  GitHubViolation,
  IssueComment,
  PullRequestSeed,
  TokenIdentity
} from './types.js'

/** Starts the GitHub API; see GitHubEmulator. */
export async function startGitHubEmulator(
  options: GitHubEmulatorOptions = {}
): Promise<GitHubEmulator> {
  const emulator = new GitHubEmulator(options)
  await emulator.listen(options.port ?? 0)
  return emulator
}

/**
 * Point GITHUB_API_URL (or Octokit's baseUrl) at `endpoint` and send `DEFAULT_TOKEN`, or a token
 * registered with addToken. Only `repository` exists, and only the pull requests seeded with
 * addPullRequest: comments on any other number are GitHub's 404.
 */
export class GitHubEmulator {
  /** An installation token (GITHUB_TOKEN) of github-actions[bot], writing pull requests and statuses. */
  static readonly DEFAULT_TOKEN = 'ghs_emulatorDefaultToken0000000000000000'
  static readonly DEFAULT_IDENTITY: TokenIdentity = {
    login: 'github-actions[bot]',
    type: 'Bot',
    app: true,
    permissions: { pullRequests: 'write', statuses: 'write' }
  }

  readonly #server: Server
  readonly #options: GitHubEmulatorOptions
  readonly #now: () => number
  #state: RepositoryState
  #tokens = new Map<string, TokenIdentity>()
  #requests: GitHubRequest[] = []
  #violations: GitHubViolation[] = []
  #faults = new FaultPlan<GitHubFaultAction>()
  #rateLimits = new RateLimits()
  #port = 0

  constructor(options: GitHubEmulatorOptions = {}) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#state = new RepositoryState(options.repository ?? 'acme/churn')
    this.#tokens.set(GitHubEmulator.DEFAULT_TOKEN, GitHubEmulator.DEFAULT_IDENTITY)
    this.#server = createServer((req, res) => this.#receive(req, res))
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, '127.0.0.1', () => resolve())
    })
    this.#port = (this.#server.address() as AddressInfo).port
  }

  /** For GITHUB_API_URL. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`
  }

  /** `owner/name`, for GITHUB_REPOSITORY. */
  get repository(): string {
    return `${this.#state.owner}/${this.#state.name}`
  }

  /**
   * Registers a token: `{ login: 'github-actions[bot]', app: true, permissions: { pullRequests:
   * 'read', statuses: 'read' } }` is a fork pull request's GITHUB_TOKEN.
   */
  addToken(token: string, identity: TokenIdentity): void {
    this.#tokens.set(token, identity)
  }

  /** A pull request of the repository; GET .../commits/{sha}/pulls lists it for headSha. */
  addPullRequest(seed: PullRequestSeed): void {
    this.#state.addPullRequest(seed, this.#now())
  }

  /** A comment by someone, e.g. a person who pasted the action's hidden marker; the comment shown. */
  addComment(issueNumber: number, seed: CommentSeed): IssueComment {
    if (!this.#state.pulls.has(issueNumber)) {
      throw new Error(`Pull request ${issueNumber} is not seeded: addPullRequest first`)
    }
    const type = seed.type ?? 'User'
    const stored = this.#state.addComment(
      issueNumber,
      seed.body,
      user(this.endpoint, seed.login, type),
      seed.authorAssociation ?? 'NONE',
      this.#now()
    )
    return renderComment(this.#at(), stored)
  }

  /** The comments on a pull request, oldest first, as GitHub lists them. */
  comments(issueNumber: number): IssueComment[] {
    return this.#state.commentsOn(issueNumber).map(c => renderComment(this.#at(), c))
  }

  /** The statuses of a commit, oldest first. */
  statuses(sha: string): CommitStatus[] {
    return this.#state.statusesOf(sha).map(s => renderStatus(this.#at(), sha, s))
  }

  /** Comments edited by someone other than their author; GitHub allows it, the action must not. */
  get foreignEdits(): readonly ForeignEdit[] {
    return this.#state.foreignEdits
  }

  /** Every request, in order, with the status it was answered. */
  get requests(): readonly GitHubRequest[] {
    return this.#requests
  }

  /** Every way a request broke GitHub's OpenAPI description; each such request was answered 422. */
  get violations(): readonly GitHubViolation[] {
    return this.#violations
  }

  /**
   * Faults for the requests `matcher` names: an operationId (`issues/create-comment`), a method and
   * path template (`POST /repos/{owner}/{repo}/issues/{issue_number}/comments`), or '*'.
   */
  inject(matcher: string, fault: GitHubFault): void {
    this.#faults.add(matcher, fault)
  }

  /** Forgets pull requests, comments, statuses, requests, violations, faults and added tokens. */
  reset(): void {
    this.#state = new RepositoryState(this.#options.repository ?? 'acme/churn')
    this.#tokens = new Map([[GitHubEmulator.DEFAULT_TOKEN, GitHubEmulator.DEFAULT_IDENTITY]])
    this.#requests = []
    this.#violations = []
    this.#faults.clear()
    this.#rateLimits.clear()
  }

  async close(): Promise<void> {
    const closed = new Promise<void>(resolve => this.#server.close(() => resolve()))
    this.#server.closeAllConnections()
    await closed
  }

  #at() {
    return { api: this.endpoint, state: this.#state }
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const now = this.#now()
      const url = new URL(req.url ?? '/', this.endpoint)
      const text = Buffer.concat(chunks).toString('utf8')
      const token = tokenOf(req.headers.authorization)
      const record: GitHubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text === '' ? undefined : parsedOrText(text),
        token,
        status: 0,
        receivedAt: new Date(now)
      }
      this.#requests.push(record)
      let answered: { reply: Reply; headers: Record<string, string> }
      try {
        answered = this.#answer(record, url, text, now)
      } catch (error) {
        // A bug of the fake still answers, so the client fails instead of hanging.
        answered = { reply: { status: 500, body: { message: String(error) } }, headers: {} }
      }
      record.status = answered.reply.status
      send(res, answered.reply, answered.headers)
    })
  }

  #answer(
    record: GitHubRequest,
    url: URL,
    text: string,
    now: number
  ): { reply: Reply; headers: Record<string, string> } {
    if (isGraphqlRequest(record.method, url.pathname)) return this.#graphql(record, text, now)
    const route = findRoute(record.method, url.pathname)
    record.operationId = route?.operation.operationId
    const docs = route?.operation.documentationUrl
    if (record.token === undefined) {
      return { reply: requiresAuthentication(docs), headers: anonymousHeaders(now) }
    }
    const identity = this.#tokens.get(record.token)
    if (!identity) return { reply: badCredentials(), headers: anonymousHeaders(now) }
    const caller = callerOf(this.endpoint, identity)
    const limit = this.#rateLimits.count(record.token, caller.app, now)
    if (limit.exceeded) {
      return { reply: primaryRateLimit(403, idOf(caller)), headers: limit.headers }
    }
    if (!route) return { reply: notFound(), headers: limit.headers }
    return { reply: this.#operate(route, record, url, text, caller, now), headers: limit.headers }
  }

  // GraphQL has a points budget of its own, apart from REST's: its requests spend none of it here.
  #graphql(
    record: GitHubRequest,
    text: string,
    now: number
  ): { reply: Reply; headers: Record<string, string> } {
    record.operationId = GRAPHQL_OPERATION
    const identity = record.token === undefined ? undefined : this.#tokens.get(record.token)
    if (!identity) {
      const known = record.token === undefined ? 'none' : 'bad'
      return { reply: graphqlUnauthorized(known), headers: anonymousHeaders(now) }
    }
    const caller = callerOf(this.endpoint, identity)
    const fault = this.#injected(record, [GRAPHQL_OPERATION, 'POST /graphql'], caller, now)
    if (fault) return { reply: fault, headers: {} }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return { reply: problemsParsingJson('https://docs.github.com/graphql'), headers: {} }
    }
    const answered = answerGraphql(body, caller.user)
    this.#violations.push(...answered.violations)
    return { reply: answered.reply, headers: {} }
  }

  /** The next fault injected for '*' or one of `names`, recorded on the request; else undefined. */
  #injected(
    record: GitHubRequest,
    names: string[],
    caller: Caller,
    now: number
  ): Reply | undefined {
    const fault = this.#faults.nextNamed(['*', ...names])
    if (!fault) return undefined
    record.fault = fault.kind
    return faultReply(fault, caller, now)
  }

  #operate(
    route: Route,
    record: GitHubRequest,
    url: URL,
    text: string,
    caller: Caller,
    now: number
  ): Reply {
    const { operation } = route
    let body: unknown
    if (text !== '') {
      try {
        body = JSON.parse(text)
      } catch {
        return problemsParsingJson(operation.documentationUrl)
      }
    }
    const checked = checkRequest(route, url.searchParams, body)
    this.#violations.push(...checked.violations)
    const fault = this.#injected(
      record,
      [operation.operationId, `${operation.method} ${operation.template}`],
      caller,
      now
    )
    if (fault) return fault
    if (checked.violations.length > 0) {
      return invalidRequest(operation.documentationUrl, checked.violations)
    }
    if (
      isRepositoryOperation(operation.operationId) &&
      !this.#state.is(route.params.owner ?? '', route.params.repo ?? '')
    ) {
      return notFound(operation.documentationUrl)
    }
    return serve({
      operationId: operation.operationId,
      documentationUrl: operation.documentationUrl,
      state: this.#state,
      api: this.endpoint,
      url,
      caller,
      values: checked.values,
      body: (body ?? {}) as Record<string, unknown>,
      now
    })
  }
}

function faultReply(fault: GitHubFaultAction, caller: Caller, now: number): Reply {
  switch (fault.kind) {
    case 'secondary-rate-limit':
      return secondaryRateLimit(fault.retryAfter ?? 60)
    case 'primary-rate-limit':
      return primaryRateLimit(
        fault.status ?? 403,
        idOf(caller),
        spentHeaders(caller.app, now + (fault.resetAfter ?? 60) * 1000)
      )
    case 'server-error':
      return serverError(fault.status ?? 500)
    case 'not-found':
      return notFound()
  }
}

function callerOf(api: string, identity: TokenIdentity): Caller {
  const app = identity.app ?? false
  return {
    user: user(api, identity.login, identity.type ?? (app ? 'Bot' : 'User'), identity.id),
    app,
    permissions: { pullRequests: 'write', statuses: 'write', ...identity.permissions }
  }
}

// An installation's id is not the bot's user id; any stable number does for the message.
const idOf = (caller: Caller): { app: boolean; id: number } => ({
  app: caller.app,
  id: caller.app ? idFor(`installation:${caller.user.login}`) : caller.user.id
})

/** `token X` and `Bearer X`, as GitHub accepts them; any other header is kept whole, a token no one has. */
function tokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  return /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header)?.[1] ?? header
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function send(res: ServerResponse, reply: Reply, rateLimit: Record<string, string>): void {
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': requestId(),
    ...rateLimit,
    ...reply.headers
  })
  res.end(JSON.stringify(reply.body))
}

/** Shaped as GitHub's: five hex groups, e.g. `C0DE:1A2B3C:4D5E6F:7A8B9C:65A1B2C3`. */
function requestId(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase()
  return [hex(2), hex(3), hex(3), hex(3), hex(4)].join(':')
}
