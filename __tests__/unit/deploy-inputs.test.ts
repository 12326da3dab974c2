// The inputs of deploy and run, and the definition file's checks: pure, no calls.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parseDeploySettings, parseTags } from '../../src/inputs/deploy-inputs.js'
import { lengthOf } from '../../src/constraints.js'
import { checkDefinitionText, readDefinitionFile } from '../../src/definition/definition-file.js'
import { errorOf } from './input-error-of.js'

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker-pipeline-execution'
const DEFINITION = JSON.stringify({
  Version: '2020-12-01',
  Parameters: [{ Name: 'Epochs', Type: 'Integer', DefaultValue: 5 }],
  Steps: [{ Name: 'Train', Type: 'Training', Arguments: {} }]
})

describe('parseDeploySettings', () => {
  it('is undefined without a definition file', () => {
    expect(parseDeploySettings(reader({}), 'churn')).toBeUndefined()
  })

  it('reads the file, role and tags', () => {
    expect(
      parseDeploySettings(
        reader({
          'pipeline-definition-file': 'pipeline.json',
          'pipeline-role-arn': ROLE,
          'pipeline-tags': 'team: ml\ncost-center: "0042"'
        }),
        'churn'
      )
    ).toEqual({
      definitionFile: 'pipeline.json',
      roleArn: ROLE,
      tags: [
        { Key: 'team', Value: 'ml' },
        { Key: 'cost-center', Value: '0042' }
      ]
    })
  })

  it.each([
    [{ 'pipeline-role-arn': ROLE }, 'Input pipeline-role-arn: applies only when the step deploys'],
    [{ 'pipeline-tags': 'a: b' }, 'Input pipeline-tags: applies only when the step deploys'],
    [
      { 'pipeline-definition-file': 'p.json', 'pipeline-version-id': '3' },
      'Input pipeline-version-id: cannot be used with pipeline-definition-file'
    ],
    [
      { 'pipeline-definition-file': 'p.json', 'pipeline-role-arn': 'arn:aws:iam::1:role/x' },
      'Input pipeline-role-arn "arn:aws:iam::1:role/x": must be an IAM role ARN'
    ]
  ])('refuses %j', (values, message) => {
    expect(errorOf(() => parseDeploySettings(reader(values), 'churn')).message).toMatch(message)
  })

  it('needs a pipeline name, not an ARN, to deploy', () => {
    expect(
      errorOf(() =>
        parseDeploySettings(
          reader({ 'pipeline-definition-file': 'p.json' }),
          'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn'
        )
      ).message
    ).toMatch(/^Input pipeline-name "arn:.*": must be the pipeline's name, not its ARN/)
  })
})

describe('parseTags', () => {
  it('reads a JSON mapping and keeps values as written', () => {
    expect(parseTags('{"owner": "ml-team", "version": 1.10}')).toEqual([
      { Key: 'owner', Value: 'ml-team' },
      { Key: 'version', Value: '1.10' }
    ])
  })

  it('gives a key with no value an empty value', () => {
    expect(parseTags('draft:')).toEqual([{ Key: 'draft', Value: '' }])
  })

  it.each([
    ['- a\n- b', 'must be a YAML mapping'],
    ['aws:owner: me', 'reserves for its own tags'],
    // AWS reserves the prefix in any case: AWS:x is as much its own as aws:x.
    ['AWS:x: me', 'the tag key "AWS:x" starts with "aws:", which AWS reserves for its own tags.'],
    ['Aws:owner: me', 'reserves for its own tags'],
    ['a: 1\na: 2', 'names the key "a" twice'],
    ['a: [1, 2]', 'is a list'],
    ['"a#b": c', 'tag key'],
    ['a: {b', 'is not valid YAML (line 1, column'],
    [Array.from({ length: 51 }, (_, i) => `k${i}: v`).join('\n'), 'has 51 tags']
  ])('refuses %j', (text, message) => {
    expect(errorOf(() => parseTags(text)).message).toMatch(message)
  })
})

describe('the definition file', () => {
  it('is read relative to the workspace', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'definition-'))
    writeFileSync(join(workspace, 'pipeline.json'), `${DEFINITION}\n`)
    const file = await readDefinitionFile('pipeline.json', workspace)
    expect(file.text).toBe(`${DEFINITION}\n`)
    expect(file.declared).toEqual({
      parameters: [{ name: 'Epochs', type: 'Integer', defaultValue: '5' }],
      steps: ['Train']
    })
  })

  it('names a missing file with its full path', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'definition-'))
    await expect(readDefinitionFile('missing.json', workspace)).rejects.toThrow(
      `Input pipeline-definition-file: names ${join(workspace, 'missing.json')}, which does not exist`
    )
  })

  it('names the line and column of a syntax error', async () => {
    await expect(
      checkDefinitionText('{\n  "Version": "2020-12-01",\n  "Steps": }', 'p.json')
    ).rejects.toThrow('p.json is not valid JSON: Value expected at line 3, column 12.')
    await expect(checkDefinitionText('{"Version": "x", "Steps": [],}', 'p.json')).rejects.toThrow(
      'line 1, column 30'
    )
  })

  it('refuses a file over the API limit before parsing it', async () => {
    const big = `{"Version": "2020-12-01", "Steps": [], "Metadata": {"x": "${'a'.repeat(1024 * 1024)}"}}`
    await expect(checkDefinitionText(big, 'p.json')).rejects.toThrow(
      /p\.json is 10486\d\d characters long; SageMaker takes a PipelineDefinition of at most 1048576 \(1 MiB\)\. Nothing was sent\./
    )
  })

  // The limit counts code points, as the service does: an emoji is one character, two UTF-16 units.
  it.each([
    ['ASCII', 'a'],
    ['emoji', '🚀']
  ])(
    'takes a definition of exactly 1,048,576 characters (%s), and refuses one more',
    async (_what, filler) => {
      const head = '{"Version": "2020-12-01", "Steps": [], "Metadata": {"x": "'
      const tail = '"}}'
      const atLimit = head + filler.repeat(1048576 - head.length - tail.length) + tail
      expect(lengthOf(atLimit)).toBe(1048576)

      await expect(checkDefinitionText(atLimit, 'p.json')).resolves.toMatchObject({ text: atLimit })
      await expect(checkDefinitionText(`${atLimit} `, 'p.json')).rejects.toThrow(
        'p.json is 1048577 characters long; SageMaker takes a PipelineDefinition of at most 1048576 (1 MiB).'
      )
    }
  )

  it.each([
    ['', 'is empty'],
    ['[1]', 'must hold a JSON object'],
    ['{"Steps": []}', 'has no "Version"'],
    ['{"Version": "2020-12-01"}', 'has no "Steps"'],
    [
      '{"Version": "2020-12-01", "Steps": [], "Metadata": "a\u2028b"}',
      'U+2028 at line 1, column 54'
    ],
    // The other two characters the model's pattern refuses; JSON.parse takes both in a string.
    [
      '{"Version": "2020-12-01", "Steps": [], "Metadata": "a\u0085b"}',
      'p.json has the character U+0085 at line 1, column 54, which SageMaker does not accept in a definition; write it as a JSON escape (\\u0085).'
    ],
    [
      '{"Version": "2020-12-01", "Steps": [], "Metadata": "a\u2029b"}',
      'U+2029 at line 1, column 54'
    ],
    ['{"Version": "2020-12-01", "Steps": [{"Type": "Training"}]}', 'has a step without a Name']
  ])('refuses %j', async (text, message) => {
    await expect(checkDefinitionText(text, 'p.json')).rejects.toThrow(message)
  })
})
