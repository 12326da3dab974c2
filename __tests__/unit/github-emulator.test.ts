// The local GitHub API, called as the action will call it: @actions/github's getOctokit, pointed at
// it by GITHUB_API_URL, over HTTP. Every answer Octokit gets is checked against the schema GitHub's
// OpenAPI description gives for it, so the fake cannot drift from GitHub.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  checkComponent,
  checkResponse,
  GitHubEmulator,
  startGitHubEmulator
} from '../../emulator/index.js'

type Octokit = ReturnType<(typeof import('@actions/github'))['getOctokit']>

const HEAD = '4f2c9d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392'
const REPO = { owner: 'acme', repo: 'churn' }
const READ_ONLY = 'ghs_forkPullRequestToken'

let github: GitHubEmulator
let getOctokit: (typeof import('@actions/github'))['getOctokit']
let octokit: Octokit
let drift: Array<{ operationId: string; status: number; problems: unknown[] }>

/** An Octokit for `token` whose every answer is checked against the description. */
function client(token: string = GitHubEmulator.DEFAULT_TOKEN): Octokit {
  const made = getOctokit(token)
  made.hook.wrap('request', async (request, options) => {
    const checked = (status: number, data: unknown): void => {
      const operationId = github.requests.at(-1)?.operationId
      // GraphQL has no OpenAPI description: its answers are checked where they are asked.
      if (!operationId || operationId === 'graphql') return
      const problems = checkResponse(operationId, status, data)
      if (problems.length > 0) drift.push({ operationId, status, problems })
    }
    try {
      const response = await request(options)
      checked(response.status, response.data)
      return response
    } catch (error) {
      const failed = error as { status?: number; response?: { data: unknown } }
      if (failed.status && failed.response) checked(failed.status, failed.response.data)
      throw error
    }
  })
  return made
}

/** What Octokit threw: the status, GitHub's body and the headers. */
async function failure(call: Promise<unknown>) {
  try {
    await call
  } catch (error) {
    const { status, response } = error as {
      status: number
      response: { data: unknown; headers: Record<string, string | undefined> }
    }
    return { status, body: response.data, headers: response.headers }
  }
  throw new Error('The call succeeded')
}

beforeAll(async () => {
  github = await startGitHubEmulator()
  // As the runner gives it to the action: @actions/github reads it when it loads.
  process.env.GITHUB_API_URL = github.endpoint
  ;({ getOctokit } = await import('@actions/github'))
})

afterAll(async () => {
  delete process.env.GITHUB_API_URL
  await github.close()
})

beforeEach(() => {
  github.reset()
  drift = []
  github.addPullRequest({ number: 7, headSha: HEAD })
  github.addToken(READ_ONLY, {
    login: 'github-actions[bot]',
    app: true,
    permissions: { pullRequests: 'read', statuses: 'read' }
  })
  octokit = client()
})

afterEach(() => {
  expect(drift).toEqual([])
})

