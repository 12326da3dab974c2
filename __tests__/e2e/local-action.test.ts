// `npm run local-action` as the README tells a contributor to use it: @github/local-action runs
// src/ (main step, then post step) with .env.example as shipped, against the local endpoint on
// the address .env.example names. It stubs @actions/core and @actions/github, so this is also
// the test that the action speaks only through the toolkit.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { churnTrainingPipeline, startEmulator, type Emulator } from '../../emulator/index.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ENV_EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8')
const setting = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(ENV_EXAMPLE)?.[1] ?? ''
const ENDPOINT = new URL(setting('AWS_ENDPOINT_URL_SAGEMAKER'))
const SHA = setting('GITHUB_SHA')

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ port: Number(ENDPOINT.port) })
})
afterAll(async () => {
  await emulator.close()
})

/** Runs a command in the repository; resolves with its exit code and everything it printed. */
function runIn(command: string, args: string[]): Promise<{ code: number | null; log: string }> {
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, log })
    })
  })
}

/** The rows of local-action's "Action Outputs" table: │ 0 │ 'name' │ 'value' │ */
function reportedOutputs(log: string): Record<string, string> {
  const table = log.slice(log.lastIndexOf('Action Outputs'))
  return Object.fromEntries(
    [...table.matchAll(/^│ \d+\s+│ '([^']+)'\s+│ (['"])(.*)\2\s+│$/gm)].map(([, name, , value]) => [
      name,
      value
    ])
  )
}

describe('npm run local-action', () => {
  it('starts an execution with .env.example as shipped, and reports its outputs', async () => {
    emulator.addPipeline(churnTrainingPipeline)

    const { code, log } = await runIn('npm', ['run', '--silent', 'local-action'])

    expect(code).toBe(0)
    const [execution] = emulator.executions(churnTrainingPipeline.name)
    expect(reportedOutputs(log)).toEqual({
      'pipeline-execution-arn': execution?.arn,
      'pipeline-execution-url': `https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/churn-training/executions/${execution?.arn.split('/').at(-1)}`,
      'pipeline-execution-display-name': SHA,
      'pipeline-execution-origin': 'started',
      'pipeline-execution-status': 'Executing'
    })
    expect(emulator.requestsFor('StartPipelineExecution')[0]?.body).toMatchObject({
      ClientRequestToken: SHA,
      PipelineParameters: [{ Name: 'Epochs', Value: '10' }]
    })
    // The post step ran through its exported run(), and found nothing to stop.
    expect(log).toContain('Running Post Step')
    expect(log).toContain('No execution was left running by this step: nothing to stop.')
  }, 120_000)

  it('shows debug lines, a stack line by line, with ACTIONS_STEP_DEBUG=true', async () => {
    const env = join(mkdtempSync(join(tmpdir(), 'local-action-')), '.env')
    writeFileSync(
      env,
      ENV_EXAMPLE.replace(/^ACTIONS_STEP_DEBUG=.*$/m, 'ACTIONS_STEP_DEBUG=true').replace(
        /^INPUT_PIPELINE-NAME=.*$/m,
        'INPUT_PIPELINE-NAME='
      )
    )

    const { log } = await runIn(join(ROOT, 'node_modules', '.bin', 'local-action'), [
      'run',
      '.',
      'src/main.ts',
      env
    ])

    expect(log).toMatch(/^::error::Input pipeline-name: is required/m)
    expect(log).toMatch(/^::debug::InputError: Input pipeline-name: is required/m)
    expect(log).toMatch(/^::debug:: +at parseInputs /m)
    expect(emulator.requests.filter(r => r.operation === 'StartPipelineExecution')).toHaveLength(1)
  }, 120_000)
})
