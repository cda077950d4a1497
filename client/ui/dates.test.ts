import { describe, expect, it } from 'vitest'
import { formatDate } from './dates.ts'

describe('dates shown in the interface', () => {
  it('shows an instant as its day in Paris, not its day in UTC', () => {
    expect(formatDate('2026-12-04T23:30:00.000Z', 'fr')).toBe('5 décembre 2026')
    expect(formatDate('2026-12-04T22:30:00.000Z', 'fr')).toBe('4 décembre 2026')
  })
  it('shows a calendar day as that day, and nothing for what is not a date', () => {
    expect(formatDate('2026-12-03', 'fr')).toBe('3 décembre 2026')
    expect(formatDate('2026-12-03', 'en', 'medium')).toBe('3 Dec 2026')
    expect(formatDate('hier', 'fr')).toBeNull()
    expect(formatDate(null, 'fr')).toBeNull()
  })
})