describe('issue comments', () => {
  it('creates, lists and updates a comment as github-actions[bot]', async () => {
    const created = await octokit.rest.issues.createComment({
      ...REPO,
      issue_number: 7,
      body: 'first'
    })
    expect(created.status).toBe(201)
    expect(created.headers.location).toBe(created.data.url)
    expect(created.data).toMatchObject({
      body: 'first',
      html_url: `https://github.com/acme/churn/pull/7#issuecomment-${created.data.id}`,
      issue_url: `${github.endpoint}/repos/acme/churn/issues/7`,
      user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      author_association: 'NONE'
    })

    const updated = await octokit.rest.issues.updateComment({
      ...REPO,
      comment_id: created.data.id,
      body: 'second'
    })
    expect(updated.status).toBe(200)
    expect(updated.data).toMatchObject({ id: created.data.id, body: 'second' })

    const listed = await octokit.rest.issues.listComments({ ...REPO, issue_number: 7 })
    expect(listed.data.map(c => c.body)).toEqual(['second'])
    expect(github.comments(7)).toEqual(listed.data)
    expect(github.foreignEdits).toEqual([])
    expect(github.requests.map(r => [r.method, r.operationId, r.status, r.token])).toEqual([
      ['POST', 'issues/create-comment', 201, GitHubEmulator.DEFAULT_TOKEN],
      ['PATCH', 'issues/update-comment', 200, GitHubEmulator.DEFAULT_TOKEN],
      ['GET', 'issues/list-comments', 200, GitHubEmulator.DEFAULT_TOKEN]
    ])
  })

  it("allows editing someone else's comment, as GitHub does, and records it", async () => {
    const human = github.addComment(7, {
      body: '<!-- sagemaker-pipeline-action -->',
      login: 'alice',
      authorAssociation: 'MEMBER'
    })
    await octokit.rest.issues.updateComment({ ...REPO, comment_id: human.id, body: 'taken over' })
    expect(github.foreignEdits).toEqual([
      { commentId: human.id, author: 'alice', editor: 'github-actions[bot]' }
    ])
    expect(github.comments(7)[0]).toMatchObject({ body: 'taken over', user: { login: 'alice' } })
  })

  it('pages 150 comments with a Link header that paginate follows, oldest first', async () => {
    for (let i = 1; i <= 150; i++) github.addComment(7, { body: `comment ${i}`, login: 'alice' })

    const first = await octokit.rest.issues.listComments({ ...REPO, issue_number: 7 })
    const url = `${github.endpoint}/repos/acme/churn/issues/7/comments`
    expect(first.data).toHaveLength(30)
    expect(first.headers.link).toBe(`<${url}?page=2>; rel="next", <${url}?page=5>; rel="last"`)

    const middle = await octokit.rest.issues.listComments({
      ...REPO,
      issue_number: 7,
      per_page: 50,
      page: 2
    })
    expect(middle.headers.link).toBe(
      `<${url}?per_page=50&page=1>; rel="prev", <${url}?per_page=50&page=3>; rel="next", ` +
        `<${url}?per_page=50&page=3>; rel="last", <${url}?per_page=50&page=1>; rel="first"`
    )

    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...REPO,
      issue_number: 7,
      per_page: 100
    })
    expect(all.map(c => c.body)).toEqual(Array.from({ length: 150 }, (_, i) => `comment ${i + 1}`))
    expect(github.requests.filter(r => r.path.endsWith('/comments')).map(r => r.query)).toEqual([
      {},
      { per_page: '50', page: '2' },
      { per_page: '100' },
      { per_page: '100', page: '2' }
    ])

    const capped = await octokit.rest.issues.listComments({
      ...REPO,
      issue_number: 7,
      per_page: 500
    })
    expect(capped.data).toHaveLength(100)
  })

  it('answers a body over 65536 characters 422, as GitHub words it', async () => {
    const atLimit = await octokit.rest.issues.createComment({
      ...REPO,
      issue_number: 7,
      body: 'x'.repeat(65536)
    })
    expect(atLimit.status).toBe(201)

    const tooLong = await failure(
      octokit.rest.issues.createComment({ ...REPO, issue_number: 7, body: 'x'.repeat(65537) })
    )
    expect(tooLong).toMatchObject({
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)'
          }
        ],
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment'
      }
    })
    const edit = await failure(
      octokit.rest.issues.updateComment({
        ...REPO,
        comment_id: atLimit.data.id,
        body: 'x'.repeat(70000)
      })
    )
    expect(edit.status).toBe(422)
    expect(github.comments(7)).toHaveLength(1)
  })

  it('answers 404 for a pull request or repository that does not exist', async () => {
    const noPull = await failure(
      octokit.rest.issues.createComment({ ...REPO, issue_number: 8, body: 'x' })
    )
    expect(noPull).toMatchObject({
      status: 404,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '404'
      }
    })
    const noRepo = await failure(
      octokit.rest.issues.listComments({ owner: 'acme', repo: 'other', issue_number: 7 })
    )
    expect(noRepo.status).toBe(404)
    const noComment = await failure(
      octokit.rest.issues.updateComment({ ...REPO, comment_id: 1, body: 'x' })
    )
    expect(noComment.status).toBe(404)
  })
})

