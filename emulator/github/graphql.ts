// GitHub's GraphQL endpoint (POST /graphql) for the one query the action sends, `{ viewer {
// login } }`: who a token acts as. Unlike REST GET /user, GitHub answers it for an installation
// token too, with the app's bot (`github-actions[bot]` for GITHUB_TOKEN, `<app-slug>[bot]` for a
// GitHub App's token). Any other query is a GraphQL error, so a new query needs a fake first.
import type { Reply } from './replies.js'
import type { GitHubUser, GitHubViolation } from './types.js'

/** The operationId the fake's requests, faults and violations name the endpoint by. */
export const GRAPHQL_OPERATION = 'graphql'

const GRAPHQL_DOCS = 'https://docs.github.com/graphql'
const VIEWER_LOGIN = /^\s*(?:query\s*(?:[_A-Za-z]\w*\s*)?)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/

/** Whether a request is for the GraphQL endpoint. */
export const isGraphqlRequest = (method: string, path: string): boolean =>
  method === 'POST' && path === '/graphql'

/** GitHub's 401 on the GraphQL endpoint, without a token or with one it does not know. */
export const graphqlUnauthorized = (known: 'none' | 'bad'): Reply => ({
  status: 401,
  body: {
    message:
      known === 'none' ? 'This endpoint requires you to be authenticated.' : 'Bad credentials',
    documentation_url: GRAPHQL_DOCS
  }
})

/** The answer to a GraphQL request from `viewer`, and how its body broke what the fake serves. */
export function answerGraphql(
  body: unknown,
  viewer: GitHubUser
): { reply: Reply; violations: GitHubViolation[] } {
  const query = (body as { query?: unknown } | undefined)?.query
  if (typeof query !== 'string') {
    const message = 'A query attribute must be specified and must be a string.'
    return {
      reply: { status: 200, body: { errors: [{ message }] } },
      violations: [{ operationId: GRAPHQL_OPERATION, location: 'body', pointer: '/query', message }]
    }
  }
  if (!VIEWER_LOGIN.test(query)) {
    const message = `The local GitHub API answers only { viewer { login } }, not: ${query}`
    return {
      reply: { status: 200, body: { errors: [{ type: 'UNSUPPORTED', message }] } },
      violations: [{ operationId: GRAPHQL_OPERATION, location: 'body', pointer: '/query', message }]
    }
  }
  return {
    reply: { status: 200, body: { data: { viewer: { login: viewer.login } } } },
    violations: []
  }
}
