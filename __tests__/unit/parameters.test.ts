// What `parameters` says about the text it was given: the comment YAML drops from a value, the
// parameter written with no value, and where and why the YAML broke. Every expected value is
// written out here, not computed by the code under test.
import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../src/inputs/inputs.js'
import { parseParameters } from '../../src/inputs/parameter-inputs.js'
import { errorOf } from './input-error-of.js'

describe('a comment on the line of a value', () => {
  it('warns with the parameter, the text dropped and the value quoted', () => {
    expect(parseParameters('DataPath: s3://bucket/run #7\nEpochs: 10')).toEqual({
      parameters: [
        { Name: 'DataPath', Value: 's3://bucket/run' },
        { Name: 'Epochs', Value: '10' }
      ],
      warnings: [
        'parameters: YAML reads "#7" after the value of "DataPath" as a comment and drops it, so "s3://bucket/run" is sent. To send the whole text, quote it: DataPath: "s3://bucket/run #7" (a comment meant as one goes on a line of its own).'
      ],
      notes: []
    })
  })

  it('quotes the text as written, blanks included', () => {
    expect(parseParameters('Epochs: 10\t  # more epochs').warnings).toEqual([
      'parameters: YAML reads "# more epochs" after the value of "Epochs" as a comment and drops it, so "10" is sent. To send the whole text, quote it: Epochs: "10\\t  # more epochs" (a comment meant as one goes on a line of its own).'
    ])
  })

  it('names the Value key in the list form', () => {
    expect(parseParameters('- Name: DataPath\n  Value: s3://bucket/run #7')).toEqual({
      parameters: [{ Name: 'DataPath', Value: 's3://bucket/run' }],
      warnings: [
        'parameters: YAML reads "#7" after the value of "DataPath" as a comment and drops it, so "s3://bucket/run" is sent. To send the whole text, quote it: Value: "s3://bucket/run #7" (a comment meant as one goes on a line of its own).'
      ],
      notes: []
    })
  })

  it('warns after the last line of a value that goes over two lines', () => {
    expect(parseParameters('Note: first\n  second #3')).toEqual({
      parameters: [{ Name: 'Note', Value: 'first second' }],
      warnings: [
        'parameters: YAML reads "#3" after the value of "Note" as a comment and drops it, so "first second" is sent. To send the whole text, quote it: Note: "first second #3" (a comment meant as one goes on a line of its own).'
      ],
      notes: []
    })
  })

  it('warns, and leaves the parameter out, when the comment is all there is', () => {
    expect(parseParameters('Issue: #7')).toEqual({
      parameters: [],
      leftOut: ['Issue'],
      warnings: [
        'parameters: YAML reads "#7" after the value of "Issue" as a comment and drops it, so "Issue" has no value and is left out. To send the whole text, quote it: Issue: "#7" (a comment meant as one goes on a line of its own).'
      ],
      notes: [
        'parameters: "Issue" has no value, so it is left out of the request and the pipeline\'s default applies. To send an empty string, write Issue: "".'
      ]
    })
  })

  it.each([
    ['on a line of its own', '# the data\nDataPath: s3://bucket/run\n# the end'],
    ['on the next line, indented', 'DataPath: s3://bucket/run\n  # the run\nEpochs: 10'],
    ['after a quoted value', 'DataPath: "s3://bucket/run" # the run'],
    ['after a single-quoted value', "DataPath: 's3://bucket/run' # the run"],
    ['on the header of a block value', 'DataPath: |  # the run\n  s3://bucket/run'],
    ['inside a block value', 'DataPath: |\n  s3://bucket/run #7'],
    ['after an alias', 'A: &path s3://bucket/run\nDataPath: *path # the same'],
    ['with no blank before the #', 'DataPath: s3://bucket/run#7'],
    ['after the name in the list form', '- Name: DataPath # the path\n  Value: s3://bucket/run']
  ])('says nothing of a comment %s', (_, text) => {
    expect(parseParameters(text).warnings).toEqual([])
  })

  it('keeps the # that is part of a value', () => {
    expect(parseParameters('DataPath: s3://bucket/run#7').parameters).toEqual([
      { Name: 'DataPath', Value: 's3://bucket/run#7' }
    ])
  })
})

