// A typed stand-in for src/runner.ts (the runner's protocol), in the way actions/typescript-action
// stands in for @actions/core.
import { jest } from '@jest/globals'
import type * as runner from '../src/runner.js'

export const ExitCode = { Success: 0, Failure: 1 } as const
export const debug = jest.fn<typeof runner.debug>()
export const info = jest.fn<typeof runner.info>()
export const notice = jest.fn<typeof runner.notice>()
export const warning = jest.fn<typeof runner.warning>()
export const error = jest.fn<typeof runner.error>()
export const getInput = jest.fn<typeof runner.getInput>()
export const setOutput = jest.fn<typeof runner.setOutput>()
export const setFailed = jest.fn<typeof runner.setFailed>()
export const saveState = jest.fn<typeof runner.saveState>()
export const getState = jest.fn<typeof runner.getState>(() => '')
export const startGroup = jest.fn<typeof runner.startGroup>()
export const endGroup = jest.fn<typeof runner.endGroup>()
export const isDebug = jest.fn<typeof runner.isDebug>(() => false)
export const appendSummary = jest.fn<typeof runner.appendSummary>(() => true)
