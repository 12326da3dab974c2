// Definitions compared as JSON values, and what a deploy changes: pure.
import { describe, expect, it } from '@jest/globals'
import {
  canonicalJson,
  compareDefinitions,
  describeChanges,
  hasChanges,
  sameJson
} from '../../src/definition/definition-changes.js'
import { deployPlanFor, type DeployTarget } from '../../src/definition/deploy.js'

const BEFORE = {
  Version: '2020-12-01',
  Parameters: [
    { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
    { Name: 'Region', Type: 'String', DefaultValue: 'eu' }
  ],
  Steps: [
    { Name: 'Prepare', Type: 'Processing', Arguments: { Image: 'a' } },
    {
      Name: 'Check',
      Type: 'Condition',
      Arguments: { IfSteps: [{ Name: 'Train', Type: 'Training', Arguments: { Image: 'b' } }] }
    }
  ]
}

describe('sameJson', () => {
  it('ignores key order and whitespace, not array order or types', () => {
    expect(sameJson(JSON.parse('{"a": 1, "b": [1, 2]}'), JSON.parse('{"b":[1,2],"a":1}'))).toBe(
      true
    )
    expect(sameJson({ b: [2, 1] }, { b: [1, 2] })).toBe(false)
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false)
    expect(canonicalJson({ b: { d: null, c: [true] }, a: 'x' })).toBe(
      '{"a":"x","b":{"c":[true],"d":null}}'
    )
  })

  it('walks a deep value without recursion', () => {
    let deep: unknown = 0
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(canonicalJson(deep)).toHaveLength(200_001)
  })
})

describe('compareDefinitions', () => {
  it('finds nothing between equal definitions', () => {
    const changes = compareDefinitions(BEFORE, structuredClone(BEFORE))
    expect(hasChanges(changes)).toBe(false)
    expect(describeChanges(changes)).toEqual([])
  })

  it('tells parameters added, removed and with a new default, and steps changed', () => {
    const after = structuredClone(BEFORE)
    after.Parameters = [
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 10 },
      { Name: 'Seed', Type: 'Integer', DefaultValue: 1 }
    ]
    after.Steps[1]!.Arguments = {
      IfSteps: [{ Name: 'Train', Type: 'Training', Arguments: { Image: 'c' } }]
    }
    after.Steps.push({ Name: 'Register', Type: 'RegisterModel', Arguments: { Image: 'r' } })
    after.Steps.shift()
    expect(describeChanges(compareDefinitions(BEFORE, after))).toEqual([
      'Parameters added: "Seed"',
      'Parameters removed: "Region"',
      'Parameter "Epochs": default 5 → 10',
      'Steps added: "Register"',
      'Steps removed: "Prepare"',
      // The change inside the branch is the nested step's, not its Condition's.
      'Steps changed: "Train"'
    ])
  })

  it.each([
    [20, []],
    [21, ['and 1 more parameters changed']]
  ])('lists at most 20 changed defaults, one line each: %i changed', (count, rest) => {
    const parameters = (defaultValue: number) =>
      Array.from({ length: count }, (_, i) => ({
        Name: `P${i}`,
        Type: 'Integer',
        DefaultValue: defaultValue
      }))
    const before = { ...BEFORE, Parameters: parameters(1) }
    const after = { ...BEFORE, Parameters: parameters(2) }

    expect(describeChanges(compareDefinitions(before, after))).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `Parameter "P${i}": default 1 → 2`),
      ...rest
    ])
  })

  it('tells everything as added for a new pipeline', () => {
    expect(describeChanges(compareDefinitions(undefined, BEFORE))).toEqual([
      'Parameters added: "Epochs" and "Region"',
      'Steps added: "Prepare", "Check" and "Train"'
    ])
  })
})

describe('deployPlanFor', () => {
  const target: DeployTarget = {
    pipelineName: 'churn',
    file: {
      path: 'pipeline.json',
      text: JSON.stringify(BEFORE),
      value: BEFORE,
      declared: { parameters: [], steps: [] }
    },
    tags: [],
    commit: 'abc',
    runLine: 'Started by GitHub Actions'
  }
  const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn'

  it('creates a missing pipeline only with a role', () => {
    expect(() => deployPlanFor({ kind: 'missing' }, target)).toThrow(
      'Input pipeline-role-arn: is required: the pipeline "churn" does not exist yet'
    )
    expect(
      deployPlanFor({ kind: 'missing' }, { ...target, roleArn: 'arn:aws:iam::1:role/r' }).action
    ).toBe('create')
  })

  it('runs the newest version when it holds the file, and updates otherwise', () => {
    const current = { kind: 'current', versionId: 4, pipelineArn: ARN, roleArn: 'r1' } as const
    expect(
      deployPlanFor({ ...current, definition: structuredClone(BEFORE) }, target)
    ).toMatchObject({
      action: 'unchanged',
      versionId: 4,
      rerun: false
    })
    expect(
      deployPlanFor({ ...current, definition: { ...BEFORE, Version: 'x' } }, target).action
    ).toBe('update')
    // Another role given: update, even with the same definition.
    expect(
      deployPlanFor({ ...current, definition: BEFORE }, { ...target, roleArn: 'r2' }).action
    ).toBe('update')
  })

  it('runs the version an earlier run of the commit made', () => {
    expect(deployPlanFor({ kind: 'rerun', versionId: 2, pipelineArn: ARN }, target)).toMatchObject({
      action: 'unchanged',
      versionId: 2,
      rerun: true
    })
  })
})
