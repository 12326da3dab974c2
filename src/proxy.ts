// Proxy support. The AWS SDK ignores HTTPS_PROXY and its kin, and self-hosted runners often reach
// AWS only through a proxy, so the action reads the variables itself, the way curl and the runner
// do, and hands the SDK an agent that goes through the proxy.
import type * as http from 'node:http'
import type * as https from 'node:https'
import { isIP } from 'node:net'

interface ProxyAgents {
  httpAgent?: http.Agent
  httpsAgent?: https.Agent
  /** The proxy the requests go through, without credentials: safe to log. */
  proxy?: string
}

/**
 * The proxy for requests to the endpoint: HTTPS_PROXY for https endpoints, HTTP_PROXY for http
 * ones, ALL_PROXY for either, lower case before upper case; undefined when none is set or NO_PROXY
 * names the endpoint. The result keeps any user:password, for the agent; log it only through
 * withoutCredentials.
 */
export function proxyFor(endpointUrl: string, env: NodeJS.ProcessEnv): string | undefined {
  const endpoint = parseUrl(endpointUrl)
  // The SDK reports an endpoint it cannot use; a proxy could not help it.
  if (!endpoint || (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:'))
    return undefined
  const scheme = endpoint.protocol.slice(0, -1)
  const setting = variable(env, `${scheme}_proxy`) ?? variable(env, 'all_proxy')
  if (!setting || bypassesProxy(endpoint, variable(env, 'no_proxy')?.value ?? '')) return undefined
  return parseProxyUrl(setting.name, setting.value)
}

/**
 * Agents for the SDK's request handler (`requestHandler: { httpAgent, httpsAgent, ... }`) that go
 * through the proxy, if one applies. The agent's module is evaluated only then, so a runner without
 * a proxy does not pay for it; "eager" keeps it in dist/index.js rather than a chunk of its own (and
 * in ncc's licenses.txt, which lists only the main chunk).
 */
export async function proxyAgents(
  endpointUrl: string,
  env: NodeJS.ProcessEnv
): Promise<ProxyAgents> {
  const proxy = proxyFor(endpointUrl, env)
  if (!proxy) return {}
  const shown = withoutCredentials(proxy)
  if (new URL(endpointUrl).protocol === 'https:') {
    const { HttpsProxyAgent } = await import(/* webpackMode: "eager" */ 'https-proxy-agent')
    return { httpsAgent: new HttpsProxyAgent(proxy, { keepAlive: true }), proxy: shown }
  }
  const { HttpProxyAgent } = await import(/* webpackMode: "eager" */ 'http-proxy-agent')
  return { httpAgent: new HttpProxyAgent(proxy, { keepAlive: true }), proxy: shown }
}

/**
 * The proxy URL without its user:password, for the log. It works on text that is not a valid URL
 * too, so an error about a malformed proxy can show it without its password.
 */
export function withoutCredentials(proxyUrl: string): string {
  const at = proxyUrl.lastIndexOf('@')
  if (at === -1) return proxyUrl
  const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(proxyUrl)?.[0] ?? ''
  return scheme + proxyUrl.slice(at + 1)
}

/** A proxy variable and its value; the lower-case name wins, as in curl and proxy-from-env. */
function variable(
  env: NodeJS.ProcessEnv,
  name: string
): { name: string; value: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim()
    if (value) return { name: key, value }
  }
  return undefined
}

const PROXY_URL_RULE =
  'it must be http://HOST:PORT or https://HOST:PORT, with USER:PASSWORD@ before the host if the proxy asks for them (percent-encode @, : and / in them)'

/** The proxy's URL, checked: scheme, credentials if any, host and port. */
function parseProxyUrl(name: string, value: string): string {
  // curl's reading of a bare host:port; proxy-from-env would take the endpoint's scheme instead,
  // and speak TLS to a proxy that almost never does.
  const url = parseUrl(value.includes('://') ? value : `http://${value}`)
  const shown = JSON.stringify(withoutCredentials(value).slice(0, 200))
  if (!url || !url.hostname)
    throw new Error(`${name} is not a valid proxy URL (${shown}): ${PROXY_URL_RULE}.`)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(
      `${name} uses ${url.protocol.slice(0, -1)}, which the action does not support (${shown}): ${PROXY_URL_RULE}.`
    )
  const credentials = url.username || url.password ? `${url.username}:${url.password}@` : ''
  return `${url.protocol}//${credentials}${url.host}`
}

/**
 * Whether NO_PROXY names the endpoint. Entries are separated by commas or spaces: `*` for every
 * host; a domain (`example.com`) for itself and its subdomains; `.example.com` or `*.example.com`
 * for its subdomains only; an IP address for itself; any of them with `:PORT` for that port only.
 * These are the rules of curl, Go and the Actions toolkit, which the runner's users know.
 */
function bypassesProxy(endpoint: URL, noProxy: string): boolean {
  const host = unbracket(endpoint.hostname.toLowerCase())
  const port = endpoint.port || (endpoint.protocol === 'https:' ? '443' : '80')
  return noProxy
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .some(entry => {
      if (entry === '*') return true
      const [entryHost, entryPort] = splitHostPort(entry)
      if (entryPort && entryPort !== port) return false
      if (isIP(entryHost) || isIP(host)) return host === entryHost
      if (entryHost.startsWith('.') || entryHost.startsWith('*.'))
        return host.endsWith(entryHost.replace(/^\*/, ''))
      return host === entryHost || host.endsWith(`.${entryHost}`)
    })
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address, as [host, port]. */
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) return [bracketed[1] ?? '', bracketed[2]]
  if (isIP(entry) === 6) return [entry, undefined]
  const withPort = /^(.+):(\d+)$/.exec(entry)
  return withPort ? [withPort[1] ?? '', withPort[2]] : [entry, undefined]
}

/** URL.parse, which Node 20 lacks. */
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
