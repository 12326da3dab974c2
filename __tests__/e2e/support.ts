// One local SageMaker endpoint per test file, fresh for each test, and everything the action
// sent checked against the API model after each test, independently of the action's own checks.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/index.js'

export function useEmulator(started: (emulator: Emulator) => void): void {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
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
