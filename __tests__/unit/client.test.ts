import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { connect } from '../../src/client.js'

let saved: NodeJS.ProcessEnv

beforeEach(() => {
  saved = { ...process.env }
  // Only what each test sets: no endpoint variables, and a config file of the test's own.
  for (const name of Object.keys(process.env))
    if (name.startsWith('AWS_ENDPOINT_URL') || name === 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS')
      delete process.env[name]
  process.env.AWS_CONFIG_FILE = configFile('')
})

afterEach(() => {
  process.env = saved
})

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'aws-config-')), 'config')
  writeFileSync(path, text)
  return path
}

describe('connect', () => {
  it("names the region's endpoint when nothing else is configured", async () => {
    expect((await connect('eu-west-1', {})).endpoint).toBe(
      'https://api.sagemaker.eu-west-1.amazonaws.com'
    )
  })

  it('resolves the endpoint as the SDK does: AWS_ENDPOINT_URL_SAGEMAKER over AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://a.example:4566'
    expect((await connect('eu-west-1', {})).endpoint).toBe('http://a.example:4566')
    process.env.AWS_ENDPOINT_URL_SAGEMAKER = 'http://b.example:4566'
    expect((await connect('eu-west-1', {})).endpoint).toBe('http://b.example:4566')
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true'
    expect((await connect('eu-west-1', {})).endpoint).toBe(
      'https://api.sagemaker.eu-west-1.amazonaws.com'
    )
  })

  it("reads the shared config file's services section, as the SDK does", async () => {
    process.env.AWS_CONFIG_FILE = configFile(
      [
        '[default]',
        'services = local',
        '',
        '[services local]',
        'sagemaker =',
        '  endpoint_url = http://sagemaker.internal:8080',
        ''
      ].join('\n')
    )
    expect((await connect('eu-west-1', {})).endpoint).toBe('http://sagemaker.internal:8080')
  })

  it('chooses the proxy for the resolved endpoint, and names it without its password', async () => {
    const proxied = await connect('eu-west-1', { HTTPS_PROXY: 'http://user:secret@proxy:3128' })
    expect(proxied.proxy).toBe('http://proxy:3128')
    // NO_PROXY names the host the SDK resolved from the config file, not the region's.
    process.env.AWS_ENDPOINT_URL_SAGEMAKER = 'https://sagemaker.internal'
    const bypassed = await connect('eu-west-1', {
      HTTPS_PROXY: 'http://proxy:3128',
      NO_PROXY: 'sagemaker.internal'
    })
    expect(bypassed.proxy).toBeUndefined()
    expect((await connect('eu-west-1', {})).proxy).toBeUndefined()
  })

  it('names the action in the user agent and retries', async () => {
    const { client } = await connect('eu-west-1', {})
    expect(client.config.customUserAgent).toEqual([['sagemaker-pipeline-action', '1.0.0']])
    expect(await client.config.maxAttempts()).toBe(6)
  })

  it('signs with the credential provider it is given, and memoizes it', async () => {
    let calls = 0
    const provider = async () => ({
      accessKeyId: `AKID${++calls}`,
      secretAccessKey: 'secret',
      expiration: new Date(Date.now() + 3_600_000)
    })
    const { client } = await connect('eu-west-1', {}, provider)
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKID1' })
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKID1' })
    expect(calls).toBe(1)
  })

  it("leaves the SDK's default credentials when given none", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV'
    process.env.AWS_SECRET_ACCESS_KEY = 'secret'
    const { client } = await connect('eu-west-1', {})
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKIDFROMENV' })
  })
})
