// A typed stand-in for @actions/core, as actions/typescript-action has it: unit tests mock the
// module with `jest.unstable_mockModule('@actions/core', () => core)`.
import type * as core from '@actions/core'
import { jest } from '@jest/globals'

export const debug = jest.fn<typeof core.debug>()
export const info = jest.fn<typeof core.info>()
export const notice = jest.fn<typeof core.notice>()
export const warning = jest.fn<typeof core.warning>()
export const error = jest.fn<typeof core.error>()
export const getInput = jest.fn<typeof core.getInput>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const saveState = jest.fn<typeof core.saveState>()
export const getState = jest.fn<typeof core.getState>(() => '')
export const startGroup = jest.fn<typeof core.startGroup>()
export const endGroup = jest.fn<typeof core.endGroup>()
export const isDebug = jest.fn<typeof core.isDebug>(() => false)

/** The job summary's builder: `addRaw.mock.calls` holds what was added, in order. */
export const summary = {
  addRaw: jest.fn((_text: string, _addEOL?: boolean) => summary),
  write: jest.fn(async () => summary)
}
