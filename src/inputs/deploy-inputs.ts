// The inputs of deploy and run: which definition file to deploy, as which role, with which tags.
// Pure: the file itself is read by definition-file.ts, once the inputs are known to fit together.
import { isAlias, isMap, isScalar, parseDocument } from 'yaml'
import { PipelineName, RoleArn, TagKey, TagList, TagValue, matchesPattern } from '../constraints.js'
import { checkList, checkString } from './input-checks.js'
import { InputError, lineAndColumn } from './input-error.js'

export interface Tag {
  Key: string
  Value: string
}

export interface DeploySettings {
  /** The path as written: relative to the workspace, or absolute. */
  definitionFile: string
  /** Required to create the pipeline; when given for an existing one, the pipeline is updated to it. */
  roleArn?: string
  /** Only for a pipeline the action creates. */
  tags: Tag[]
}

type InputReader = (name: string) => string

/** Undefined when the step only starts a pipeline that is deployed some other way. */
export function parseDeploySettings(
  read: InputReader,
  pipelineName: string
): DeploySettings | undefined {
  const definitionFile = read('pipeline-definition-file')
  const roleArn = read('pipeline-role-arn')
  const tags = read('pipeline-tags')
  if (definitionFile === '') {
    for (const [input, value] of [
      ['pipeline-role-arn', roleArn],
      ['pipeline-tags', tags]
    ] as const)
      if (value !== '')
        throw new InputError(
          input,
          'applies only when the step deploys the pipeline: set pipeline-definition-file too, or remove it.'
        )
    return undefined
  }
  if (read('pipeline-version-id') !== '')
    throw new InputError(
      'pipeline-version-id',
      'cannot be used with pipeline-definition-file: the step runs the version it deploys. Remove one of them.'
    )
  if (!matchesPattern(PipelineName, pipelineName))
    throw new InputError(
      'pipeline-name',
      "must be the pipeline's name, not its ARN, when pipeline-definition-file is set: SageMaker creates and updates pipelines by name.",
      pipelineName
    )
  if (roleArn !== '')
    checkString(
      'pipeline-role-arn',
      roleArn,
      RoleArn,
      'must be an IAM role ARN such as arn:aws:iam::123456789012:role/sagemaker-pipeline-execution.'
    )
  return {
    definitionFile,
    ...(roleArn !== '' && { roleArn }),
    tags: parseTags(tags)
  }
}

/**
 * `pipeline-tags`: a YAML (or JSON) mapping of key to value. Values are kept as written, like
 * parameters; a key with no value gets an empty value, which AWS allows.
 */
export function parseTags(text: string): Tag[] {
  if (text.trim() === '') return []
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false })
  const [error] = doc.errors
  if (error) {
    throw new InputError(
      'pipeline-tags',
      `is not valid YAML (${lineAndColumn(text, error.pos[0])}): ${error.message.split('\n')[0]}`
    )
  }
  if (!isMap(doc.contents))
    throw new InputError(
      'pipeline-tags',
      'must be a YAML mapping of tag key to value (Key: value).'
    )
  const tags: Tag[] = []
  for (const pair of doc.contents.items) {
    const Key = scalarText(pair.key, 'a tag key')
    const Value = scalarText(pair.value, `the value of the tag ${JSON.stringify(Key)}`)
    checkString(
      'pipeline-tags',
      Key,
      TagKey,
      'a tag key may hold letters, digits, spaces and _ . : / = + - @',
      'tag key'
    )
    // AWS keeps the aws: prefix for its own tags and refuses it in CreatePipeline.
    if (Key.toLowerCase().startsWith('aws:'))
      throw new InputError(
        'pipeline-tags',
        `the tag key ${JSON.stringify(Key)} starts with "aws:", which AWS reserves for its own tags.`
      )
    checkString(
      'pipeline-tags',
      Value,
      TagValue,
      'a tag value may hold letters, digits, spaces and _ . : / = + - @',
      `value of the tag ${JSON.stringify(Key)}`
    )
    if (tags.some(tag => tag.Key === Key))
      throw new InputError('pipeline-tags', `names the key ${JSON.stringify(Key)} twice.`)
    tags.push({ Key, Value })
  }
  checkList('pipeline-tags', tags.length, TagList, 'tags')
  return tags
}

/** A plain value's text; an alias, mapping or list is refused, so nothing expands. */
function scalarText(node: unknown, what: string): string {
  if (node === null || node === undefined) return ''
  if (isScalar(node)) return String(node.value ?? '')
  const kind = isAlias(node) ? 'an alias' : isMap(node) ? 'a mapping' : 'a list'
  throw new InputError(
    'pipeline-tags',
    `${what} is ${kind}; tag keys and values must be plain text.`
  )
}
