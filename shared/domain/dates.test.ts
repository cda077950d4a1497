import { describe, expect, it } from 'vitest'
import { isCalendarDate } from './dates.ts'

describe('calendar dates', () => {
  it('accepts real days, leap days included', () => {
    for (const day of ['2026-01-01', '2026-02-28', '2028-02-29', '2026-12-31', '2000-02-29']) expect(isCalendarDate(day)).toBe(true)
  })
  it('refuses impossible days, other shapes and non-strings', () => {
    for (const day of ['2026-99-99', '2026-02-30', '2026-13-45', '2027-02-29', '1900-02-29', '2026-00-10', '2026-04-31', '2026-4-1', '2026-04-01T00:00', '', null, 20260401]) {
      expect(isCalendarDate(day)).toBe(false)
    }
  })
})
