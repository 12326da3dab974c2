import { describe, expect, it } from '@jest/globals'
import { editDistance, listNames, nearest } from '../../src/names.js'

describe('nearest and editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours', () => {
    expect(editDistance('epoch', 'epochs')).toBe(1)
    expect(editDistance('epcohs', 'epochs')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('same', 'same')).toBe(0)
    expect(editDistance('kitten', 'sitting', 2)).toBeUndefined()
    expect(editDistance('a', 'abcdef', 2)).toBeUndefined()
  })

  it('prefers a match in case, then the closest, then the first', () => {
    expect(nearest('EPOCHS', ['Epoch', 'Epochs'])).toBe('Epochs')
    expect(nearest('Epoch', ['Epochs', 'Epoches'])).toBe('Epochs')
    expect(nearest('Rate1', ['Rate2', 'Rate3'])).toBe('Rate2')
    expect(nearest('x', ['y'])).toBeUndefined()
    expect(nearest('lr', ['LearningRate'])).toBeUndefined()
    expect(nearest('Anything', [])).toBeUndefined()
  })
})

describe('listNames', () => {
  it('joins a few names and counts the rest', () => {
    expect(listNames([])).toBe('')
    expect(listNames(['A'])).toBe('"A"')
    expect(listNames(['A', 'B', 'C'])).toBe('"A", "B" and "C"')
    expect(listNames(['A', 'B', 'C'], 2)).toBe('"A", "B" and 1 more')
  })
})
