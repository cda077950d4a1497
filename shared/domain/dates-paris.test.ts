import { describe, expect, it } from 'vitest'
import { isOverdue, todayInParis } from './dates.ts'

describe('today in Paris', () => {
  it('turns the day at Paris midnight in winter (UTC+1), not at UTC midnight', () => {
    expect(todayInParis(new Date('2026-01-15T22:59:59Z'))).toBe('2026-01-15')
    expect(todayInParis(new Date('2026-01-15T23:00:00Z'))).toBe('2026-01-16')
  })

  it('turns the day at Paris midnight in summer (UTC+2)', () => {
    expect(todayInParis(new Date('2026-07-14T21:59:59Z'))).toBe('2026-07-14')
    expect(todayInParis(new Date('2026-07-14T22:00:00Z'))).toBe('2026-07-15')
  })

  it('keeps the right day across the spring change (29 March 2026, 23-hour day)', () => {
    expect(todayInParis(new Date('2026-03-28T22:59:59Z'))).toBe('2026-03-28')
    expect(todayInParis(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29')
    expect(todayInParis(new Date('2026-03-29T21:59:59Z'))).toBe('2026-03-29')
    expect(todayInParis(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30')
  })

  it('keeps the right day across the autumn change (25 October 2026, 25-hour day)', () => {
    expect(todayInParis(new Date('2026-10-24T21:59:59Z'))).toBe('2026-10-24')
    expect(todayInParis(new Date('2026-10-24T22:00:00Z'))).toBe('2026-10-25')
    expect(todayInParis(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25')
    expect(todayInParis(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26')
  })

  it('writes the day as YYYY-MM-DD', () => {
    expect(todayInParis(new Date('2026-02-03T12:00:00Z'))).toMatch(/^2026-02-03$/)
  })
})

describe('overdue', () => {
  const today = '2026-04-10'

  it('is overdue when the due date has passed and the item is still open', () => {
    for (const status of ['todo', 'doing', 'open']) expect(isOverdue('2026-04-09', status, today)).toBe(true)
  })

  it('is not overdue on the due day itself, nor before it', () => {
    expect(isOverdue('2026-04-10', 'todo', today)).toBe(false)
    expect(isOverdue('2026-05-01', 'todo', today)).toBe(false)
  })

  it('is never overdue once done or dropped, nor without a due date', () => {
    expect(isOverdue('2026-01-01', 'done', today)).toBe(false)
    expect(isOverdue('2026-01-01', 'dropped', today)).toBe(false)
    expect(isOverdue(null, 'todo', today)).toBe(false)
  })

  it('counts the day in Paris: an action due on the 9th is overdue from Paris midnight, while UTC still says the 9th', () => {
    const justAfterParisMidnight = todayInParis(new Date('2026-04-09T22:30:00Z'))
    expect(isOverdue('2026-04-09', 'todo', justAfterParisMidnight)).toBe(true)
  })
})
