import { readFileSync } from 'node:fs'
import { expect, it } from '@jest/globals'
import { ACTION_VERSION } from '../../src/version.js'

it('sends the version package.json declares', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  expect(ACTION_VERSION).toBe(pkg.version)
})
