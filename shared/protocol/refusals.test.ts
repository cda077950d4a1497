import { describe, expect, it } from 'vitest'
import { CloseCode } from './close-codes.ts'
import { refusalKind } from './refusals.ts'
import { fr } from '../../client/i18n/fr.ts'
import { en } from '../../client/i18n/en.ts'

describe('a refused write is explained by the rule that refused it', () => {
  it('tells size, closed situation, someone else’s words and invalid values apart', () => {
    expect(refusalKind(CloseCode.updateRejected, 'over budget: update of 5242880 bytes (at most 524288)')).toBe('tooLarge')
    expect(refusalKind(CloseCode.forbidden, 'closed-situation-read-only: the situation is closed')).toBe('closedSituation')
    expect(refusalKind(CloseCode.forbidden, 'authored-text-stays: text written by someone else')).toBe('notYours')
    expect(refusalKind(CloseCode.forbidden, 'rows-are-tombstoned: a row of goals is never deleted')).toBe('notYours')
    expect(refusalKind(CloseCode.updateRejected, 'calendar-dates: dueDate: expected a calendar date')).toBe('invalidValue')
    expect(refusalKind(CloseCode.forbidden, 'read-only connection tried to change the document')).toBe('forbidden')
    expect(refusalKind(CloseCode.updateRejected, 'update could not be applied')).toBe('rejected')
    expect(refusalKind(CloseCode.notFound, '')).toBeNull()
  })

  it('has a sentence for every kind in both catalogs', () => {
    for (const catalog of [fr, en]) {
      for (const kind of ['tooLarge', 'closedSituation', 'notYours', 'invalidValue', 'forbidden', 'rejected', 'rateLimited']) {
        expect((catalog.connection.closed as Record<string, string>)[kind], kind).toMatch(/\S/)
      }
    }
  })
})
