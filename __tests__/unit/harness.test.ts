// The end-to-end harness reads outputs, state and workflow commands as the runner does. Here it
// reads what @actions/core itself writes, so a harness that misreads the toolkit fails here
// rather than as a puzzling end-to-end failure.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { parseCommands, parseOutputFile } from '../../test-support/runner.js'

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
