// What the toolkit (@actions/core, @actions/github) does at import time, seen from the runner:
// the bundle marks both side-effect free for webpack, so these guard against a version whose
// import does work the action relies on.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { commandsOf } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

let emulator: Emulator
const { run } = useAction(started => (emulator = started))

describe('the event payload', () => {
  it('when malformed, ends the step in one clear error before any request', async () => {
    emulator.addPipeline({ name: PIPELINE })
    const event = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
    writeFileSync(event, '{"pull_request": {')

    const result = await run({}, { env: { GITHUB_EVENT_PATH: event } })

    expect(result.code).toBe(1)
    expect(commandsOf(result, 'error')).toEqual([
      expect.stringMatching(
        new RegExp(`^The event payload at GITHUB_EVENT_PATH \\(${event}\\) could not be read: `)
      )
    ])
    expect(result.stderr).toBe('')
    expect(emulator.requests).toEqual([])
  })

  it('gives the pull request head commit as the display name and token', async () => {
    emulator.addPipeline({ name: PIPELINE })
    const head = 'c'.repeat(40)

    const result = await run(
      {},
      {
        eventName: 'pull_request_target',
        event: { pull_request: { number: 7, head: { sha: head } } }
      }
    )

    expect(result.code).toBe(0)
    const [start] = emulator.requestsFor('StartPipelineExecution')
    expect(start?.body).toMatchObject({
      PipelineExecutionDisplayName: head,
      ClientRequestToken: head
    })
  })
})

describe('debug logging', () => {
  it('is on with RUNNER_DEBUG=1, and shows a stack a line at a time', async () => {
    const result = await run({}, { env: { RUNNER_DEBUG: '1' } })

    expect(result.code).toBe(1)
    const debug = commandsOf(result, 'debug')
    expect(debug[0]).toMatch(/^Error: DescribePipeline: pipeline "churn-training" was not found/)
    expect(debug.slice(1).every(line => /^ {4}at /.test(line))).toBe(true)
    expect(debug.length).toBeGreaterThan(1)
  })
})