describe('commit statuses', () => {
  it('creates a status, shown as GitHub shows it', async () => {
    const created = await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha: HEAD,
      state: 'pending',
      target_url: 'https://github.com/acme/churn/actions/runs/1',
      description: 'Pipeline execution started',
      context: 'sagemaker/churn-training'
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      state: 'pending',
      context: 'sagemaker/churn-training',
      creator: { login: 'github-actions[bot]' }
    })
    const defaults = await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha: HEAD,
      state: 'success'
    })
    expect(defaults.data).toMatchObject({ context: 'default', description: null, target_url: null })
    expect(github.statuses(HEAD)).toEqual([created.data, defaults.data])
    expect(github.statuses('0'.repeat(40))).toEqual([])
  })

  it('answers 422 for a description over 140 characters and a sha that is no commit', async () => {
    const long = await failure(
      octokit.rest.repos.createCommitStatus({
        ...REPO,
        sha: HEAD,
        state: 'success',
        description: 'd'.repeat(141)
      })
    )
    expect(long).toMatchObject({
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Status',
            field: 'description',
            message: 'description is too long (maximum is 140 characters)'
          }
        ]
      }
    })
    const short = await failure(
      octokit.rest.repos.createCommitStatus({ ...REPO, sha: 'main', state: 'success' })
    )
    expect(short).toMatchObject({ status: 422, body: { message: 'No commit found for SHA: main' } })
    expect(github.statuses(HEAD)).toEqual([])
  })
})

describe("a commit's pull requests", () => {
  it('lists the seeded pull requests whose head or merge commit it is, open and closed', async () => {
    github.addPullRequest({
      number: 8,
      headSha: HEAD,
      state: 'closed',
      fork: true,
      author: 'mallory'
    })
    github.addPullRequest({ number: 9, headSha: 'b'.repeat(40), mergeCommitSha: HEAD })
    github.addPullRequest({ number: 10, headSha: 'c'.repeat(40) })

    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...REPO,
      commit_sha: HEAD
    })
    expect(data.map(p => [p.number, p.state, p.head.repo.full_name, p.head.repo.fork])).toEqual([
      [7, 'open', 'acme/churn', false],
      [8, 'closed', 'mallory/churn', true],
      [9, 'open', 'acme/churn', false]
    ])
    expect(data[0]).toMatchObject({
      html_url: 'https://github.com/acme/churn/pull/7',
      head: { sha: HEAD, ref: 'feature-7' },
      base: { ref: 'main', repo: { full_name: 'acme/churn' } }
    })
    const none = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...REPO,
      commit_sha: 'd'.repeat(40)
    })
    expect(none.data).toEqual([])
  })

  it("leaves out a fork's head commit the base repository does not have, unless merged", async () => {
    github.addPullRequest({ number: 8, headSha: HEAD, fork: true, listedByCommit: false })
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...REPO,
      commit_sha: HEAD
    })
    expect(data.map(p => p.number)).toEqual([7])
  })
})

describe("the repository's pull requests", () => {
  it('lists the open ones, newest first, filtered by head owner:branch, base and state', async () => {
    github.addPullRequest({ number: 8, headSha: HEAD, fork: true, author: 'Mallory' })
    github.addPullRequest({ number: 9, headSha: 'b'.repeat(40), headRef: 'feature-8' })
    github.addPullRequest({ number: 10, headSha: 'c'.repeat(40), state: 'closed' })
    const numbers = async (
      query: Omit<NonNullable<Parameters<Octokit['rest']['pulls']['list']>[0]>, 'owner' | 'repo'>
    ) => (await octokit.rest.pulls.list({ ...REPO, ...query })).data.map(p => p.number)
    expect(await numbers({})).toEqual([9, 8, 7])
    expect(await numbers({ direction: 'asc' })).toEqual([7, 8, 9])
    expect(await numbers({ state: 'all' })).toEqual([10, 9, 8, 7])
    expect(await numbers({ head: 'mallory:feature-8' })).toEqual([8])
    expect(await numbers({ head: 'acme:feature-8' })).toEqual([9])
    expect(await numbers({ head: 'acme' })).toEqual([9, 7])
    expect(await numbers({ base: 'release' })).toEqual([])
    const paged = await octokit.paginate(octokit.rest.pulls.list, { ...REPO, per_page: 2 })
    expect(paged.map(p => p.number)).toEqual([9, 8, 7])
    expect(github.violations).toEqual([])
  })

  it('refuses a state GitHub does not have, as its schema check does', async () => {
    const refused = await failure(
      octokit.request('GET /repos/{owner}/{repo}/pulls', { ...REPO, state: 'merged' as 'open' })
    )
    expect(refused.status).toBe(422)
  })
})

