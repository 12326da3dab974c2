// The objects GitHub answers with (users, repositories, pull requests, comments, statuses), with
// every field GitHub's schemas require, API URLs on the fake's own endpoint.
import type {
  AuthorAssociation,
  CommitStatus,
  GitHubUser,
  IssueComment,
  PullRequestSeed
} from './types.js'

const WEB = 'https://github.com'
/** github-actions[bot]'s user id on github.com. */
const ACTIONS_BOT_ID = 41898282

/** A stable id for a name, so the same login or repository always has the same id. */
export function idFor(name: string): number {
  if (name === 'github-actions[bot]') return ACTIONS_BOT_ID
  let hash = 2166136261
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0
  return 1_000_000 + (hash % 90_000_000)
}

const nodeId = (prefix: string, id: number): string =>
  `${prefix}_${Buffer.from(`0:${id}`).toString('base64url')}`

export const timestamp = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

export function user(
  api: string,
  login: string,
  type: 'User' | 'Bot',
  id = idFor(login)
): GitHubUser {
  const url = `${api}/users/${encodeURIComponent(login)}`
  return {
    login,
    id,
    node_id: nodeId(type === 'Bot' ? 'BOT' : 'U', id),
    avatar_url:
      type === 'Bot'
        ? `https://avatars.githubusercontent.com/in/${id}?v=4`
        : `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: type === 'Bot' ? `${WEB}/apps/${login.replace(/\[bot\]$/, '')}` : `${WEB}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false
  }
}

/** GET /user's answer for a user's own token (`private-user`). */
export function privateUser(api: string, login: string, id: number, created: string): object {
  return {
    ...user(api, login, 'User', id),
    user_view_type: 'private',
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true
  }
}

function repository(api: string, owner: string, name: string, fork: boolean): object {
  const full = `${owner}/${name}`
  const url = `${api}/repos/${full}`
  const id = idFor(full)
  return {
    id,
    node_id: nodeId('R', id),
    name,
    full_name: full,
    owner: user(api, owner, 'User'),
    private: false,
    html_url: `${WEB}/${full}`,
    description: null,
    fork,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${full}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${full}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${WEB}/${full}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: `${WEB}/${full}`,
    homepage: null,
    language: 'Python',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    default_branch: 'main',
    open_issues_count: 0,
    open_issues: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: null,
    created_at: null,
    updated_at: null
  }
}

/** A seeded pull request as GitHub lists it (`pull-request-simple`). */
export function pullRequest(
  api: string,
  repo: { owner: string; name: string },
  seed: Required<Omit<PullRequestSeed, 'mergeCommitSha'>> & { mergeCommitSha?: string },
  created: string
): object {
  const full = `${repo.owner}/${repo.name}`
  const url = `${api}/repos/${full}/pulls/${seed.number}`
  const issue = `${api}/repos/${full}/issues/${seed.number}`
  const html = `${WEB}/${full}/pull/${seed.number}`
  const statuses = `${api}/repos/${full}/statuses/${seed.headSha}`
  const id = idFor(`${full}#${seed.number}`)
  const author = user(api, seed.author, 'User')
  const headOwner = seed.fork ? seed.author : repo.owner
  const link = (href: string) => ({ href })
  return {
    url,
    id,
    node_id: nodeId('PR', id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/repos/${full}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: seed.number,
    state: seed.state,
    locked: false,
    title: seed.title,
    user: author,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: created,
    updated_at: created,
    closed_at: seed.state === 'closed' ? created : null,
    merged_at: null,
    merge_commit_sha: seed.mergeCommitSha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${headOwner}:${seed.headRef}`,
      ref: seed.headRef,
      sha: seed.headSha,
      user: user(api, headOwner, 'User'),
      repo: repository(api, headOwner, repo.name, seed.fork)
    },
    base: {
      label: `${repo.owner}:${seed.baseRef}`,
      ref: seed.baseRef,
      // The base branch's tip; the fake keeps no commits, so any stable sha.
      sha: '0'.repeat(40),
      user: user(api, repo.owner, 'User'),
      repo: repository(api, repo.owner, repo.name, false)
    },
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issue),
      comments: link(`${issue}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/repos/${full}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(statuses)
    },
    author_association: seed.fork ? 'CONTRIBUTOR' : 'MEMBER',
    auto_merge: null,
    draft: seed.draft
  }
}

export function issueComment(
  api: string,
  repo: { owner: string; name: string },
  issueNumber: number,
  comment: {
    id: number
    body: string
    user: GitHubUser
    authorAssociation: AuthorAssociation
    created: string
    updated: string
  }
): IssueComment {
  const full = `${repo.owner}/${repo.name}`
  const url = `${api}/repos/${full}/issues/comments/${comment.id}`
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url,
    html_url: `${WEB}/${full}/pull/${issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/repos/${full}/issues/${issueNumber}`,
    body: comment.body,
    user: comment.user,
    created_at: comment.created,
    updated_at: comment.updated,
    author_association: comment.authorAssociation,
    reactions: {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0
    },
    performed_via_github_app: null
  }
}

export function commitStatus(
  api: string,
  repo: { owner: string; name: string },
  sha: string,
  status: Pick<CommitStatus, 'id' | 'state' | 'description' | 'target_url' | 'context' | 'creator'>,
  created: string
): CommitStatus {
  return {
    url: `${api}/repos/${repo.owner}/${repo.name}/statuses/${sha}`,
    avatar_url: status.creator.avatar_url as string,
    id: status.id,
    node_id: nodeId('SC', status.id),
    state: status.state,
    description: status.description,
    target_url: status.target_url,
    context: status.context,
    created_at: created,
    updated_at: created,
    creator: status.creator
  }
}
