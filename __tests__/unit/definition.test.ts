import { describe, expect, it } from '@jest/globals'
import {
  DefinitionError,
  checkLeftOutParameters,
  checkParameters,
  checkSelectedSteps,
  effectiveParameters,
  parseDefinition,
  type PipelineDefinition
} from '../../src/definition/definition.js'
import { InputError } from '../../src/inputs/input-error.js'
import type { Parameter } from '../../src/inputs/parameter-inputs.js'

/** A definition as the SageMaker Python SDK writes it (Pipeline.definition()). */
const SDK_DEFINITION = JSON.stringify({
  Version: '2020-12-01',
  Metadata: {},
  Parameters: [
    { Name: 'Epochs', Type: 'Integer', DefaultValue: 5 },
    { Name: 'DataPath', Type: 'String', DefaultValue: 's3://example-bucket/churn/train.csv' },
    { Name: 'LearningRate', Type: 'Float', DefaultValue: 0.1 },
    { Name: 'UseGpu', Type: 'Boolean', DefaultValue: true },
    {
      Name: 'InstanceType',
      Type: 'String',
      DefaultValue: 'ml.m5.xlarge',
      EnumValues: ['ml.m5.xlarge', 'ml.g5.xlarge']
    },
    { Name: 'ModelName', Type: 'String' }
  ],
  PipelineExperimentConfig: {
    ExperimentName: { Get: 'Execution.PipelineName' },
    TrialName: { Get: 'Execution.PipelineExecutionId' }
  },
  Steps: [
    { Name: 'Preprocess', Type: 'Processing', Arguments: { ProcessingResources: {} } },
    { Name: 'Train', Type: 'Training', Arguments: {}, DependsOn: ['Preprocess'] },
    {
      Name: 'CheckAccuracy',
      Type: 'Condition',
      Arguments: {
        Conditions: [{ Type: 'GreaterThanOrEqualTo', LeftValue: 0.8, RightValue: 0.7 }],
        IfSteps: [
          { Name: 'RegisterModel', Type: 'RegisterModel', Arguments: {} },
          {
            Name: 'CheckBias',
            Type: 'Condition',
            Arguments: {
              Conditions: [],
              IfSteps: [{ Name: 'Deploy', Type: 'Model', Arguments: {} }],
              ElseSteps: [{ Name: 'Notify', Type: 'Lambda', Arguments: {} }]
            }
          }
        ],
        ElseSteps: [{ Name: 'Fail', Type: 'Fail', Arguments: { ErrorMessage: 'too low' } }]
      }
    }
  ]
})

const pipeline = parseDefinition(SDK_DEFINITION)

function definitionWith(parameters: unknown[], steps: unknown[] = []): PipelineDefinition {
  return parseDefinition(
    JSON.stringify({ Version: '2020-12-01', Parameters: parameters, Steps: steps })
  )
}

function messages(errors: InputError[]): string[] {
  return errors.map(error => error.message)
}

function definitionErrorOf(json: string): DefinitionError {
  try {
    parseDefinition(json)
  } catch (error) {
    if (error instanceof DefinitionError) return error
    throw error
  }
  throw new Error('parseDefinition did not throw')
}

const given = (values: Record<string, string>): Parameter[] =>
  Object.entries(values).map(([Name, Value]) => ({ Name, Value }))

const REQUIRED = { ModelName: 'churn' }

