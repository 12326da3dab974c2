// action.yml and inputs.ts describe the same interface: every input the action reads is declared,
// every declared input is read, and a default in action.yml is the default inputs.ts applies
// when the input is empty (as it is when the action runs outside the runner, or under a tool).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { parseInputs } from '../../src/inputs/inputs.js'

const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>
}
const declared = Object.keys(action.inputs)
const ENV = { AWS_REGION: 'eu-west-1' }
/** The least a start needs. */
const REQUIRED: Record<string, string> = { 'pipeline-name': 'churn-training' }

/** Parses inputs from a table, recording every name the parser asks for. */
function parseFrom(values: Record<string, string>) {
  const read = new Set<string>()
  const parsed = parseInputs(name => {
    read.add(name)
    return values[name] ?? ''
  }, ENV)
  return { read, settings: parsed.settings }
}

describe('action.yml and inputs.ts', () => {
  it('declare the same inputs', () => {
    const { read } = parseFrom(REQUIRED)
    expect([...read].sort()).toEqual([...declared].sort())
  })

  it.each(declared.filter(name => action.inputs[name]?.default !== undefined))(
    'agree on the default of %s',
    name => {
      const fromYaml = parseFrom({ ...REQUIRED, [name]: String(action.inputs[name]?.default) })
      expect(fromYaml.settings).toEqual(parseFrom(REQUIRED).settings)
    }
  )

  it('mark nothing required: pipeline-name is needed only to start, which inputs.ts checks', () => {
    const required = declared.filter(name => action.inputs[name]?.required === true)
    expect(required).toEqual([])
    expect(() => parseFrom({})).toThrow('Input pipeline-name: is required')
    const attached = parseFrom({
      'pipeline-execution-arn':
        'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/churn/execution/abc123'
    })
    expect(attached.settings.pipelineName).toBe('churn')
  })
})
