// The harness of the end-to-end suites: one local SageMaker endpoint per test file, fresh for each
// test, with everything the action sent checked against the API model after each test,
// independently of the action's own checks; and dist/index.js run against it as the runner runs it.
import type { ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js'
import { runAction, type RunOptions, type RunResult } from '../../test-support/runner.js'

/** The pipeline the suites start: every run names it unless its inputs say otherwise. */
export const PIPELINE = 'churn-training'

function useEmulator(started: (emulator: Emulator) => void, options: EmulatorOptions = {}): void {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator(options)
    started(emulator)
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => {
    emulator.reset()
  })
  afterEach(() => {
    expect(emulator.violations).toEqual([])
  })
}

export interface ActionDefaults {
  /** Inputs of every run besides `pipeline-name: PIPELINE`; a run's own inputs win. */
  inputs?: Record<string, string>
  /** How long a run may take before it is killed; runAction's default when omitted. */
  timeoutMs?: number
  /** For the emulator, e.g. a clock of its own. */
  emulator?: EmulatorOptions
}

export type RunSettings = Omit<Partial<RunOptions>, 'inputs'>

export interface Action {
  /** Runs the main step against the emulator. */
  run(inputs?: Record<string, string>, options?: RunSettings): Promise<RunResult>
  /** Runs the post step, with the step state the main step saved. */
  runPost(state: Record<string, string>, options?: RunSettings): Promise<RunResult>
}

/**
 * useEmulator, and the action run against it. Every run still going when its test ends (the test
 * failed or timed out first) is killed then: it must not call the endpoint during the next test,
 * nor keep jest from exiting.
 */
export function useAction(
  started: (emulator: Emulator) => void,
  defaults: ActionDefaults = {}
): Action {
  const children = new Set<ChildProcess>()
  // Declared before useEmulator's hooks, so it runs first, even when a check after the test fails.
  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    children.clear()
  })
  let emulator: Emulator
  useEmulator(ready => {
    emulator = ready
    started(ready)
  }, defaults.emulator)

  const run: Action['run'] = (inputs = {}, options = {}) =>
    runAction({
      endpoint: emulator.endpoint,
      timeoutMs: defaults.timeoutMs,
      ...options,
      inputs: { 'pipeline-name': PIPELINE, ...defaults.inputs, ...inputs },
      onSpawn: child => {
        children.add(child)
        options.onSpawn?.(child)
      }
    })
  const runPost: Action['runPost'] = (state, options = {}) =>
    run({}, { ...options, state: { isPost: 'true', ...state } })
  return { run, runPost }
}

export async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}
