// Who the token acts as, the author whose comments the reporter may edit: GraphQL's viewer, over
// HTTP to GITHUB_API_URL, as GitHub answers a person's token, an app's installation token and a
// server that will not say (GITHUB_TOKEN is then the guess); other failures are the caller's.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

/** What the stand-in answers each token's POST /graphql: a status and a JSON body. */
const ANSWERS: Record<string, [number, unknown]> = {
  ghp_alice: [200, { data: { viewer: { login: 'alice' } } }],
  ghs_app: [200, { data: { viewer: { login: 'model-reporter[bot]' } } }],
  ghs_forbidden: [403, { message: 'Resource not accessible by integration' }],
  ghs_errors: [200, { errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible' }] }],
  ghs_revoked: [401, { message: 'Bad credentials' }]
}
const received: Array<{ method?: string; url?: string; body: string }> = []
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk.toString()))
  req.on('end', () => {
    received.push({ method: req.method, url: req.url, body })
    const token = req.headers.authorization?.replace(/^(?:token|bearer) /i, '') ?? ''
    const [status, answer] = ANSWERS[token] ?? [404, { message: 'Not Found' }]
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
  })
})

let connectGitHub: (typeof import('../../src/pr/github.js'))['connectGitHub']
beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  // @actions/github reads GITHUB_API_URL when it loads.
  process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  ;({ connectGitHub } = await import('../../src/pr/github.js'))
})
afterAll(async () => {
  delete process.env.GITHUB_API_URL
  await new Promise(resolve => server.close(resolve))
})

const loginOf = (token: string) => connectGitHub(token, 'acme/churn', async () => {}).login()

describe('login', () => {
  it("is the viewer's login: a person's, or an app's bot for its installation token", async () => {
    received.length = 0
    expect(await loginOf('ghp_alice')).toBe('alice')
    expect(await loginOf('ghs_app')).toBe('model-reporter[bot]')
    expect(received).toEqual([
      { method: 'POST', url: '/graphql', body: '{"query":"query { viewer { login } }"}' },
      { method: 'POST', url: '/graphql', body: '{"query":"query { viewer { login } }"}' }
    ])
  })

  it("is GITHUB_TOKEN's github-actions[bot] when GitHub refuses to say, by a 403 or GraphQL errors", async () => {
    expect(await loginOf('ghs_forbidden')).toBe('github-actions[bot]')
    expect(await loginOf('ghs_errors')).toBe('github-actions[bot]')
  })

  it('throws any other failure, for the caller to warn of', async () => {
    await expect(loginOf('ghs_revoked')).rejects.toMatchObject({ status: 401 })
  })
})
