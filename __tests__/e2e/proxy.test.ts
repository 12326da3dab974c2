// End to end: the committed dist/index.js behind a forward proxy. The emulator's endpoint is
// http://127.0.0.1:PORT, so HTTP_PROXY is the variable that applies to it.
import { request } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { startForwardProxy, type ForwardProxy } from '../../emulator/forward-proxy.js'
import { commandsOf } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

const USER = 'runner'
const PASSWORD = 'p@ss:w0rd/42'
const ENCODED = encodeURIComponent(PASSWORD)

let emulator: Emulator
let proxy: ForwardProxy | undefined
const { run } = useAction(started => (emulator = started))

beforeEach(() => {
  emulator.addPipeline({ name: PIPELINE, steps: [{ name: 'Train', type: 'Training' }] })
})

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

/** host:port of the emulator, as a proxy sees it. */
function emulatorTarget() {
  return new URL(emulator.endpoint).host
}

function withCredentials(url: string, password = ENCODED) {
  return url.replace('http://', `http://${USER}:${password}@`)
}

describe('behind a proxy', () => {
  it('sends every request through HTTP_PROXY', async () => {
    proxy = await startForwardProxy()

    const result = await run({}, { env: { HTTP_PROXY: proxy.url } })

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(1)
    expect(proxy.requests.length).toBe(emulator.requests.length)
    expect(proxy.requests).toContainEqual({
      method: 'POST',
      target: emulatorTarget(),
      proxyAuthorization: false,
      status: 200
    })
    expect(proxy.requests.every(r => r.target === emulatorTarget() && r.status === 200)).toBe(true)
    // Signed for the endpoint, not for the proxy.
    expect(emulator.requests.every(r => r.signed && r.headers.host === emulatorTarget())).toBe(true)
    expect(result.outputs['pipeline-execution-arn']).toBe(emulator.executions(PIPELINE)[0]?.arn)
  })

  it('reads http_proxy in lower case too', async () => {
    proxy = await startForwardProxy()

    const result = await run({}, { env: { http_proxy: proxy.url } })

    expect(result.code).toBe(0)
    expect(proxy.requests.length).toBeGreaterThan(0)
  })

  it('goes direct when NO_PROXY names the endpoint', async () => {
    proxy = await startForwardProxy()

    const result = await run({}, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } })

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(proxy.requests).toEqual([])
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(1)
  })

  it('authenticates with the credentials in the URL and never logs the password', async () => {
    proxy = await startForwardProxy({ auth: { username: USER, password: PASSWORD } })

    const result = await run({}, { env: { HTTP_PROXY: withCredentials(proxy.url) } })

    expect(commandsOf(result, 'error')).toEqual([])
    expect(result.code).toBe(0)
    expect(proxy.requests.length).toBeGreaterThan(0)
    expect(proxy.requests.every(r => r.proxyAuthorization && r.status === 200)).toBe(true)
    expect(emulator.requestsFor('StartPipelineExecution')).toHaveLength(1)
    const log = result.stdout + result.stderr
    // The log names the proxy, without its credentials.
    expect(log).toContain(proxy.url)
    for (const secret of [PASSWORD, ENCODED, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')])
      expect(log).not.toContain(secret)
  })

  it('fails the step when the proxy refuses the credentials, without logging them', async () => {
    proxy = await startForwardProxy({ auth: { username: USER, password: PASSWORD } })

    const result = await run(
      {},
      { env: { HTTP_PROXY: withCredentials(proxy.url, 'wrong-password') } }
    )

    expect(result.code).not.toBe(0)
    expect(commandsOf(result, 'error')).toHaveLength(1)
    expect(proxy.requests[0]).toMatchObject({ proxyAuthorization: true, status: 407 })
    expect(emulator.requests).toEqual([])
    expect(result.stdout + result.stderr).not.toContain('wrong-password')
  })

  it('fails the step on a malformed proxy URL, naming the variable and hiding the password', async () => {
    const result = await run({}, { env: { HTTP_PROXY: `http://${USER}:${ENCODED}@[not-a-host` } })

    expect(result.code).not.toBe(0)
    const [error] = commandsOf(result, 'error')
    expect(error).toMatch(/HTTP_PROXY is not a valid proxy URL/)
    expect(error).toMatch(/http:\/\/HOST:PORT/)
    expect(result.stdout + result.stderr).not.toContain(ENCODED)
    expect(emulator.requests).toEqual([])
  })

  it('tunnels to an https endpoint with CONNECT through HTTPS_PROXY', async () => {
    // No endpoint variable: the SDK's own https endpoint, which the test proxy refuses to reach.
    proxy = await startForwardProxy()

    const result = await run(
      {},
      {
        env: {
          AWS_ENDPOINT_URL_SAGEMAKER: undefined,
          HTTPS_PROXY: proxy.url,
          HTTP_PROXY: 'http://127.0.0.1:9'
        }
      }
    )

    expect(result.code).not.toBe(0)
    expect(proxy.requests[0]).toEqual({
      method: 'CONNECT',
      target: 'api.sagemaker.us-east-1.amazonaws.com:443',
      proxyAuthorization: false,
      status: 403
    })
    expect(emulator.requests).toEqual([])
  })
})

describe('the forward proxy', () => {
  it('tunnels CONNECT to a loopback port', async () => {
    proxy = await startForwardProxy()
    const { port } = proxy

    const reply = await new Promise<string>((resolve, reject) => {
      const connect = request({
        host: '127.0.0.1',
        port,
        method: 'CONNECT',
        path: emulatorTarget()
      })
      connect.on('connect', (response, socket) => {
        expect(response.statusCode).toBe(200)
        let text = ''
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
        socket.on('end', () => resolve(text))
        socket.write(
          `GET /health HTTP/1.1\r\nHost: ${emulatorTarget()}\r\nConnection: close\r\n\r\n`
        )
      })
      connect.on('error', reject)
      connect.end()
    })

    expect(reply).toMatch(/^HTTP\/1\.1 \d{3} /)
    expect(proxy.requests).toEqual([
      { method: 'CONNECT', target: emulatorTarget(), proxyAuthorization: false, status: 200 }
    ])
    expect(emulator.requests.length).toBeLessThanOrEqual(1)
  })
})
