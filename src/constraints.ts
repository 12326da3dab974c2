// The API's limits for what this action sends, named after the shapes of the SageMaker API model
// (botocore's sagemaker/2017-07-24/service-2.json). A unit test compares every value here with
// the model, so a change upstream shows up as a failing test rather than a rejected request.

export interface StringShape {
  readonly shape: string
  readonly min: number
  readonly max: number
  /** The model's pattern text; the service matches it against the whole string. */
  readonly pattern?: string
}

export interface NumberShape {
  readonly shape: string
  readonly min: number
  readonly max: number
}

interface ListShape {
  readonly shape: string
  readonly min: number
  readonly max: number
}

export const PipelineNameOrArn: StringShape = {
  shape: 'PipelineNameOrArn',
  min: 1,
  max: 2048,
  pattern:
    '(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:([0-9]{12}|aws):pipeline/.*)?([a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})'
}

export const PipelineExecutionName: StringShape = {
  shape: 'PipelineExecutionName',
  min: 1,
  max: 82,
  pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}'
}

export const PipelineExecutionDescription: StringShape = {
  shape: 'PipelineExecutionDescription',
  min: 0,
  max: 3072,
  pattern: '.*'
}

export const IdempotencyToken: StringShape = { shape: 'IdempotencyToken', min: 32, max: 128 }

export const PipelineParameterName: StringShape = {
  shape: 'PipelineParameterName',
  min: 1,
  max: 256,
  pattern: '[A-Za-z0-9\\-_]*'
}

/** A parameter's value (shape String1024). */
export const ParameterValue: StringShape = { shape: 'String1024', min: 0, max: 1024 }

export const ParameterList: ListShape = { shape: 'ParameterList', min: 0, max: 200 }

/** A selected step's name (shape String256). */
export const SelectedStepName: StringShape = { shape: 'String256', min: 0, max: 256 }

export const SelectedStepList: ListShape = { shape: 'SelectedStepList', min: 1, max: 50 }

export const PipelineExecutionArn: StringShape = {
  shape: 'PipelineExecutionArn',
  min: 0,
  max: 2048,
  pattern: 'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:pipeline\\/.*\\/execution\\/.*'
}

export const MlflowExperimentEntityName: StringShape = {
  shape: 'MlflowExperimentEntityName',
  min: 1,
  max: 256,
  pattern: '.*'
}

/** A 32-bit integer in the model; the upper bound is Java's. */
export const MaxParallelExecutionSteps: NumberShape = {
  shape: 'MaxParallelExecutionSteps',
  min: 1,
  max: 2 ** 31 - 1
}

/** A 64-bit long in the model, capped at what a JavaScript number holds exactly. */
export const PipelineVersionId: NumberShape = {
  shape: 'PipelineVersionId',
  min: 1,
  max: Number.MAX_SAFE_INTEGER
}

/** A pipeline's own name, as CreatePipeline and UpdatePipeline take it: no ARN. */
export const PipelineName: StringShape = {
  shape: 'PipelineName',
  min: 1,
  max: 256,
  pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}'
}

/**
 * The definition's JSON text. Its pattern, `.*(?:[ \\r\\n\\t].*)*` read as Java reads it, allows
 * every character but U+0085, U+2028 and U+2029: definition.ts checks that directly, because the
 * pattern's nested stars backtrack for ever on a megabyte that fails it.
 */
export const PipelineDefinition: StringShape = {
  shape: 'PipelineDefinition',
  min: 1,
  max: 1048576,
  pattern: '.*(?:[ \\r\\n\\t].*)*'
}

export const RoleArn: StringShape = {
  shape: 'RoleArn',
  min: 20,
  max: 2048,
  pattern: 'arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+'
}

export const TagList: ListShape = { shape: 'TagList', min: 0, max: 50 }

export const TagKey: StringShape = {
  shape: 'TagKey',
  min: 1,
  max: 128,
  pattern: '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)'
}

export const TagValue: StringShape = {
  shape: 'TagValue',
  min: 0,
  max: 256,
  pattern: '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)'
}

/** A pipeline version's display name: the label the action gives the versions it creates. */
export const PipelineVersionName: StringShape = {
  shape: 'PipelineVersionName',
  min: 1,
  max: 82,
  pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}'
}

export const PipelineVersionDescription: StringShape = {
  shape: 'PipelineVersionDescription',
  min: 0,
  max: 3072,
  pattern: '.*'
}

/**
 * A string's length as the service counts it: in Unicode code points (Smithy's length trait), so
 * an emoji is one character, not the two UTF-16 units of JavaScript's `length`.
 */
export function lengthOf(value: string): number {
  // Each low surrogate continues a pair: count the rest.
  return value.length - (value.match(/[\uDC00-\uDFFF]/g)?.length ?? 0)
}

/** The first `max` code points of `value`, never half of a surrogate pair. */
export function truncate(value: string, max: number): string {
  return lengthOf(value) <= max ? value : [...value].slice(0, max).join('')
}

/**
 * The model's patterns are Java regular expressions, where `.` matches anything but the line
 * terminators \n, \r, U+0085, U+2028 and U+2029. JavaScript's `.` matches U+0085, so spell it out.
 */
function javaRegex(pattern: string): RegExp {
  let source = ''
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    if (char === '\\') {
      source += char + (pattern[++i] ?? '')
      continue
    }
    if (char === '[') inClass = true
    else if (char === ']') inClass = false
    source += char === '.' && !inClass ? '[^\\n\\r\\u0085\\u2028\\u2029]' : char
  }
  return new RegExp(`^(?:${source})$`, 'u')
}

const compiled = new Map<string, RegExp>()

/** Whether `value` matches the shape's pattern as a whole, the way the service applies it. */
export function matchesPattern(shape: StringShape, value: string): boolean {
  if (shape.pattern === undefined) return true
  let regex = compiled.get(shape.pattern)
  if (!regex) {
    regex = javaRegex(shape.pattern)
    compiled.set(shape.pattern, regex)
  }
  return regex.test(value)
}
