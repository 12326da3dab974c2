// Runs the committed dist/index.js the way the GitHub runner does: inputs as INPUT_<NAME>
// variables, outputs and summary through files, the event payload through GITHUB_EVENT_PATH,
// and nothing else from this machine's environment.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GitHubEmulator } from '../emulator/github/server.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const ACTION = join(ROOT, 'dist', 'index.js')

/** Node 24, the runtime action.yml declares (the `node` dev dependency), unless ACTION_NODE says otherwise. */
export const ACTION_NODE =
  process.env.ACTION_NODE ??
  [join(ROOT, 'node_modules', 'node', 'bin', 'node')].find(existsSync) ??
  process.execPath

export const SHA = '4f2c9d1e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392'

export interface RunOptions {
  endpoint: string
  inputs: Record<string, string>
  /** Extra or overriding environment variables; undefined removes one. */
  env?: Record<string, string | undefined>
  eventName?: string
  event?: object
  timeoutMs?: number
  /** Step state from the main step (`STATE_*` variables): set it to run the post step. */
  state?: Record<string, string>
  /** Called once the process has started, e.g. to send it a signal later. */
  onSpawn?: (child: ChildProcess) => void
  /** Called with the step's log as it is written (stdout and stderr). */
  onOutput?: (text: string) => void
  /** Files of the workspace (path relative to it, and content), written before the step runs. */
  files?: Record<string, string>
  /**
   * The GitHub API the step reports to (GITHUB_API_URL), e.g. the local one, and the token of the
   * `github-token` input (default: the local API's default token). Without it the step gets
   * neither: no token to report with, and no URL but Octokit's default, api.github.com.
   */
  github?: { endpoint: string; token?: string }
}

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** What the step saved for its post step ($GITHUB_STATE). */
  state: Record<string, string>
  summary: string
  /** Workflow commands the action printed, e.g. { command: 'error', message }. */
  commands: Array<{ command: string; message: string }>
  durationMs: number
}

/** The files of a step's runner protocol, in the step's own folder. */
export interface StepFiles {
  output: string
  state: string
  summary: string
  event: string
}

/**
 * The environment the runner gives a step in the folder `dir` (its workspace, GITHUB_WORKSPACE, and
 * HOME), with `options.files` written into it: inputs as INPUT_<NAME> variables, outputs, state and summary through files, the event payload
 * through GITHUB_EVENT_PATH, and nothing else from this machine. The bench runs its bundles in it
 * too. Undefined values in `options.env` remove a variable.
 */
export function prepareStep(
  dir: string,
  options: Pick<
    RunOptions,
    'endpoint' | 'inputs' | 'env' | 'eventName' | 'event' | 'state' | 'files' | 'github'
  >
): { env: Record<string, string>; files: StepFiles } {
  const files: StepFiles = {
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json')
  }
  writeFileSync(files.output, '')
  writeFileSync(files.state, '')
  writeFileSync(files.summary, '')
  writeFileSync(files.event, JSON.stringify(options.event ?? {}))
  for (const [path, content] of Object.entries(options.files ?? {})) {
    const full = join(dir, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, content)
  }
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
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
    AWS_ACCESS_KEY_ID: 'AKIDE2ETEST',
    AWS_SECRET_ACCESS_KEY: 'e2e-secret',
    AWS_ENDPOINT_URL_SAGEMAKER: options.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: options.endpoint,
    AWS_ENDPOINT_URL_S3: options.endpoint,
    // Never look for credentials or config beyond the variables above.
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(options.github && {
      GITHUB_API_URL: options.github.endpoint,
      'INPUT_GITHUB-TOKEN': options.github.token ?? GitHubEmulator.DEFAULT_TOKEN
    }),
    ...Object.fromEntries(
      Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
    ),
    ...Object.fromEntries(
      Object.entries(options.state ?? {}).map(([name, value]) => [`STATE_${name}`, value])
    ),
    ...options.env
  }
  return {
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >,
    files
  }
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'))
  try {
    const { env, files } = prepareStep(dir, options)
    const started = Date.now()
    const child = spawn(ACTION_NODE, [ACTION], {
      env,
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    options.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      options.onOutput?.(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      options.onOutput?.(chunk)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve =>
      child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]))
    )
    clearTimeout(timer)

    return {
      code,
      signal,
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
      state: parseOutputFile(readFileSync(files.state, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
      commands: parseCommands(stdout),
      durationMs: Date.now() - started
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Reads $GITHUB_OUTPUT (or $GITHUB_STATE) as the runner does: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
/**
 * A `pull_request` run's event name and payload (of acme/churn, the repository prepareStep sets),
 * as the runner gives them: the pull request's number and head, in a fork when asked.
 */
export function pullRequestEvent(
  number: number,
  headSha: string,
  { fork = false } = {}
): Pick<RunOptions, 'eventName' | 'event'> {
  return {
    eventName: 'pull_request',
    event: {
      pull_request: {
        number,
        head: { sha: headSha, repo: { full_name: fork ? 'fork-owner/churn' : 'acme/churn' } },
        base: { repo: { full_name: 'acme/churn' } }
      }
    }
  }
}

export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^<=]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
      outputs[name] = value.join('\n')
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      outputs[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return outputs
}

/**
 * A log as the runner reads it: the lines it reads for workflow commands, and the blocks between
 * `::stop-commands::TOKEN` and `::TOKEN::`, which it leaves as text. A block never closed is in
 * neither.
 */
export function splitVerbatim(log: string): { read: string[]; blocks: string[][] } {
  const read: string[] = []
  const blocks: string[][] = []
  let block: { lines: string[]; resumeWith: string } | undefined
  for (const line of log.split('\n')) {
    if (block) {
      if (line === block.resumeWith) {
        blocks.push(block.lines)
        block = undefined
      } else block.lines.push(line)
      continue
    }
    const token = /^::stop-commands::([^\n]*)$/.exec(line)?.[1]
    if (token !== undefined) block = { lines: [], resumeWith: `::${token}::` }
    else read.push(line)
  }
  return { read, blocks }
}

/** The workflow commands in a log, with %0A, %0D and %25 decoded as the runner does. */
export function parseCommands(log: string): Array<{ command: string; message: string }> {
  return splitVerbatim(log)
    .read.map(line => /^::([a-z-]+)(?: [^:]*)?::([^\n]*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, command = '', message = '']) => ({
      command,
      message: message.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
    }))
}

/** The text an escaped HTML fragment shows. */
export function decodeHtml(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

export function commandsOf(result: RunResult, command: string): string[] {
  return result.commands.filter(c => c.command === command).map(c => c.message)
}