describe('tokens', () => {
  it("answers GET /user 403 for an installation token, and the user for a person's", async () => {
    expect(await failure(octokit.rest.users.getAuthenticated())).toMatchObject({
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        status: '403'
      }
    })
    github.addToken('ghp_alice', { login: 'alice' })
    const { data } = await client('ghp_alice').rest.users.getAuthenticated()
    expect(data).toMatchObject({ login: 'alice', type: 'User' })
  })

  it("answers GraphQL's viewer with the token's own login: the app's bot for an installation token", async () => {
    const viewer = (token?: string) =>
      client(token).graphql<{ viewer: { login: string } }>('query { viewer { login } }')
    expect(await viewer()).toEqual({ viewer: { login: 'github-actions[bot]' } })
    github.addToken('ghs_app', { login: 'model-reporter[bot]', app: true })
    expect(await viewer('ghs_app')).toEqual({ viewer: { login: 'model-reporter[bot]' } })
    github.addToken('ghp_alice', { login: 'alice' })
    expect(await viewer('ghp_alice')).toEqual({ viewer: { login: 'alice' } })
    expect(github.requests.map(r => [r.method, r.path, r.operationId, r.status])).toEqual([
      ['POST', '/graphql', 'graphql', 200],
      ['POST', '/graphql', 'graphql', 200],
      ['POST', '/graphql', 'graphql', 200]
    ])
    expect(github.violations).toEqual([])
  })

  it('answers GraphQL 401 without a known token, and any other query with errors', async () => {
    expect(await failure(client('ghs_nobody').graphql('{ viewer { login } }'))).toMatchObject({
      status: 401,
      body: { message: 'Bad credentials' }
    })
    await expect(
      client().graphql('{ repository(owner: "acme", name: "churn") { id } }')
    ).rejects.toMatchObject({
      name: 'GraphqlResponseError',
      errors: [{ type: 'UNSUPPORTED' }]
    })
    expect(github.violations).toMatchObject([{ operationId: 'graphql', pointer: '/query' }])
  })

  it("answers a read-only token's writes 403, as a fork pull request's GITHUB_TOKEN gets", async () => {
    const fork = client(READ_ONLY)
    const listed = await fork.rest.issues.listComments({ ...REPO, issue_number: 7 })
    expect(listed.status).toBe(200)

    const comment = await failure(
      fork.rest.issues.createComment({ ...REPO, issue_number: 7, body: 'x' })
    )
    expect(comment).toMatchObject({
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '403'
      },
      headers: { 'x-accepted-github-permissions': 'issues=write; pull_requests=write' }
    })
    const status = await failure(
      fork.rest.repos.createCommitStatus({ ...REPO, sha: HEAD, state: 'success' })
    )
    expect(status.status).toBe(403)
    expect(github.comments(7)).toEqual([])
    expect(github.statuses(HEAD)).toEqual([])
  })

  it('answers an unknown token 401 Bad credentials, and accepts Bearer as well as token', async () => {
    expect(
      await failure(client('ghs_unknown').rest.issues.listComments({ ...REPO, issue_number: 7 }))
    ).toMatchObject({
      status: 401,
      body: {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401'
      }
    })
    const bearer = await fetch(`${github.endpoint}/repos/acme/churn/issues/7/comments`, {
      headers: { authorization: `Bearer ${GitHubEmulator.DEFAULT_TOKEN}` }
    })
    expect(bearer.status).toBe(200)
    const anonymous = await fetch(`${github.endpoint}/repos/acme/churn/issues/7/comments`)
    expect(anonymous.status).toBe(401)
  })
})

describe('faults', () => {
  it('answers a secondary rate limit with retry-after, for as many calls as asked', async () => {
    github.inject('issues/create-comment', { kind: 'secondary-rate-limit', retryAfter: 42 })
    const limited = await failure(
      octokit.rest.issues.createComment({ ...REPO, issue_number: 7, body: 'x' })
    )
    expect(limited).toMatchObject({
      status: 403,
      body: {
        message: expect.stringMatching(
          /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again/
        ),
        documentation_url:
          'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: '403'
      },
      headers: { 'retry-after': '42' }
    })
    const retried = await octokit.rest.issues.createComment({ ...REPO, issue_number: 7, body: 'x' })
    expect(retried.status).toBe(201)
    expect(github.requests.map(r => [r.status, r.fault])).toEqual([
      [403, 'secondary-rate-limit'],
      [201, undefined]
    ])
  })

  it('answers a primary rate limit, a server error and a 404, matched by method and path template', async () => {
    github.inject('POST /repos/{owner}/{repo}/statuses/{sha}', {
      kind: 'primary-rate-limit',
      status: 429,
      resetAfter: 120
    })
    github.inject('repos/list-pull-requests-associated-with-commit', {
      kind: 'server-error',
      status: 502
    })
    github.inject('issues/list-comments', { kind: 'not-found', times: 2 })

    const primary = await failure(
      octokit.rest.repos.createCommitStatus({ ...REPO, sha: HEAD, state: 'success' })
    )
    expect(primary).toMatchObject({
      status: 429,
      body: {
        message: expect.stringMatching(/^API rate limit exceeded for installation ID \d+\./)
      },
      headers: { 'x-ratelimit-remaining': '0' }
    })
    const reset = Number(primary.headers['x-ratelimit-reset']) * 1000
    expect(reset).toBeGreaterThan(Date.now() + 100_000)

    const server = await failure(
      octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...REPO, commit_sha: HEAD })
    )
    expect(server.status).toBe(502)
    for (let i = 0; i < 2; i++) {
      expect(
        (await failure(octokit.rest.issues.listComments({ ...REPO, issue_number: 7 }))).status
      ).toBe(404)
    }
    expect((await octokit.rest.issues.listComments({ ...REPO, issue_number: 7 })).status).toBe(200)
  })
})

