import { describe, expect, it } from 'vitest'
import { departementOf, INSEE_COMMUNE_PATTERN } from './situation-fields.ts'

describe('situation fields', () => {
  it('takes the département from the first two characters of a metropolitan commune code', () => {
    expect(departementOf('37261')).toBe('37')
    expect(departementOf('2A004')).toBe('2A')
  })

  it('takes three characters for an overseas commune', () => {
    expect(departementOf('97411')).toBe('974')
  })

  it('accepts INSEE commune codes and refuses postcodes with letters or the wrong length', () => {
    for (const code of ['37261', '2A004', '2B033', '97411']) expect(INSEE_COMMUNE_PATTERN.test(code)).toBe(true)
    for (const code of ['3726', '372611', '2C004', 'AB123', '']) expect(INSEE_COMMUNE_PATTERN.test(code)).toBe(false)
  })
})