describe('parseDefinition', () => {
  it('reads the parameters the SDK writes: types, defaults as text, enum values', () => {
    expect(pipeline.parameters).toEqual([
      { name: 'Epochs', type: 'Integer', defaultValue: '5' },
      { name: 'DataPath', type: 'String', defaultValue: 's3://example-bucket/churn/train.csv' },
      { name: 'LearningRate', type: 'Float', defaultValue: '0.1' },
      { name: 'UseGpu', type: 'Boolean', defaultValue: 'true' },
      {
        name: 'InstanceType',
        type: 'String',
        defaultValue: 'ml.m5.xlarge',
        enumValues: ['ml.m5.xlarge', 'ml.g5.xlarge']
      },
      { name: 'ModelName', type: 'String' }
    ])
  })

  it('takes a parameter without a Type as a String', () => {
    expect(definitionWith([{ Name: 'Bucket', DefaultValue: 'b' }]).parameters).toEqual([
      { name: 'Bucket', type: 'String', defaultValue: 'b' }
    ])
  })

  it('keeps every kind of DefaultValue as text, and a false or zero default is still a default', () => {
    const { parameters } = parseDefinition(
      '{"Parameters": [' +
        '{"Name": "Zero", "Type": "Integer", "DefaultValue": 0},' +
        '{"Name": "Negative", "Type": "Integer", "DefaultValue": -3},' +
        '{"Name": "Off", "Type": "Boolean", "DefaultValue": false},' +
        '{"Name": "Empty", "DefaultValue": ""},' +
        '{"Name": "NoDefault", "Type": "Float", "DefaultValue": null},' +
        '{"Name": "Rate", "Type": "Float", "DefaultValue": 0.05}' +
        ']}'
    )
    expect(parameters.map(parameter => parameter.defaultValue)).toEqual([
      '0',
      '-3',
      'false',
      '',
      undefined,
      '0.05'
    ])
    expect(parameters[4]).not.toHaveProperty('defaultValue')
  })

  it('keeps numbers in enum values as text and ignores an empty EnumValues', () => {
    expect(
      definitionWith([
        { Name: 'Size', EnumValues: ['small', 2] },
        { Name: 'Any', EnumValues: [] }
      ]).parameters
    ).toEqual([
      { name: 'Size', type: 'String', enumValues: ['small', '2'] },
      { name: 'Any', type: 'String' }
    ])
  })

  it('lists the steps inside Condition steps, depth first, each once', () => {
    expect(pipeline.steps).toEqual([
      'Preprocess',
      'Train',
      'CheckAccuracy',
      'RegisterModel',
      'CheckBias',
      'Deploy',
      'Notify',
      'Fail'
    ])
    expect(
      definitionWith(
        [],
        [
          {
            Name: 'A',
            Type: 'Condition',
            Arguments: { IfSteps: [{ Name: 'B' }], ElseSteps: [{ Name: 'B' }] }
          },
          { Name: 'A' }
        ]
      ).steps
    ).toEqual(['A', 'B'])
  })

  it('accepts a definition without Parameters or Steps', () => {
    expect(parseDefinition('{"Version": "2020-12-01"}')).toEqual({ parameters: [], steps: [] })
    expect(parseDefinition('{"Parameters": null, "Steps": null}')).toEqual({
      parameters: [],
      steps: []
    })
  })

  it('walks deeply nested conditions', () => {
    const depth = 20_000
    const open = Array.from(
      { length: depth },
      (_, level) => `{"Name": "Check${level}", "Arguments": {"IfSteps": [`
    ).join('')
    const json = `{"Steps": [${open}{"Name": "Leaf"}${']}}'.repeat(depth)}]}`
    const { steps } = parseDefinition(json)
    expect(steps).toHaveLength(depth + 1)
    expect(steps[0]).toBe('Check0')
    expect(steps.at(-1)).toBe('Leaf')
  })

  it.each([
    ['not JSON', '{"Parameters": [', /^The pipeline definition is not valid JSON: /],
    ['not an object', '[]', /is not a JSON object/],
    ['a JSON string', '"text"', /is not a JSON object/],
    ['null', 'null', /is not a JSON object/],
    ['Parameters not a list', '{"Parameters": {"Name": "A"}}', /has Parameters that is not a list/],
    [
      'a parameter not an object',
      '{"Parameters": ["A"]}',
      /Parameters item 1 that is not an object/
    ],
    [
      'a parameter without a Name',
      '{"Parameters": [{"Name": "A"}, {"Type": "String"}]}',
      /Parameters item 2 without a Name/
    ],
    [
      'a parameter with a numeric Name',
      '{"Parameters": [{"Name": 7}]}',
      /Parameters item 1 without a Name/
    ],
    [
      'an unknown Type',
      '{"Parameters": [{"Name": "A", "Type": "Text"}]}',
      /parameter "A" the Type "Text"; the known types are String, Integer, Float, Boolean\./
    ],
    [
      'a Type in the wrong case',
      '{"Parameters": [{"Name": "A", "Type": "integer"}]}',
      /the Type "integer"/
    ],
    [
      'a Type that is not text',
      '{"Parameters": [{"Name": "A", "Type": {"x": 1}}]}',
      /a Type that is not text/
    ],
    [
      'a DefaultValue that is a list',
      '{"Parameters": [{"Name": "A", "DefaultValue": [1]}]}',
      /the DefaultValue of "A" that is not a string, number or boolean/
    ],
    [
      'EnumValues not a list',
      '{"Parameters": [{"Name": "A", "EnumValues": "x"}]}',
      /the EnumValues of "A" that is not a list/
    ],
    [
      'an enum value that is an object',
      '{"Parameters": [{"Name": "A", "EnumValues": [{}]}]}',
      /an EnumValues item of "A"/
    ],
    ['Steps not a list', '{"Steps": "Train"}', /has Steps that is not a list/],
    ['a step without a Name', '{"Steps": [{"Type": "Training"}]}', /a step without a Name/],
    ['a step that is null', '{"Steps": [null]}', /a step without a Name/],
    [
      'IfSteps not a list',
      '{"Steps": [{"Name": "C", "Arguments": {"IfSteps": {}}}]}',
      /the IfSteps of step "C" that is not a list/
    ]
  ])('throws a DefinitionError for %s', (_, json, message) => {
    const error = definitionErrorOf(json)
    expect(error.name).toBe('DefinitionError')
    expect(error.message).toMatch(message)
  })
})

