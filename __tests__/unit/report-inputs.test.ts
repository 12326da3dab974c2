import { describe, expect, it } from '@jest/globals'
import { parseReportSettings } from '../../src/inputs/report-inputs.js'
import { errorOf } from './input-error-of.js'

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'

describe('parseReportSettings', () => {
  it('reports nothing by default, whatever the token', () => {
    expect(parseReportSettings(inputs({ 'github-token': TOKEN }))).toBeUndefined()
    expect(
      parseReportSettings(
        inputs({ 'pull-request-comment': 'false', 'commit-status': 'False', 'github-token': TOKEN })
      )
    ).toBeUndefined()
  })

  it('reads each report and the token', () => {
    expect(
      parseReportSettings(inputs({ 'pull-request-comment': 'true', 'github-token': TOKEN }))
    ).toEqual({ token: TOKEN, pullRequestComment: true, commitStatus: false })
    expect(parseReportSettings(inputs({ 'commit-status': 'TRUE', 'github-token': TOKEN }))).toEqual(
      { token: TOKEN, pullRequestComment: false, commitStatus: true }
    )
  })

  it.each([
    [{ 'pull-request-comment': 'yes' }, 'pull-request-comment', 'must be true or false'],
    [{ 'commit-status': '1' }, 'commit-status', 'must be true or false'],
    [{ 'commit-status': 'true' }, 'github-token', 'is empty: commit-status needs a token'],
    [
      { 'pull-request-comment': 'true' },
      'github-token',
      'is empty: pull-request-comment needs a token (the default is ${{ github.token }})'
    ]
  ])('rejects %j, naming %s', (values, input, rule) => {
    const error = errorOf(() => parseReportSettings(inputs(values)))
    expect(error.input).toBe(input)
    expect(error.message).toContain(rule)
  })
})
