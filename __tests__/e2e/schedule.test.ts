// Scheduled and manual runs, end to end: a nightly run on a branch that did not change starts
// its own execution each night, and a re-run of one night's run gives back that night's.
import { describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { SHA } from '../../test-support/runner.js'
import { PIPELINE, useAction } from './support.js'

let emulator: Emulator
const { run } = useAction(started => {
  emulator = started
})

describe.each(['schedule', 'workflow_dispatch', 'repository_dispatch'])('a %s run', eventName => {
  it('starts an execution of its own for the same commit, and its re-run gives it back', async () => {
    emulator.addPipeline({ name: PIPELINE })
    const night = (runId: string, attempt = '1') =>
      run({}, { eventName, env: { GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: attempt } })

    const first = await night('1111111111')
    const second = await night('2222222222')
    const rerun = await night('2222222222', '2')

    expect([first.code, second.code, rerun.code]).toEqual([0, 0, 0])
    expect(emulator.executions(PIPELINE)).toHaveLength(2)
    expect(emulator.requestsFor('StartPipelineExecution').map(r => r.body)).toEqual([
      expect.objectContaining({
        ClientRequestToken: `${SHA}-run-1111111111`,
        PipelineExecutionDisplayName: `${SHA}-run-1111111111`
      }),
      expect.objectContaining({ ClientRequestToken: `${SHA}-run-2222222222` }),
      expect.objectContaining({ ClientRequestToken: `${SHA}-run-2222222222` })
    ])
    expect(second.outputs['pipeline-execution-arn']).not.toBe(
      first.outputs['pipeline-execution-arn']
    )
    expect(rerun.outputs['pipeline-execution-arn']).toBe(second.outputs['pipeline-execution-arn'])
  })
})

describe('a push', () => {
  it('keeps the commit alone as the token, whatever the run', async () => {
    emulator.addPipeline({ name: PIPELINE })

    await run({}, { env: { GITHUB_RUN_ID: '1111111111' } })
    await run({}, { env: { GITHUB_RUN_ID: '2222222222' } })

    expect(emulator.executions(PIPELINE)).toHaveLength(1)
    expect(emulator.requestsFor('StartPipelineExecution')[1]?.body).toMatchObject({
      ClientRequestToken: SHA
    })
  })
})
