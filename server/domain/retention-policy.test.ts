import { describe, expect, it } from 'vitest'
import { DEFAULT_ARCHIVE_GRACE_DAYS, DEFAULT_RETENTION_YEARS, eraseAfter, readArchiveGraceDays, readRetentionYears, retainUntil, retentionDateOf } from './retention-policy.ts'
import { auditCsv } from './access-log-filter.ts'

describe('retention policy', () => {
  it('defaults to 20 years for every kind and reads each kind from its own variable', () => {
    expect(readRetentionYears({})).toEqual({ ...DEFAULT_RETENTION_YEARS, requests: 20 })
    expect(readRetentionYears({ RETENTION_YEARS_PAG: '10', RETENTION_YEARS_PPS: '0.5' })).toEqual({ ppcs: 20, pag: 10, pps: 0.5, requests: 20 })
    // Requests that never became a situation follow the PPCS period unless set.
    expect(readRetentionYears({ RETENTION_YEARS_PPCS: '5' }).requests).toBe(5)
    expect(readRetentionYears({ RETENTION_YEARS_REQUESTS: '2' }).requests).toBe(2)
  })

  it('refuses a negative or non-numeric setting at start, naming the variable', () => {
    expect(() => readRetentionYears({ RETENTION_YEARS_PPCS: '-1' })).toThrow(/RETENTION_YEARS_PPCS/)
    expect(() => readRetentionYears({ RETENTION_YEARS_PPS: 'vingt' })).toThrow(/RETENTION_YEARS_PPS/)
  })

  it('counts calendar years from the closing, a 29 February landing on 1 March', () => {
    expect(retainUntil('2026-03-10T09:00:00.000Z', 20)).toBe('2046-03-10T09:00:00.000Z')
    expect(retainUntil('2028-02-29T12:00:00.000Z', 1)).toBe('2029-03-01T12:00:00.000Z')
    expect(retainUntil('2026-03-10T09:00:00.000Z', 0)).toBe('2026-03-10T09:00:00.000Z')
  })

  it('gives no date to an open situation: it is never erased', () => {
    const years = readRetentionYears({})
    expect(retentionDateOf({ kind: 'pag', status: 'open', closedAt: null }, years)).toBeNull()
    expect(retentionDateOf({ kind: 'pag', status: 'closed', closedAt: '2026-01-01T00:00:00.000Z' }, years)).toBe('2046-01-01T00:00:00.000Z')
  })
})

describe('archive before erasing', () => {
  it('keeps an archived situation 30 days by default before erasing it, configurable, and refuses a nonsense setting', () => {
    expect(DEFAULT_ARCHIVE_GRACE_DAYS).toBe(30)
    expect(readArchiveGraceDays({})).toBe(30)
    expect(readArchiveGraceDays({ RETENTION_ARCHIVE_GRACE_DAYS: '7' })).toBe(7)
    expect(readArchiveGraceDays({ RETENTION_ARCHIVE_GRACE_DAYS: '0' })).toBe(0)
    expect(() => readArchiveGraceDays({ RETENTION_ARCHIVE_GRACE_DAYS: '-1' })).toThrow(/RETENTION_ARCHIVE_GRACE_DAYS/)
    expect(() => readArchiveGraceDays({ RETENTION_ARCHIVE_GRACE_DAYS: 'trente' })).toThrow(/RETENTION_ARCHIVE_GRACE_DAYS/)
    expect(eraseAfter('2046-03-10T09:00:00.000Z', 30)).toBe('2046-04-09T09:00:00.000Z')
    expect(eraseAfter('2046-03-10T09:00:00.000Z', 0)).toBe('2046-03-10T09:00:00.000Z')
  })
})

describe('audit CSV', () => {
  it('quotes every cell, doubles quotes and defuses spreadsheet formulas', () => {
    const csv = auditCsv([{ id: 1, at: '2026-01-01T00:00:00.000Z', userId: 'u', name: '=HYPERLINK("x")', action: 'member.add', kind: 'member', part: 'plan', target: null, detail: { role: 'professional' } }])
    const [header, line] = csv.slice(1).split('\r\n')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(header).toBe('"date","membre","action","famille","partie","cible","détail"')
    expect(line).toBe(`"2026-01-01T00:00:00.000Z","'=HYPERLINK(""x"")","member.add","member","plan","","{""role"":""professional""}"`)
  })
})
