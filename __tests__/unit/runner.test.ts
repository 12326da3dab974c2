// The runner's protocol: what the runner reads back from the files and from stdout.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { parseCommands, parseOutputFile } from '../../test-support/runner.js'
import * as runner from '../../src/runner.js'

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
  const path = join(mkdtempSync(join(tmpdir(), 'runner-')), name)
  writeFileSync(path, '')
  return path
}

describe('inputs and state', () => {
  it('reads INPUT_<NAME> with hyphens kept, trimmed, empty when unset', () => {
    process.env['INPUT_PIPELINE-NAME'] = '  churn-training \n'
    expect(runner.getInput('pipeline-name')).toBe('churn-training')
    expect(runner.getInput('not-set')).toBe('')
  })

  it('reads STATE_<name>', () => {
    process.env['STATE_execution-arn'] = 'arn'
    expect(runner.getState('execution-arn')).toBe('arn')
    expect(runner.getState('other')).toBe('')
  })
})

describe('outputs and state files', () => {
  it('writes each value under a delimiter of its own, so no value can forge another', () => {
    const output = file('output')
    process.env.GITHUB_OUTPUT = output
    const forged = 'line one\nghadelimiter_x\nother=forged\n'
    runner.setOutput('steps', forged)
    runner.setOutput('status', 'Succeeded')
    expect(parseOutputFile(readFileSync(output, 'utf8'))).toEqual({
      steps: forged,
      status: 'Succeeded'
    })
  })

  it('saves state to GITHUB_STATE', () => {
    const state = file('state')
    process.env.GITHUB_STATE = state
    runner.saveState('execution-arn', 'arn:aws:sagemaker:x')
    expect(parseOutputFile(readFileSync(state, 'utf8'))).toEqual({
      'execution-arn': 'arn:aws:sagemaker:x'
    })
  })

  it('falls back to the command form without the files', () => {
    delete process.env.GITHUB_OUTPUT
    runner.setOutput('a:b', 'x\ny')
    expect(stdout).toBe('::set-output name=a%3Ab::x%0Ay\n')
  })
})

describe('log commands', () => {
  it('encodes %, CR and LF so that a message stays one command', () => {
    runner.error('100% failed\r\n::add-mask::secret')
    runner.warning('w')
    runner.notice('n')
    runner.debug('d')
    expect(parseCommands(stdout)).toEqual([
      { command: 'error', message: '100% failed\r\n::add-mask::secret' },
      { command: 'warning', message: 'w' },
      { command: 'notice', message: 'n' },
      { command: 'debug', message: 'd' }
    ])
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(4)
  })

  it('groups, logs plain lines, and fails the step', () => {
    runner.startGroup('Steps')
    runner.info('a line')
    runner.endGroup()
    runner.setFailed('boom')
    expect(stdout).toBe('::group::Steps\na line\n::endgroup::\n::error::boom\n')
    expect(process.exitCode).toBe(1)
  })

  it('knows debug logging from RUNNER_DEBUG', () => {
    process.env.RUNNER_DEBUG = '1'
    expect(runner.isDebug()).toBe(true)
    delete process.env.RUNNER_DEBUG
    expect(runner.isDebug()).toBe(false)
  })
})

describe('appendSummary', () => {
  it('appends to the summary file, and says when there is none', () => {
    const summary = file('summary')
    process.env.GITHUB_STEP_SUMMARY = summary
    expect(runner.appendSummary('<h2>one</h2>')).toBe(true)
    expect(runner.appendSummary('<p>two</p>')).toBe(true)
    expect(readFileSync(summary, 'utf8')).toBe('<h2>one</h2>\n<p>two</p>\n')
    delete process.env.GITHUB_STEP_SUMMARY
    expect(runner.appendSummary('x')).toBe(false)
  })
})
