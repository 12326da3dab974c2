// The environment the GitHub runner gives an action's step, as emulator/run-action.ts builds it
// for the end-to-end tests: inputs as INPUT_<NAME> variables, outputs, state and summary through
// files, the event payload through GITHUB_EVENT_PATH, and nothing else from this machine. The
// bench runs the action (A) and the toolkit floor (K) in it, so both start from the same place.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SHA = '4f2c9d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392'

export interface Step {
  env: Record<string, string>
  /** The value the step set for an output, if it set one. */
  output(name: string): string | undefined
}

/** A step in the empty folder `dir` (its workspace and HOME), calling SageMaker at `endpoint`. */
export function prepareStep(dir: string, endpoint: string, inputs: Record<string, string>): Step {
  const files = {
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json')
  }
  for (const file of [files.output, files.state, files.summary]) writeFileSync(file, '')
  writeFileSync(files.event, '{}')
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: 'acme/churn',
    GITHUB_WORKFLOW: 'Train',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_ENDPOINT_URL_SAGEMAKER: endpoint,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
    )
  }
  return { env, output: name => readOutput(readFileSync(files.output, 'utf8'), name) }
}

/** One output from $GITHUB_OUTPUT, written as `name<<DELIMITER`, the value's lines, `DELIMITER`. */
function readOutput(text: string, name: string): string | undefined {
  const lines = text.split('\n')
  const start = lines.findIndex(line => line.startsWith(`${name}<<`))
  if (start < 0) return undefined
  const delimiter = (lines[start] ?? '').slice(name.length + 2)
  const end = lines.indexOf(delimiter, start + 1)
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n')
}
