// The harness of the long-wait suites: a local STS (with the runner's ID-token endpoint) and a
// SageMaker endpoint that accepts only the keys that STS issued, unexpired; both fresh for each
// test and checked against their API models after it. The action runs as in support.ts (the
// committed dist/index.js, through runAction), with role-to-assume and the runner's OIDC variables
// set. The environment keeps the harness's AWS_ACCESS_KEY_ID: the endpoint refuses it, so a run
// that used it would fail.
import type { ChildProcess } from 'node:child_process'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals'
import {
  startEmulator,
  startStsEmulator,
  type Emulator,
  type StsEmulator,
  type StsEmulatorOptions
} from '../../emulator/index.js'
import { runAction, type RunResult } from '../../test-support/runner.js'
import { PIPELINE, type RunSettings } from './support.js'

/** The role every run assumes unless its inputs say otherwise. */
export const ROLE = 'arn:aws:iam::123456789012:role/github-sagemaker'
/** The access key prepareStep puts in every step's environment: it must never sign a request. */
export const ENVIRONMENT_KEY = 'AKIDE2ETEST'

export interface Endpoints {
  sts: StsEmulator
  emulator: Emulator
}

export interface RoleAction {
  /**
   * Runs the main step with `pipeline-name: PIPELINE` and `role-to-assume: ROLE` (a run's own
   * inputs win; an empty value is an input not given), and the runner's OIDC variables.
   */
  run(inputs?: Record<string, string>, options?: RunSettings): Promise<RunResult>
  /** Runs the post step, with the step state the main step saved. */
  runPost(
    state: Record<string, string>,
    inputs?: Record<string, string>,
    options?: RunSettings
  ): Promise<RunResult>
}

/** The variables the runner gives a job with `permissions: id-token: write`, and STS's endpoint. */
export function oidcEnv(sts: StsEmulator): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    ACTIONS_ID_TOKEN_REQUEST_URL: sts.idTokenUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sts.idTokenRequestToken
  }
}

/**
 * Both endpoints for the test file, and the action run against them. Runs still going when their
 * test ends are killed then, as in support.ts.
 */
export function useRoleAction(
  started: (endpoints: Endpoints) => void,
  defaults: { sts?: StsEmulatorOptions; timeoutMs?: number } = {}
): RoleAction {
  const children = new Set<ChildProcess>()
  let sts: StsEmulator
  let emulator: Emulator
  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    children.clear()
  })
  beforeAll(async () => {
    sts = await startStsEmulator(defaults.sts)
    emulator = await startEmulator({ credentials: sts.credentialCheck() })
    started({ sts, emulator })
  })
  afterAll(async () => {
    await Promise.all([emulator.close(), sts.close()])
  })
  beforeEach(() => {
    sts.reset()
    emulator.reset()
  })
  afterEach(() => {
    expect(emulator.violations).toEqual([])
    expect(sts.violations).toEqual([])
  })

  const run: RoleAction['run'] = (inputs = {}, options = {}) =>
    runAction({
      endpoint: emulator.endpoint,
      timeoutMs: defaults.timeoutMs,
      ...options,
      env: { ...oidcEnv(sts), ...options.env },
      inputs: { 'pipeline-name': PIPELINE, 'role-to-assume': ROLE, ...inputs },
      onSpawn: child => {
        children.add(child)
        options.onSpawn?.(child)
      }
    })
  const runPost: RoleAction['runPost'] = (state, inputs = {}, options = {}) =>
    run(inputs, { ...options, state: { isPost: 'true', ...state } })
  return { run, runPost }
}

/** A relay in front of an endpoint that can hold requests back and watch what is answered. */
export interface Relay {
  endpoint: string
  close(): Promise<void>
}

export interface RelayHooks {
  /** Milliseconds to hold a request for `operation` (from X-Amz-Target) before passing it on. */
  delayMs?(operation: string): number
  /** Called with each answer before it is passed back, so a test can act before the client reads it. */
  onAnswer?(operation: string, status: number, body: string): void
}

/**
 * An HTTP relay to `target` on loopback: what a slow network, or a slow service, looks like to the
 * action. The endpoint's faults answer at once; a relay that holds their requests makes every
 * retry of the SDK take a known time.
 */
export async function startRelay(target: string, hooks: RelayHooks): Promise<Relay> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^.*\./, '')
      setTimeout(
        () => {
          const upstream = request(
            new URL(req.url ?? '/', target),
            { method: req.method, headers: req.headers },
            answer => {
              const body: Buffer[] = []
              answer.on('data', (chunk: Buffer) => body.push(chunk))
              answer.on('end', () => {
                const text = Buffer.concat(body).toString('utf8')
                hooks.onAnswer?.(operation, answer.statusCode ?? 0, text)
                res.writeHead(answer.statusCode ?? 502, answer.headers)
                res.end(text)
              })
            }
          )
          upstream.on('error', () => res.destroy())
          upstream.end(Buffer.concat(chunks))
        },
        hooks.delayMs?.(operation) ?? 0
      )
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    }
  }
}
