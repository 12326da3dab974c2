import { describe, expect, it } from '@jest/globals'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { proxyAgents, proxyFor, withoutCredentials } from '../../src/proxy.js'

const AWS = 'https://api.sagemaker.us-east-1.amazonaws.com'
const LOCAL = 'http://127.0.0.1:4566'
const PROXY = 'http://proxy.corp.example:3128'

describe('proxyFor', () => {
  it('takes HTTPS_PROXY for an https endpoint, in either case, lower case first', () => {
    expect(proxyFor(AWS, { HTTPS_PROXY: PROXY })).toBe(PROXY)
    expect(proxyFor(AWS, { https_proxy: PROXY })).toBe(PROXY)
    expect(proxyFor(AWS, { https_proxy: PROXY, HTTPS_PROXY: 'http://other:8080' })).toBe(PROXY)
  })

  it('takes HTTP_PROXY for an http endpoint only', () => {
    expect(proxyFor(LOCAL, { HTTP_PROXY: PROXY })).toBe(PROXY)
    expect(proxyFor(LOCAL, { http_proxy: PROXY })).toBe(PROXY)
    expect(proxyFor(AWS, { HTTP_PROXY: PROXY })).toBeUndefined()
    expect(proxyFor(LOCAL, { HTTPS_PROXY: PROXY })).toBeUndefined()
  })

  it('falls back to ALL_PROXY', () => {
    expect(proxyFor(AWS, { ALL_PROXY: PROXY })).toBe(PROXY)
    expect(proxyFor(LOCAL, { all_proxy: PROXY })).toBe(PROXY)
    expect(proxyFor(AWS, { ALL_PROXY: 'http://other:8080', HTTPS_PROXY: PROXY })).toBe(PROXY)
  })

  it('is undefined when nothing is set, or only empty values', () => {
    expect(proxyFor(AWS, {})).toBeUndefined()
    expect(proxyFor(AWS, { HTTPS_PROXY: '', https_proxy: '  ' })).toBeUndefined()
  })

  it('reads a bare host:port as an http proxy, as curl does', () => {
    expect(proxyFor(AWS, { HTTPS_PROXY: 'proxy.corp.example:3128' })).toBe(PROXY)
    expect(proxyFor(AWS, { HTTPS_PROXY: 'https://proxy.corp.example:3129/' })).toBe(
      'https://proxy.corp.example:3129'
    )
  })

  it('keeps the credentials for the agent', () => {
    expect(proxyFor(AWS, { HTTPS_PROXY: 'http://user:p%40ss@proxy.corp.example:3128' })).toBe(
      'http://user:p%40ss@proxy.corp.example:3128'
    )
  })

  it.each([
    ['an exact host', 'api.sagemaker.us-east-1.amazonaws.com'],
    ['an exact host, in another case', 'API.SageMaker.us-east-1.amazonaws.com'],
    ['a domain, for its subdomains', 'amazonaws.com'],
    ['a domain with a leading dot', '.amazonaws.com'],
    ['a domain with a leading wildcard', '*.amazonaws.com'],
    ['the wildcard', '*'],
    ['the host and its port', 'api.sagemaker.us-east-1.amazonaws.com:443'],
    ['one entry of a list', 'localhost, 169.254.169.254,.amazonaws.com'],
    ['one entry of a space-separated list', 'localhost .amazonaws.com']
  ])('goes direct when NO_PROXY names %s', (_, noProxy) => {
    expect(proxyFor(AWS, { HTTPS_PROXY: PROXY, NO_PROXY: noProxy })).toBeUndefined()
    expect(proxyFor(AWS, { HTTPS_PROXY: PROXY, no_proxy: noProxy })).toBeUndefined()
  })

  it.each([
    ['another host', 'sts.us-east-1.amazonaws.com'],
    ['a domain that only ends the same', 'zonaws.com'],
    ['the host with another port', 'api.sagemaker.us-east-1.amazonaws.com:8443'],
    ['nothing', ''],
    ['a subdomain of the host', '.api.sagemaker.us-east-1.amazonaws.com']
  ])('keeps the proxy when NO_PROXY names %s', (_, noProxy) => {
    expect(proxyFor(AWS, { HTTPS_PROXY: PROXY, NO_PROXY: noProxy })).toBe(PROXY)
  })

  it('matches IP addresses and ports exactly', () => {
    const env = { HTTP_PROXY: PROXY }
    expect(proxyFor(LOCAL, { ...env, NO_PROXY: '127.0.0.1' })).toBeUndefined()
    expect(proxyFor(LOCAL, { ...env, NO_PROXY: '127.0.0.1:4566' })).toBeUndefined()
    expect(proxyFor(LOCAL, { ...env, NO_PROXY: '127.0.0.1:4567' })).toBe(PROXY)
    expect(proxyFor(LOCAL, { ...env, NO_PROXY: '0.0.1' })).toBe(PROXY)
    expect(proxyFor('http://[::1]:4566', { ...env, NO_PROXY: '::1' })).toBeUndefined()
    expect(proxyFor('http://[::1]:4566', { ...env, NO_PROXY: '[::1]:4566' })).toBeUndefined()
  })

  it('compares ports with the default port of the scheme', () => {
    expect(
      proxyFor('http://sagemaker.internal', {
        HTTP_PROXY: PROXY,
        NO_PROXY: 'sagemaker.internal:80'
      })
    ).toBeUndefined()
    expect(proxyFor(AWS, { HTTPS_PROXY: PROXY, NO_PROXY: 'amazonaws.com:80' })).toBe(PROXY)
  })

  it('names the variable and the rule for a malformed proxy, without its password', () => {
    const call = (value: string) => () => proxyFor(AWS, { https_proxy: value })
    expect(call('http://user:hunter2@')).toThrow(/^https_proxy is not a valid proxy URL/)
    expect(call('http://user:hunter2@')).toThrow(/it must be http:\/\/HOST:PORT/)
    expect(call('http://user:hunter2@')).not.toThrow(/hunter2/)
    expect(call('http://proxy:99999')).toThrow(
      /https_proxy is not a valid proxy URL \("http:\/\/proxy:99999"\)/
    )
    expect(call('socks5://proxy:1080')).toThrow(
      /^https_proxy uses socks5, which the action does not support/
    )
  })

  it('ignores a malformed proxy the endpoint does not use', () => {
    expect(proxyFor(AWS, { HTTPS_PROXY: 'http://[bad', NO_PROXY: '*' })).toBeUndefined()
    expect(proxyFor(AWS, { HTTP_PROXY: 'http://[bad' })).toBeUndefined()
  })

  it('leaves an endpoint that is not a URL to the SDK', () => {
    expect(proxyFor('not a url', { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY })).toBeUndefined()
  })
})

