import { describe, expect, it } from 'vitest'
import { dayInParis, isCalendarDate } from './dates.ts'

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

describe('the Paris day of an instant', () => {
  it('is the next day for an instant after midnight in Paris but before midnight in UTC', () => {
    expect(dayInParis('2026-12-04T23:30:00.000Z')).toBe('2026-12-05')
    expect(dayInParis('2026-07-04T22:30:00.000Z')).toBe('2026-07-05')
    expect(dayInParis('2026-12-05T00:30:00+01:00')).toBe('2026-12-05')
    expect(dayInParis(new Date('2026-12-04T12:00:00Z'))).toBe('2026-12-04')
  })
  it('keeps a bare calendar day and refuses what is not a date', () => {
    expect(dayInParis('2026-12-04')).toBe('2026-12-04')
    expect(dayInParis('demain')).toBeNull()
  })
})
