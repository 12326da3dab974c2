import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  AssumedRoleArn,
  RoleDurationSeconds,
  RoleSessionName,
  defaultSessionName,
  parseRoleSettings
} from '../../src/inputs/role-inputs.js'
import { errorOf } from './input-error-of.js'

const ROLE_ARN = 'arn:aws:iam::123456789012:role/github-deploy'
const RUN = { repository: 'octo-org/churn-model', runId: 9876543210 }

function inputs(values: Record<string, string>) {
  return (name: string) => values[name] ?? ''
}

describe("STS's limits", () => {
  const model = JSON.parse(
    readFileSync(
      new URL('../../emulator/data/sts-web-identity-model.json', import.meta.url),
      'utf8'
    )
  ) as { shapes: Record<string, { min?: number; max?: number; pattern?: string }> }

  it.each([
    ['RoleArn', AssumedRoleArn],
    ['RoleSessionName', RoleSessionName],
    ['DurationSeconds', RoleDurationSeconds]
  ])("%s matches the model's", (_member, shape) => {
    const source = model.shapes[shape.shape]
    expect(shape).toMatchObject({ min: source?.min, max: source?.max })
    // The role ARN is checked by a stricter rule of the action's own.
    if ('pattern' in shape) expect(shape.pattern).toBe(source?.pattern)
  })
})

describe('parseRoleSettings', () => {
  it('is undefined without role-to-assume, whatever the other role inputs say', () => {
    expect(parseRoleSettings(inputs({ 'role-duration-seconds': 'x' }), RUN)).toBeUndefined()
  })

  it('fills in the defaults', () => {
    expect(parseRoleSettings(inputs({ 'role-to-assume': ROLE_ARN }), RUN)).toEqual({
      roleArn: ROLE_ARN,
      sessionName: 'sagemaker-pipeline-octo-org-churn-model-9876543210',
      durationSeconds: 3600,
      audience: 'sts.amazonaws.com'
    })
  })

  it('reads every role input', () => {
    const arn = 'arn:aws-us-gov:iam::123456789012:role/ci/sagemaker-deploy'
    expect(
      parseRoleSettings(
        inputs({
          'role-to-assume': arn,
          'role-session-name': 'nightly@octo',
          'role-duration-seconds': '43200',
          audience: 'https://github.com/octo-org'
        }),
        RUN
      )
    ).toEqual({
      roleArn: arn,
      sessionName: 'nightly@octo',
      durationSeconds: 43200,
      audience: 'https://github.com/octo-org'
    })
  })

  it.each([
    ['role-to-assume', 'github-deploy', 'must be an IAM role ARN'],
    ['role-to-assume', 'arn:aws:iam::123456789012:user/alice', 'must be an IAM role ARN'],
    ['role-session-name', 'x', 'must be 2 to 64 letters'],
    ['role-session-name', 'nightly run', 'must be 2 to 64 letters'],
    ['role-session-name', 'n'.repeat(65), 'must be 2 to 64 letters'],
    ['role-duration-seconds', '1h', 'must be a whole number'],
    ['role-duration-seconds', '899', 'must be from 900 to 43200'],
    ['role-duration-seconds', '43201', 'must be from 900 to 43200'],
    ['audience', 'sts.amazonaws.com, other', 'must be one audience'],
    ['audience', 'a,b', 'must be one audience'],
    ['audience', 'sts.amazonaws.com\tother', 'must be one audience']
  ])('rejects %s %j', (input, value, rule) => {
    const error = errorOf(() =>
      parseRoleSettings(inputs({ 'role-to-assume': ROLE_ARN, [input]: value }), RUN)
    )
    expect(error.input).toBe(input)
    expect(error.message).toMatch(new RegExp(`^Input ${input} `))
    expect(error.message).toContain(rule)
  })
})

describe('defaultSessionName', () => {
  it("replaces what STS's pattern does not allow", () => {
    expect(defaultSessionName({ repository: 'octo/ünï cödé', runId: '17' })).toBe(
      'sagemaker-pipeline-octo--n--c-d--17'
    )
  })

  it('cuts a long repository name to 64 characters and keeps the run id', () => {
    const name = defaultSessionName({ repository: `octo/${'r'.repeat(100)}`, runId: 9876543210 })
    expect(name).toHaveLength(64)
    expect(name).toMatch(/^sagemaker-pipeline-octo-r+-9876543210$/)
  })
})
