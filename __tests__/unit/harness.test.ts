// The end-to-end harness reads outputs, state and workflow commands as the runner does. Here it
// reads what @actions/core itself writes, so a harness that misreads the toolkit fails here
// rather than as a puzzling end-to-end failure.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { GitHubEmulator } from '../../emulator/index.js'
import { parseCommands, parseOutputFile, prepareStep } from '../../test-support/runner.js'

let stdout: string
let saved: NodeJS.ProcessEnv

beforeEach(() => {
  saved = { ...process.env }
  stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = saved
  process.exitCode = undefined
})

function file(name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'harness-')), name)
  writeFileSync(path, '')
  return path
}

describe('parseOutputFile', () => {
  it('reads each output core wrote, a multi-line value with a forged line included', () => {
    process.env.GITHUB_OUTPUT = file('output')
    const forged = 'line one\nghadelimiter_x\nother=forged'
    core.setOutput('steps', forged)
    core.setOutput('status', 'Succeeded')
    expect(parseOutputFile(readFileSync(process.env.GITHUB_OUTPUT, 'utf8'))).toEqual({
      steps: forged,
      status: 'Succeeded'
    })
  })

  it('reads the state core saved for the post step', () => {
    process.env.GITHUB_STATE = file('state')
    core.saveState('execution-arn', 'arn:aws:sagemaker:x')
    expect(parseOutputFile(readFileSync(process.env.GITHUB_STATE, 'utf8'))).toEqual({
      'execution-arn': 'arn:aws:sagemaker:x'
    })
  })
})

describe('parseCommands', () => {
  it('decodes %, CR and LF in the commands core printed, one command a line', () => {
    core.error('100% failed\r\n::add-mask::secret')
    core.warning('w')
    core.notice('n')
    core.debug('d')
    expect(parseCommands(stdout)).toEqual([
      { command: 'error', message: '100% failed\r\n::add-mask::secret' },
      { command: 'warning', message: 'w' },
      { command: 'notice', message: 'n' },
      { command: 'debug', message: 'd' }
    ])
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(4)
  })
})

describe('prepareStep', () => {
  const step = (github?: { endpoint: string; token?: string }) =>
    prepareStep(mkdtempSync(join(tmpdir(), 'harness-')), {
      endpoint: 'http://127.0.0.1:1',
      inputs: { 'pipeline-name': 'p' },
      github
    }).env

  it('gives the step the GitHub API and a github-token input that core reads', () => {
    process.env = step({ endpoint: 'http://127.0.0.1:2' })
    expect(process.env.GITHUB_API_URL).toBe('http://127.0.0.1:2')
    expect(core.getInput('github-token')).toBe(GitHubEmulator.DEFAULT_TOKEN)
    process.env = step({ endpoint: 'http://127.0.0.1:2', token: 'ghs_fork' })
    expect(core.getInput('github-token')).toBe('ghs_fork')
  })

  it('gives neither without a GitHub API, whatever this machine has', () => {
    process.env.GITHUB_API_URL = 'https://api.github.com'
    process.env['INPUT_GITHUB-TOKEN'] = 'ghp_of_this_machine'
    const env = step()
    expect(env.GITHUB_API_URL).toBeUndefined()
    expect(env['INPUT_GITHUB-TOKEN']).toBeUndefined()
  })
})