describe('checkLeftOutParameters', () => {
  it('passes names the pipeline declares, whose defaults then apply', () => {
    expect(checkLeftOutParameters(pipeline, ['Epochs', 'InstanceType'])).toEqual([])
  })

  it('rejects a name the pipeline does not declare, with the nearest it does', () => {
    expect(checkLeftOutParameters(pipeline, ['Epoch']).map(error => error.message)).toEqual([
      expect.stringMatching(
        /^Input parameters: "Epoch" has no value and is not a parameter of the pipeline either\. Did you mean "Epochs"\? The pipeline declares /
      )
    ])
  })
})

describe('checkParameters', () => {
  it('accepts values of the declared types, and defaults where nothing is given', () => {
    expect(
      checkParameters(
        pipeline,
        given({
          Epochs: '10',
          LearningRate: '1e-3',
          UseGpu: 'True',
          InstanceType: 'ml.g5.xlarge',
          ...REQUIRED
        })
      )
    ).toEqual([])
    expect(checkParameters(pipeline, given(REQUIRED))).toEqual([])
  })

  it('names an undeclared parameter, suggests the nearest and lists the declared ones', () => {
    const errors = checkParameters(pipeline, given({ Epoch: '10', ...REQUIRED }))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(InputError)
    expect(errors[0]?.input).toBe('parameters')
    expect(errors[0]?.message).toBe(
      'Input parameters: "Epoch" is not a parameter of the pipeline. Did you mean "Epochs"? The pipeline declares "Epochs", "DataPath", "LearningRate", "UseGpu", "InstanceType" and "ModelName".'
    )
  })

  it('suggests a name that differs only in case, and nothing when no name is close', () => {
    expect(
      messages(checkParameters(pipeline, given({ learningrate: '0.1', ...REQUIRED })))[0]
    ).toContain('Did you mean "LearningRate"?')
    expect(messages(checkParameters(pipeline, given({ lr: '0.1', ...REQUIRED })))[0]).not.toContain(
      'Did you mean'
    )
  })

  it('says so when the pipeline declares no parameters', () => {
    expect(messages(checkParameters(definitionWith([]), given({ Epochs: '3' })))).toEqual([
      'Input parameters: "Epochs" is not a parameter of the pipeline. The pipeline declares no parameters.'
    ])
  })

  it.each([
    ['10', true],
    ['-3', true],
    ['+7', true],
    ['007', true],
    ['1.5', false],
    ['1e3', false],
    ['ten', false],
    ['', false],
    [' 10', false]
  ])('Integer: %j accepted is %s', (value, accepted) => {
    expect(checkParameters(pipeline, given({ Epochs: value, ...REQUIRED }))).toHaveLength(
      accepted ? 0 : 1
    )
  })

  it.each([
    ['0.05', true],
    ['3', true],
    ['-1.5', true],
    ['.5', true],
    ['5.', true],
    ['1e-3', true],
    ['2.5E+10', true],
    ['NaN', false],
    ['Infinity', false],
    ['0x10', false],
    ['1,5', false],
    ['e3', false],
    ['', false]
  ])('Float: %j accepted is %s', (value, accepted) => {
    expect(checkParameters(pipeline, given({ LearningRate: value, ...REQUIRED }))).toHaveLength(
      accepted ? 0 : 1
    )
  })

  it.each([
    ['true', true],
    ['false', true],
    ['True', true],
    ['FALSE', true],
    ['yes', false],
    ['1', false],
    ['', false]
  ])('Boolean: %j accepted is %s', (value, accepted) => {
    expect(checkParameters(pipeline, given({ UseGpu: value, ...REQUIRED }))).toHaveLength(
      accepted ? 0 : 1
    )
  })

  it('says what each type accepts', () => {
    expect(
      messages(
        checkParameters(
          pipeline,
          given({ Epochs: 'ten', LearningRate: 'fast', UseGpu: 'yes', ...REQUIRED })
        )
      )
    ).toEqual([
      'Input parameters: the value of "Epochs" is "ten", but the pipeline declares "Epochs" as Integer: give a whole number: an optional sign and digits, such as 10 or -3.',
      'Input parameters: the value of "LearningRate" is "fast", but the pipeline declares "LearningRate" as Float: give a number in decimal or exponent form, such as 0.05, 3, -1.5 or 1e-3.',
      'Input parameters: the value of "UseGpu" is "yes", but the pipeline declares "UseGpu" as Boolean: give true or false, in any case (True, FALSE, ...).'
    ])
  })

  it('accepts any text for a String', () => {
    expect(checkParameters(pipeline, given({ DataPath: '', ModelName: 'a b\nc' }))).toEqual([])
  })

  it('shortens a long value in the message', () => {
    const [message] = messages(
      checkParameters(pipeline, given({ Epochs: '9'.repeat(200) + 'x', ...REQUIRED }))
    )
    expect(message).toContain('… (201 characters)')
    expect(message).not.toContain('9'.repeat(100))
  })

  it('rejects a value not in EnumValues, listing them and suggesting the nearest', () => {
    expect(
      messages(checkParameters(pipeline, given({ InstanceType: 'ML.G5.XLARGE', ...REQUIRED })))
    ).toEqual([
      'Input parameters: the value of "InstanceType" is "ML.G5.XLARGE", which the pipeline does not allow. Did you mean "ml.g5.xlarge"? Allowed: "ml.m5.xlarge" and "ml.g5.xlarge".'
    ])
    expect(
      messages(checkParameters(pipeline, given({ InstanceType: 'huge', ...REQUIRED })))
    ).toEqual([
      'Input parameters: the value of "InstanceType" is "huge", which the pipeline does not allow. Allowed: "ml.m5.xlarge" and "ml.g5.xlarge".'
    ])
  })

  it('checks enum values of any type, after the type', () => {
    const definition = definitionWith([
      { Name: 'Folds', Type: 'Integer', DefaultValue: 5, EnumValues: [5, 10] }
    ])
    expect(checkParameters(definition, given({ Folds: '10' }))).toEqual([])
    expect(messages(checkParameters(definition, given({ Folds: '7' })))[0]).toContain(
      'Allowed: "5" and "10".'
    )
    expect(messages(checkParameters(definition, given({ Folds: 'x' })))).toEqual([
      'Input parameters: the value of "Folds" is "x", but the pipeline declares "Folds" as Integer: give a whole number: an optional sign and digits, such as 10 or -3.'
    ])
  })

  it('asks for each declared parameter without a default that is not given', () => {
    const definition = definitionWith([
      { Name: 'ModelName' },
      { Name: 'Epochs', Type: 'Integer' },
      { Name: 'Rate', Type: 'Float', DefaultValue: 0.1 }
    ])
    expect(messages(checkParameters(definition, []))).toEqual([
      'Input parameters: must give "ModelName" (String): the pipeline has no default value for it.',
      'Input parameters: must give "Epochs" (Integer): the pipeline has no default value for it.'
    ])
    expect(checkParameters(definition, given({ ModelName: 'm', Epochs: '1' }))).toEqual([])
  })

  it('reports every problem, one error each', () => {
    const errors = checkParameters(
      pipeline,
      given({ Epoch: '1', UseGpu: 'on', InstanceType: 'big' })
    )
    expect(errors.map(error => error.input)).toEqual([
      'parameters',
      'parameters',
      'parameters',
      'parameters'
    ])
    const [unknown, notBoolean, notAllowed, missing] = messages(errors)
    expect(unknown).toMatch(/^Input parameters: "Epoch" is not a parameter/)
    expect(notBoolean).toMatch(/^Input parameters: the value of "UseGpu" is "on", but .* Boolean/)
    expect(notAllowed).toMatch(/^Input parameters: the value of "InstanceType" is "big", which/)
    expect(missing).toMatch(/^Input parameters: must give "ModelName"/)
  })

  it('keeps the list of declared names bounded', () => {
    const definition = definitionWith(
      Array.from({ length: 45 }, (_, index) => ({ Name: `Param${index}`, DefaultValue: 'x' }))
    )
    const [message] = messages(checkParameters(definition, given({ Other: '1' })))
    expect(message).toContain('"Param0", "Param1"')
    expect(message).toContain('"Param19" and 25 more.')
    expect(message).not.toContain('"Param20"')
  })
})

