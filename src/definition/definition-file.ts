// The pipeline definition in the repository (pipeline-definition-file): read and checked before any
// call, so a file SageMaker would refuse fails here, with its line and column, and nothing is sent.
import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { PipelineDefinition, lengthOf } from '../constraints.js'
import {
  DefinitionError,
  parseDefinition,
  type PipelineDefinition as Declared
} from './definition.js'
import { InputError, lineAndColumn } from '../inputs/input-error.js'
import type { ParseError } from 'jsonc-parser'

export interface DefinitionFile {
  /** As the user wrote it, for messages. */
  path: string
  /** The text sent to SageMaker, as the file has it. */
  text: string
  /** The parsed JSON: what is compared with a deployed definition. */
  value: Record<string, unknown>
  /** Its parameters and steps, for the checks of parameters and selected-steps. */
  declared: Declared
}

const INPUT = 'pipeline-definition-file'

/** Reads the file at `path`, relative to the workspace (GITHUB_WORKSPACE) unless absolute. */
export async function readDefinitionFile(
  path: string,
  workspace = process.env.GITHUB_WORKSPACE || process.cwd()
): Promise<DefinitionFile> {
  const fullPath = isAbsolute(path) ? path : resolve(workspace, path)
  let text: string
  try {
    text = await readFile(fullPath, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      INPUT,
      code === 'ENOENT'
        ? `names ${fullPath}, which does not exist. Write the definition before this step (for example python pipeline.py > ${path}), and give its path relative to the workspace.`
        : `names ${fullPath}, which could not be read: ${code ?? String(error)}.`
    )
  }
  return { path, ...(await checkDefinitionText(text, path)) }
}

/** The checks of the file's text: size, characters, JSON syntax, the fields SageMaker needs. */
export async function checkDefinitionText(
  text: string,
  path: string
): Promise<Omit<DefinitionFile, 'path'>> {
  const length = lengthOf(text)
  if (length > PipelineDefinition.max)
    throw new InputError(
      INPUT,
      `${path} is ${length} characters long; SageMaker takes a PipelineDefinition of at most ${PipelineDefinition.max} (1 MiB). Nothing was sent. Move large literals (scripts, SQL) into files the steps read from S3.`
    )
  if (text.trim() === '') throw new InputError(INPUT, `${path} is empty.`)
  // The model's pattern allows every character but these three (see constraints.ts).
  const forbidden = /[\u0085\u2028\u2029]/.exec(text)
  if (forbidden)
    throw new InputError(
      INPUT,
      `${path} has the character U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${lineAndColumn(text, forbidden.index)}, which SageMaker does not accept in a definition; write it as a JSON escape (\\u${forbidden[0].charCodeAt(0).toString(16).padStart(4, '0')}).`
    )
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InputError(INPUT, `${path} is not valid JSON: ${await syntaxError(text)}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(INPUT, `${path} must hold a JSON object, the pipeline definition.`)
  const record = value as Record<string, unknown>
  for (const field of ['Version', 'Steps'])
    if (!(field in record))
      throw new InputError(
        INPUT,
        `${path} has no "${field}": it is not a pipeline definition. Write it with the SageMaker Python SDK's pipeline.definition().`
      )
  try {
    return { text, value: record, declared: parseDefinition(text) }
  } catch (error) {
    if (error instanceof DefinitionError) throw new InputError(INPUT, `${path}: ${error.message}`)
    throw error
  }
}

/**
 * Where the JSON breaks. JSON.parse does not always say (V8's "Unexpected token" has no
 * position), so a second parser finds the place; it is loaded only on this path.
 */
async function syntaxError(text: string): Promise<string> {
  const { parse, printParseErrorCode } = await import(/* webpackMode: "eager" */ 'jsonc-parser')
  const errors: ParseError[] = []
  parse(text, errors, { disallowComments: true, allowTrailingComma: false })
  const [first] = errors
  if (!first) return 'JSON.parse refused it.'
  return `${describeCode(printParseErrorCode(first.error))} at ${lineAndColumn(text, first.offset)}.`
}

/** jsonc-parser's codes (ValueExpected, CommaExpected, ...) as words. */
function describeCode(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