describe('a parameter with no value', () => {
  const leftOut = (name: string, key = name) =>
    `parameters: "${name}" has no value, so it is left out of the request and the pipeline's default applies. To send an empty string, write ${key}: "".`

  it('is left out of the request, with a note', () => {
    expect(parseParameters('Epochs: 10\nTag:\nRate: 0.1')).toEqual({
      parameters: [
        { Name: 'Epochs', Value: '10' },
        { Name: 'Rate', Value: '0.1' }
      ],
      leftOut: ['Tag'],
      warnings: [],
      notes: [leftOut('Tag')]
    })
  })

  const epochs = [{ Name: 'Epochs', Value: '10' }]

  it.each([
    ['followed by a comment on its own line', 'Tag:\n  # set by the pipeline\n', 'Tag', []],
    ['in flow style', '{Tag, Epochs: 10}', 'Tag', epochs],
    ['as an explicit key', '? Tag\nEpochs: 10', 'Tag', epochs],
    ['in the list form', '- Name: Tag\n  Value:\n- Name: Epochs\n  Value: 10', 'Value', epochs]
  ])('is left out %s', (_, text, key, parameters) => {
    expect(parseParameters(text)).toEqual({
      parameters,
      leftOut: ['Tag'],
      warnings: [],
      notes: [leftOut('Tag', key)]
    })
  })

  it('is left out through an alias too', () => {
    expect(parseParameters('A: &none\nB: *none').notes).toEqual([leftOut('A'), leftOut('B')])
  })

  it.each([
    ['Tag: ""', ''],
    ["Tag: ''", ''],
    ['{"Tag": ""}', ''],
    ['- Name: Tag\n  Value: ""', ''],
    ['Tag: null', 'null'],
    ['Tag: ~', '~'],
    ['Tag: Null', 'Null']
  ])('is not %j, which sends %j', (text, value) => {
    expect(parseParameters(text)).toEqual({
      parameters: [{ Name: 'Tag', Value: value }],
      warnings: [],
      notes: []
    })
  })

  it('reaches the log through parseInputs', () => {
    const values: Record<string, string> = {
      'pipeline-name': 'churn-training',
      'aws-region': 'eu-west-1',
      parameters: 'DataPath: s3://bucket/run #7\nTag:'
    }
    const { settings, warnings, notes } = parseInputs(name => values[name] ?? '', {})
    expect(settings.parameters).toEqual([{ Name: 'DataPath', Value: 's3://bucket/run' }])
    expect(warnings).toEqual([
      'parameters: YAML reads "#7" after the value of "DataPath" as a comment and drops it, so "s3://bucket/run" is sent. To send the whole text, quote it: DataPath: "s3://bucket/run #7" (a comment meant as one goes on a line of its own).'
    ])
    expect(notes).toEqual([leftOut('Tag')])
  })
})

describe('YAML that does not parse', () => {
  it.each([
    [
      'a ": " in a value',
      'Epochs: 10\nNote: retrain: weekly',
      'Input parameters: is not valid YAML at line 2, column 7: Nested mappings are not allowed in compact mappings. To pass "retrain: weekly" as one value, quote it: Note: "retrain: weekly"'
    ],
    [
      'a ": " and a " #" in a value of the list form',
      '- Name: Note\n  Value: retrain: weekly #3',
      'Input parameters: is not valid YAML at line 2, column 10: Nested mappings are not allowed in compact mappings. To pass "retrain: weekly #3" as one value, quote it: Value: "retrain: weekly #3"'
    ],
    [
      'a " #" in flow style',
      '{"DataPath": s3://bucket/run #7}',
      'Input parameters: is not valid YAML at line 1, column 33: Flow map must end with a }. YAML reads " #" and the rest of its line as a comment: quote a value that holds it.'
    ],
    [
      'an unclosed flow mapping',
      'Epochs: {',
      'Input parameters: is not valid YAML at line 1, column 10: Flow map in block collection must be sufficiently indented and end with a }.'
    ],
    [
      'an unclosed quote',
      'Epochs: 10\nNote: "retrain',
      'Input parameters: is not valid YAML at line 2, column 15: Missing closing "quote.'
    ],
    [
      'a tab as indentation',
      'Epochs: 10\n\tRate: 0.1',
      'Input parameters: is not valid YAML at line 2, column 1: Tabs are not allowed as indentation.'
    ]
  ])('says where, for %s', (_, text, message) => {
    const error = errorOf(() => parseParameters(text))
    expect(error.input).toBe('parameters')
    expect(error.message).toBe(message)
  })

  it('offers no quoted value too long to send', () => {
    expect(errorOf(() => parseParameters(`Note: a: ${'b'.repeat(1024)}`)).message).toBe(
      'Input parameters: is not valid YAML at line 1, column 7: Nested mappings are not allowed in compact mappings.'
    )
  })
})

describe('the recipe for a step output: {"Name": ${{ toJSON(value) }}}', () => {
  /** The input as the runner hands it over: GitHub's toJSON of a string is its JSON text. */
  const rendered = (value: string) => `{"ModelVersion": ${JSON.stringify(value)}}`

  it.each([
    ['quotes', 'say "hi" and \'bye\''],
    ['a colon and blank', 'retrain: weekly'],
    ['a blank and hash', 's3://bucket/run #7'],
    ['line breaks', 'first line\nsecond line\r\nthird\n'],
    ['backslashes', 'C:\\models\\v2\\ and \\n written out'],
    ['unicode', 'modèle 日本語 🚀 \u2028 \u0085 end'],
    ['tabs and blanks at the ends', '\t  padded  \t'],
    ['YAML indicators', '- &a *b !c |d >e %f @g `h'],
    ['flow and document markers', '{a: [1, 2]}, ---, ...'],
    ['words YAML could read as null or true', 'null'],
    ['control characters', 'bell\u0007 nul\u0000 esc\u001b'],
    ['an expression', '${{ github.token }}'],
    ['nothing', '']
  ])('passes %s through exactly', (_, value) => {
    expect(parseParameters(rendered(value))).toEqual({
      parameters: [{ Name: 'ModelVersion', Value: value }],
      warnings: [],
      notes: []
    })
  })

  it('passes several outputs at once', () => {
    const text = `{"ModelVersion": ${JSON.stringify('v2: "rc" #1')}, "Notes": ${JSON.stringify('a\\b\nc')}}`
    expect(parseParameters(text).parameters).toEqual([
      { Name: 'ModelVersion', Value: 'v2: "rc" #1' },
      { Name: 'Notes', Value: 'a\\b\nc' }
    ])
  })
})
