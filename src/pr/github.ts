// The GitHub REST calls of reporting: pull requests of a commit, the action's own comment on
// each, a commit status. Through @actions/github's getOctokit, which sends them to the runner's
// GITHUB_API_URL (GitHub Enterprise Server too), with the retries GitHub asks for: a rate limit's
// retry-after, and a few backed-off tries of a 404 or a 5xx. Loaded only when reporting is on.
import { setTimeout as sleep } from 'node:timers/promises'
import { getOctokit } from '@actions/github'

type Octokit = ReturnType<typeof getOctokit>

/** Tries of one call, the first included. */
const MOST_TRIES = 4
/** A longer retry-after would hold the step: give up and warn instead. */
const LONGEST_WAIT_MS = 60_000
/** Who GITHUB_TOKEN writes as: the guess when GitHub will not say who the token is. */
const ACTIONS_BOT = 'github-actions[bot]'
/**
 * Who the token acts as. GraphQL's viewer, not REST's GET /user: GET /user is 403 for every
 * installation token, so a GitHub App's token (`<app-slug>[bot]`) would pass for GITHUB_TOKEN and
 * never find its own comment; the viewer is the token's own login for apps and people alike.
 */
const VIEWER_LOGIN = 'query { viewer { login } }'

export interface PullRequest {
  number: number
  /** Whether its head is in a fork: its GITHUB_TOKEN is read-only. */
  fromFork: boolean
}

/** A fork's branch: `owner` is the fork's owner, as GET .../pulls?head=owner:branch takes it. */
export interface ForkHead {
  owner: string
  branch: string
}

/** What the two pull-request lists have in common, as far as finding a commit's goes. */
interface ListedPull {
  state: string
  number: number
  head: { sha: string; repo: { full_name: string } | null }
}

interface Comment {
  id: number
  url: string
}

export interface GitHub {
  /**
   * The open pull requests whose head is `sha`, at most `most`; for a commit of a fork's branch
   * (`forkHead`), looked up by that branch too when the commit's own list has none.
   */
  pullRequestsOf(sha: string, most: number, forkHead?: ForkHead): Promise<PullRequest[]>
  /** Who the token acts as: the author of the comments the action may edit. */
  login(): Promise<string>
  /** The first comment on the pull request by `author` whose body `isOurs`. */
  findComment(
    number: number,
    author: string,
    isOurs: (body: string) => boolean
  ): Promise<Comment | undefined>
  createComment(number: number, body: string): Promise<Comment>
  updateComment(id: number, body: string): Promise<Comment>
  setStatus(
    sha: string,
    status: { state: string; description: string; context: string; targetUrl?: string }
  ): Promise<void>
}

export function connectGitHub(
  token: string,
  repository: string,
  wait: (ms: number) => Promise<unknown> = sleep
): GitHub {
  const octokit: Octokit = getOctokit(token)
  const [owner = '', repo = ''] = repository.split('/')
  const tried = <T>(call: () => Promise<T>) => withRetries(call, wait)
  const comment = ({ id, html_url }: { id: number; html_url: string }): Comment => ({
    id,
    url: html_url
  })
  return {
    pullRequestsOf: async (sha, most, forkHead) => {
      const openWithHead = async (list: () => Promise<{ data: ListedPull[] }>) =>
        (await tried(list)).data.filter(pull => pull.state === 'open' && pull.head.sha === sha)
      let found = await openWithHead(() =>
        octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha })
      )
      // A commit that only a fork has is not the base repository's: GitHub may list no pull
      // request for it, so ask for the open ones of the fork's branch.
      if (found.length === 0 && forkHead)
        found = await openWithHead(() =>
          octokit.rest.pulls.list({
            owner,
            repo,
            state: 'open',
            head: `${forkHead.owner}:${forkHead.branch}`,
            per_page: 100
          })
        )
      return found.slice(0, most).map(pull => ({
        number: pull.number,
        fromFork: pull.head.repo?.full_name !== undefined && pull.head.repo.full_name !== repository
      }))
    },
    login: async () => {
      try {
        const { viewer } = await tried(() =>
          octokit.graphql<{ viewer: { login: string } }>(VIEWER_LOGIN)
        )
        return viewer.login
      } catch (error) {
        // A server that refuses the query (403, or GraphQL's own errors): GITHUB_TOKEN is likeliest.
        if (statusOf(error) === 403 || isGraphqlError(error)) return ACTIONS_BOT
        throw error
      }
    },
    findComment: async (number, author, isOurs) => {
      const iterable = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100
      })
      const pages = iterable[Symbol.asyncIterator]()
      for (let page = await tried(() => pages.next()); !page.done;) {
        const found = page.value.data.find(c => c.user?.login === author && isOurs(c.body ?? ''))
        if (found) return comment(found)
        page = await tried(() => pages.next())
      }
      return undefined
    },
    createComment: async (number, body) =>
      comment(
        (
          await tried(() =>
            octokit.rest.issues.createComment({ owner, repo, issue_number: number, body })
          )
        ).data
      ),
    updateComment: async (id, body) =>
      comment(
        (
          await tried(() =>
            octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body })
          )
        ).data
      ),
    setStatus: async (sha, { state, description, context, targetUrl }) => {
      await tried(() =>
        octokit.rest.repos.createCommitStatus({
          owner,
          repo,
          sha,
          state: state as 'pending',
          description,
          context,
          ...(targetUrl && { target_url: targetUrl })
        })
      )
    }
  }
}

/** The HTTP status of an Octokit RequestError; undefined for other errors. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

/** A GraphQL answer that carried errors instead of data (Octokit's GraphqlResponseError). */
const isGraphqlError = (error: unknown): boolean =>
  Array.isArray((error as { errors?: unknown } | undefined)?.errors)

/**
 * Runs a call again when GitHub says to: after a rate limit's retry-after (or until its reset),
 * or, for a 404 (a comment just made may not be readable yet) or a 5xx, after a backed-off,
 * jittered pause. Anything else, and the last try's failure, is the caller's.
 */
async function withRetries<T>(
  call: () => Promise<T>,
  wait: (ms: number) => Promise<unknown>
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      const pause = attempt < MOST_TRIES ? retryPause(error, attempt) : undefined
      if (pause === undefined) throw error
      await wait(pause)
    }
  }
}

function retryPause(error: unknown, attempt: number): number | undefined {
  const status = statusOf(error)
  const headers = ((error as { response?: { headers?: Record<string, string> } }).response
    ?.headers ?? {}) as Record<string, string | undefined>
  if (status === 403 || status === 429) {
    const after = Number(headers['retry-after'])
    if (Number.isFinite(after) && after >= 0)
      return after * 1000 <= LONGEST_WAIT_MS ? after * 1000 : undefined
    if (headers['x-ratelimit-remaining'] === '0') {
      const until = Number(headers['x-ratelimit-reset']) * 1000 - Date.now()
      return Number.isFinite(until) && until <= LONGEST_WAIT_MS ? Math.max(until, 0) : undefined
    }
    return undefined
  }
  if (status === 404 || (status !== undefined && status >= 500))
    return 1000 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)
  return undefined
}
