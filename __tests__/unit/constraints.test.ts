// Every limit the action applies must be the API model's own (botocore's service-2.json).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import * as constraints from '../../src/constraints.js'

interface ModelShape {
  type: string
  min?: number
  max?: number
  pattern?: string
}

const model = JSON.parse(
  readFileSync(
    new URL('../../emulator/data/sagemaker-pipelines-model.json', import.meta.url),
    'utf8'
  )
) as { shapes: Record<string, ModelShape> }

const shapes = Object.entries(constraints).filter(
  (entry): entry is [string, constraints.StringShape] =>
    typeof entry[1] === 'object' && entry[1] !== null && 'shape' in entry[1]
)

describe('constraints', () => {
  it('covers the request shapes', () => {
    expect(shapes.map(([, shape]) => shape.shape).sort()).toEqual(
      [
        'IdempotencyToken',
        'MaxParallelExecutionSteps',
        'MlflowExperimentEntityName',
        'ParameterList',
        'PipelineExecutionArn',
        'PipelineExecutionDescription',
        'PipelineExecutionName',
        'PipelineNameOrArn',
        'PipelineDefinition',
        'PipelineName',
        'PipelineParameterName',
        'PipelineVersionDescription',
        'PipelineVersionId',
        'PipelineVersionName',
        'RoleArn',
        'SelectedStepList',
        'String1024',
        'String256',
        'TagKey',
        'TagList',
        'TagValue'
      ].sort()
    )
  })

  it.each(shapes)('%s matches the model', (_name, shape) => {
    const source = model.shapes[shape.shape]
    expect(source).toBeDefined()
    expect(shape.min).toBe(source?.min ?? 0)
    if (source?.type === 'integer') expect(shape.max).toBe(source.max ?? 2 ** 31 - 1)
    else if (source?.type === 'long') expect(shape.max).toBe(source.max ?? Number.MAX_SAFE_INTEGER)
    else expect(shape.max).toBe(source?.max)
    expect(shape.pattern).toBe(source?.pattern)
  })

  it('matches patterns against the whole string', () => {
    expect(constraints.matchesPattern(constraints.PipelineExecutionName, 'abc-1')).toBe(true)
    expect(constraints.matchesPattern(constraints.PipelineExecutionName, 'abc_1')).toBe(false)
    expect(constraints.matchesPattern(constraints.PipelineExecutionName, 'x-')).toBe(false)
    expect(constraints.matchesPattern(constraints.PipelineExecutionDescription, 'a\nb')).toBe(false)
    expect(constraints.matchesPattern(constraints.IdempotencyToken, 'anything')).toBe(true)
  })
})

describe('lengths and patterns as the service reads them', () => {
  it('counts code points, as the service does', () => {
    expect(constraints.lengthOf('abc')).toBe(3)
    expect(constraints.lengthOf('🚀'.repeat(16))).toBe(16)
    expect(constraints.truncate('a🚀b', 2)).toBe('a🚀')
    expect(constraints.truncate('🚀🚀', 1)).toBe('🚀')
  })

  it('reads `.` as Java does: no line terminator, U+0085 included', () => {
    const { PipelineExecutionDescription: shape, matchesPattern } = constraints
    for (const terminator of ['\n', '\r', '\u0085', '\u2028', '\u2029'])
      expect(matchesPattern(shape, `one${terminator}two`)).toBe(false)
    expect(matchesPattern(shape, 'tab\tand 🚀 emoji')).toBe(true)
  })
})
