// A forward proxy on the loopback interface, for the tests of the action's proxy support: it
// forwards absolute-URI requests (http targets) and tunnels CONNECT (https targets), optionally
// asks for basic auth, and records what went through it, so a test can tell proxied from direct.
// It forwards to loopback only: a test that goes wrong must not reach the internet.
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'

export interface ForwardProxyOptions {
  /** Credentials the proxy asks for (407 without them). Default: none asked. */
  auth?: { username: string; password: string }
}

interface ProxiedRequest {
  /** CONNECT for a tunnel, otherwise the forwarded request's method. */
  method: string
  /** host:port the client asked to reach. */
  target: string
  /** Whether a Proxy-Authorization header came with the request (its value is not kept). */
  proxyAuthorization: boolean
  /** What the proxy answered: 200 for an open tunnel, the target's status, or its own refusal. */
  status: number
}

export interface ForwardProxy {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string
  port: number
  requests: readonly ProxiedRequest[]
  reset(): void
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/** Headers for one hop only, which a proxy must not pass on. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
]

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  let requests: ProxiedRequest[] = []
  const sockets = new Set<Duplex>()
  const expected = options.auth
    ? `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`
    : undefined

  function admit(req: IncomingMessage, method: string, target: string): ProxiedRequest {
    const record = {
      method,
      target,
      proxyAuthorization: req.headers['proxy-authorization'] !== undefined,
      status: 0
    }
    requests.push(record)
    return record
  }

  /** The status that refuses the request, or undefined to let it through. */
  function refusal(req: IncomingMessage, hostname: string): number | undefined {
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) return 407
    if (!LOOPBACK.has(hostname)) return 403
    return undefined
  }

  const server = createServer((req, res) => {
    const target = parseUrl(req.url ?? '')
    if (!target || target.protocol !== 'http:') {
      res.writeHead(400).end('A forward proxy takes absolute http:// URIs or CONNECT.\n')
      return
    }
    const record = admit(req, req.method ?? 'GET', `${target.hostname}:${target.port || 80}`)
    const refused = refusal(req, target.hostname)
    if (refused !== undefined) {
      record.status = refused
      res.writeHead(refused, refused === 407 ? { 'proxy-authenticate': 'Basic realm="proxy"' } : {})
      res.end()
      return
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port || 80,
        method: req.method,
        path: target.pathname + target.search,
        headers: endToEnd(req.headers),
        agent: false
      },
      answer => {
        record.status = answer.statusCode ?? 502
        res.writeHead(record.status, endToEnd(answer.headers))
        answer.pipe(res)
      }
    )
    upstream.on('error', () => {
      record.status = 502
      if (res.headersSent) res.destroy()
      else res.writeHead(502).end()
    })
    req.pipe(upstream)
  })

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    const target = parseUrl(`http://${req.url ?? ''}`)
    const record = admit(req, 'CONNECT', req.url ?? '')
    const refused = target ? refusal(req, target.hostname) : 400
    if (!target || refused !== undefined) {
      record.status = refused ?? 400
      const challenge = refused === 407 ? 'Proxy-Authenticate: Basic realm="proxy"\r\n' : ''
      client.end(`HTTP/1.1 ${record.status} Refused\r\n${challenge}Content-Length: 0\r\n\r\n`)
      return
    }
    const upstream: Socket = connect(Number(target.port || 443), unbracket(target.hostname), () => {
      record.status = 200
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('close', () => {
      sockets.delete(upstream)
      client.destroy()
    })
    upstream.on('error', () => {
      if (record.status === 0) {
        record.status = 502
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n')
      }
    })
    client.on('close', () => upstream.destroy())
  })

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests
    },
    reset() {
      requests = []
    },
    async close() {
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      server.closeAllConnections()
      sockets.forEach(socket => socket.destroy())
      await closed
    }
  }
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name)))
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}
