// The InputError a parse throws, for tests that assert its input and message.
import { InputError } from '../../src/inputs/input-error.js'

export function errorOf(thunk: () => unknown): InputError {
  try {
    thunk()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}