describe('withoutCredentials', () => {
  it.each([
    ['http://user:pass@proxy:3128', 'http://proxy:3128'],
    ['http://user@proxy:3128', 'http://proxy:3128'],
    ['http://us%40er:p%40ss@proxy:3128', 'http://proxy:3128'],
    ['https://proxy.corp.example:3128', 'https://proxy.corp.example:3128'],
    ['user:pa/ss@proxy:3128', 'proxy:3128'],
    ['http://user:p@ss@[bad', 'http://[bad']
  ])('shows %s as %s', (url, shown) => {
    expect(withoutCredentials(url)).toBe(shown)
  })
})

describe('proxyAgents', () => {
  it('gives no agents when no proxy applies', async () => {
    expect(await proxyAgents(AWS, {})).toEqual({})
    expect(await proxyAgents(AWS, { HTTPS_PROXY: PROXY, NO_PROXY: '.amazonaws.com' })).toEqual({})
    expect(await proxyAgents(AWS, { HTTP_PROXY: PROXY })).toEqual({})
  })

  it('gives an https agent for an https endpoint, through the proxy with its credentials, and names the proxy without them', async () => {
    const agents = await proxyAgents(AWS, { HTTPS_PROXY: 'http://user:pass@proxy:3128' })
    expect(agents.httpsAgent).toBeInstanceOf(HttpsProxyAgent)
    expect((agents.httpsAgent as HttpsProxyAgent<string>).proxy.href).toBe(
      'http://user:pass@proxy:3128/'
    )
    expect(agents.httpAgent).toBeUndefined()
    expect(agents.proxy).toBe('http://proxy:3128')
    agents.httpsAgent?.destroy()
  })

  it('gives an http agent for an http endpoint, through the proxy', async () => {
    const agents = await proxyAgents(LOCAL, { HTTP_PROXY: PROXY })
    expect(agents.httpAgent).toBeInstanceOf(HttpProxyAgent)
    expect((agents.httpAgent as HttpProxyAgent<string>).proxy.href).toBe(`${PROXY}/`)
    expect(agents.httpsAgent).toBeUndefined()
    expect(agents.proxy).toBe(PROXY)
    agents.httpAgent?.destroy()
  })
})