describe('checkSelectedSteps', () => {
  it('accepts steps at any depth', () => {
    expect(checkSelectedSteps(pipeline, ['Train', 'Deploy', 'Fail'])).toEqual([])
  })

  it('names each unknown step, suggests the nearest and lists the steps', () => {
    const errors = checkSelectedSteps(pipeline, ['Trian', 'Train', 'deploy', 'Everything'])
    expect(errors.map(error => error.input)).toEqual([
      'selected-steps',
      'selected-steps',
      'selected-steps'
    ])
    const steps =
      '"Preprocess", "Train", "CheckAccuracy", "RegisterModel", "CheckBias", "Deploy", "Notify" and "Fail"'
    expect(messages(errors)).toEqual([
      `Input selected-steps: "Trian" is not a step of the pipeline. Did you mean "Train"? Its steps are ${steps}.`,
      `Input selected-steps: "deploy" is not a step of the pipeline. Did you mean "Deploy"? Its steps are ${steps}.`,
      `Input selected-steps: "Everything" is not a step of the pipeline. Its steps are ${steps}.`
    ])
  })

  it('shortens the list of steps when there are many', () => {
    const definition = definitionWith(
      [],
      Array.from({ length: 300 }, (_, index) => ({ Name: `Step-${index}` }))
    )
    const [message] = messages(checkSelectedSteps(definition, ['Stepp-250']))
    expect(message).toContain('Did you mean "Step-250"?')
    expect(message).toContain('"Step-19" and 280 more.')
  })

  it('says so when the definition has no steps', () => {
    expect(messages(checkSelectedSteps(definitionWith([]), ['Train']))).toEqual([
      'Input selected-steps: "Train" is not a step of the pipeline. The pipeline definition has no steps.'
    ])
  })
})