describe('the OpenAPI description', () => {
  it('records a request that breaks it as a violation and answers 422', async () => {
    const bogus = await failure(
      octokit.request(`POST /repos/acme/churn/statuses/${HEAD}`, { state: 'done' })
    )
    expect(bogus).toMatchObject({
      status: 422,
      body: {
        message:
          'Invalid request.\n\nFor \'properties/state\', "done" is not one of ["error","failure","pending","success"].'
      }
    })
    const noBody = await failure(octokit.request(`POST /repos/acme/churn/issues/${7}/comments`))
    expect(noBody).toMatchObject({
      status: 422,
      body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.' }
    })
    const notANumber = await failure(
      octokit.request(`GET /repos/acme/churn/issues/${7}/comments`, { per_page: 'many' })
    )
    expect(notANumber.status).toBe(422)
    expect(github.violations).toEqual([
      {
        operationId: 'repos/create-commit-status',
        location: 'body',
        pointer: '/state',
        message: '"done" is not one of ["error","failure","pending","success"]'
      },
      {
        operationId: 'issues/create-comment',
        location: 'body',
        pointer: '/body',
        message: 'is required'
      },
      {
        operationId: 'issues/list-comments',
        location: 'query',
        pointer: 'per_page',
        message: '"many" is not of type integer'
      }
    ])
    expect(github.statuses(HEAD)).toEqual([])
  })

  it('shows comments, statuses and pull requests with every field their schemas require', async () => {
    github.addComment(7, { body: 'by a person', login: 'alice' })
    await octokit.rest.repos.createCommitStatus({ ...REPO, sha: HEAD, state: 'failure' })
    const [pull] = (
      await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...REPO, commit_sha: HEAD })
    ).data
    const [comment] = github.comments(7)
    const [status] = github.statuses(HEAD)
    expect(checkComponent('issue-comment', comment)).toEqual([])
    expect(checkComponent('status', status)).toEqual([])
    expect(checkComponent('pull-request-simple', pull)).toEqual([])
    // The check itself can fail: a comment without its html_url, a status with a number for a state.
    expect(checkComponent('issue-comment', { ...comment, html_url: undefined })).toEqual([
      { pointer: '/html_url', message: 'is required' }
    ])
    expect(checkComponent('status', { ...status, state: 1 })).toEqual([
      { pointer: '/state', message: '1 is not of type string' }
    ])
    expect(checkResponse('users/get-authenticated', 200, { login: 'alice' })).toEqual([
      {
        pointer: '',
        message: '{"login":"alice"} matches 0 of the schemas, not exactly one (oneOf)'
      }
    ])
  })

  it('answers 404 for a path parameter with a malformed escape', async () => {
    const response = await fetch(`${github.endpoint}/repos/acme/churn/issues/%E0%A4%A/comments`, {
      headers: { authorization: `token ${GitHubEmulator.DEFAULT_TOKEN}` }
    })
    expect(response.status).toBe(404)
  })

  it('answers a path GitHub does not have 404, with the headers Octokit reads', async () => {
    const missing = await failure(octokit.request('GET /repos/acme/churn/no-such-thing'))
    expect(missing).toMatchObject({
      status: 404,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404'
      }
    })
    expect(missing.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': expect.stringMatching(/^[0-9A-F]{4}(:[0-9A-F]{6}){3}:[0-9A-F]{8}$/),
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      'x-ratelimit-reset': expect.stringMatching(/^\d+$/)
    })
  })
})
