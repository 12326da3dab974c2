// What the fake's one repository holds: its pull requests, their comments, commit statuses, and
// every edit of a comment by someone other than its author.
import type {
  AuthorAssociation,
  CommitStatus,
  ForeignEdit,
  GitHubUser,
  PullRequestSeed
} from './types.js'

export type StoredPullRequest = Required<Omit<PullRequestSeed, 'mergeCommitSha'>> & {
  mergeCommitSha?: string
  createdAt: number
}

export interface StoredComment {
  id: number
  issueNumber: number
  body: string
  user: GitHubUser
  authorAssociation: AuthorAssociation
  createdAt: number
  updatedAt: number
}

export type StoredStatus = Pick<
  CommitStatus,
  'id' | 'state' | 'description' | 'target_url' | 'context' | 'creator'
> & { createdAt: number }

// Ids in the range GitHub's are in today, so code that assumes small ids shows.
const FIRST_COMMENT_ID = 2_000_000_001
const FIRST_STATUS_ID = 30_000_000_001

export class RepositoryState {
  readonly owner: string
  readonly name: string
  readonly pulls = new Map<number, StoredPullRequest>()
  /** Oldest first, as GitHub lists them. */
  readonly comments: StoredComment[] = []
  /** Per sha, oldest first. */
  readonly statuses = new Map<string, StoredStatus[]>()
  readonly foreignEdits: ForeignEdit[] = []
  #nextCommentId = FIRST_COMMENT_ID
  #nextStatusId = FIRST_STATUS_ID

  constructor(fullName: string) {
    const [owner, name, ...rest] = fullName.split('/')
    if (!owner || !name || rest.length > 0) {
      throw new Error(`repository must be owner/name, not ${JSON.stringify(fullName)}`)
    }
    this.owner = owner
    this.name = name
  }

  /** GitHub's owner and repository names are case-insensitive. */
  is(owner: string, name: string): boolean {
    return (
      owner.toLowerCase() === this.owner.toLowerCase() &&
      name.toLowerCase() === this.name.toLowerCase()
    )
  }

  addPullRequest(seed: PullRequestSeed, now: number): void {
    this.pulls.set(seed.number, {
      state: 'open',
      fork: false,
      baseRef: 'main',
      headRef: `feature-${seed.number}`,
      title: `Pull request ${seed.number}`,
      author: 'octocat',
      draft: false,
      listedByCommit: true,
      ...seed,
      createdAt: now
    })
  }

  commentsOn(issueNumber: number): StoredComment[] {
    return this.comments.filter(c => c.issueNumber === issueNumber)
  }

  addComment(
    issueNumber: number,
    body: string,
    user: GitHubUser,
    authorAssociation: AuthorAssociation,
    now: number
  ): StoredComment {
    const comment = {
      id: this.#nextCommentId++,
      issueNumber,
      body,
      user,
      authorAssociation,
      createdAt: now,
      updatedAt: now
    }
    this.comments.push(comment)
    return comment
  }

  editComment(comment: StoredComment, body: string, editor: string, now: number): void {
    if (editor !== comment.user.login) {
      this.foreignEdits.push({ commentId: comment.id, author: comment.user.login, editor })
    }
    comment.body = body
    comment.updatedAt = now
  }

  addStatus(
    sha: string,
    status: Omit<StoredStatus, 'id' | 'createdAt'>,
    now: number
  ): StoredStatus {
    const stored = { ...status, id: this.#nextStatusId++, createdAt: now }
    const key = sha.toLowerCase()
    this.statuses.set(key, [...(this.statuses.get(key) ?? []), stored])
    return stored
  }

  statusesOf(sha: string): StoredStatus[] {
    return this.statuses.get(sha.toLowerCase()) ?? []
  }
}