describe('effectiveParameters', () => {
  it('gives every declared parameter its sent value or default, in declaration order', () => {
    expect(
      effectiveParameters(pipeline, given({ ModelName: 'churn', Epochs: '10', UseGpu: 'false' }))
    ).toEqual([
      { name: 'Epochs', type: 'Integer', value: '10', source: 'sent' },
      {
        name: 'DataPath',
        type: 'String',
        value: 's3://example-bucket/churn/train.csv',
        source: 'default'
      },
      { name: 'LearningRate', type: 'Float', value: '0.1', source: 'default' },
      { name: 'UseGpu', type: 'Boolean', value: 'false', source: 'sent' },
      { name: 'InstanceType', type: 'String', value: 'ml.m5.xlarge', source: 'default' },
      { name: 'ModelName', type: 'String', value: 'churn', source: 'sent' }
    ])
  })

  it('leaves out a required parameter not given, and adds undeclared ones given, without a type', () => {
    expect(effectiveParameters(pipeline, given({ Extra: '1', Epochs: '2' }))).toEqual([
      { name: 'Epochs', type: 'Integer', value: '2', source: 'sent' },
      {
        name: 'DataPath',
        type: 'String',
        value: 's3://example-bucket/churn/train.csv',
        source: 'default'
      },
      { name: 'LearningRate', type: 'Float', value: '0.1', source: 'default' },
      { name: 'UseGpu', type: 'Boolean', value: 'true', source: 'default' },
      { name: 'InstanceType', type: 'String', value: 'ml.m5.xlarge', source: 'default' },
      { name: 'Extra', value: '1', source: 'sent' }
    ])
  })

  it('is empty for no parameters at all', () => {
    expect(effectiveParameters(definitionWith([]), [])).toEqual([])
  })
})
