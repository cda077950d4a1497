import { describe, expect, it } from 'vitest'
import type { AuditRow } from '../storage/audit.ts'
import type { MemberRow } from '../storage/situations.ts'
import { auditCsv, auditTrail, kindOf, partOf } from './access-log-filter.ts'

let nextId = 1
const row = (action: string, fields: Partial<AuditRow> = {}): AuditRow => ({
  id: nextId++,
  at: '2026-03-01T10:00:00.000Z',
  situationId: 's-1',
  userId: 'u-nurse',
  action,
  target: null,
  detail: {},
  address: '10.0.0.1',
  ...fields,
})

const member = (userId: string, name: string): MemberRow => ({
  id: `m-${userId}`,
  situationId: 's-1',
  userId,
  name,
  role: 'professional',
  sector: 'health',
  organisation: '',
  profession: '',
  mission: '',
  contact: '',
  careTeam: true,
  planHidden: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  removedAt: null,
})

describe('the audit trail as the coordinator reads it', () => {
  it('files each action under the part it concerns, or none', () => {
    expect(partOf(row('sync.connect', { target: 'health' }))).toBe('health')
    expect(partOf(row('member.add'))).toBe('plan')
    expect(partOf(row('coordinator.handover'))).toBe('plan')
    expect(partOf(row('version.create'))).toBe('plan')
    expect(partOf(row('export.pdf'))).toBe('plan')
    expect(partOf(row('agreement.agreed'))).toBe('person')
    expect(partOf(row('plan.hide'))).toBe('person')
    expect(partOf(row('mydata.download'))).toBe('person')
    expect(partOf(row('consent.record'))).toBeNull()
    expect(kindOf(row('consent.record'))).toBe('consent')
  })

  it('names each actor from the circle, else from their account, and filters by member, part and kind', () => {
    const rows = [
      row('sync.connect', { userId: 'u-nurse', target: 'health' }),
      row('sync.connect', { userId: 'u-gone', target: 'plan' }),
      row('member.add', { userId: 'u-nurse' }),
      row('http.refused', { userId: null }),
    ]
    const members = [member('u-nurse', 'Sophie Durand')]
    const userName = (userId: string) => (userId === 'u-gone' ? 'Ancien membre' : '?')
    const all = auditTrail(rows, members, userName, {})
    expect(all.map((entry) => entry.name)).toEqual(['Sophie Durand', 'Ancien membre', 'Sophie Durand', ''])
    expect(auditTrail(rows, members, userName, { userId: 'u-nurse' }).map((e) => e.action)).toEqual(['sync.connect', 'member.add'])
    expect(auditTrail(rows, members, userName, { part: 'health' })).toHaveLength(1)
    expect(auditTrail(rows, members, userName, { kind: 'sync', part: 'plan' }).map((e) => e.userId)).toEqual(['u-gone'])
  })

  it('writes RFC 4180 CSV with a BOM, CRLF line ends, quotes doubled', () => {
    const entries = auditTrail([row('member.add', { target: 'm-1', detail: { note: 'dit "oui"' } })], [member('u-nurse', 'Sophie Durand')], () => '', {})
    const csv = auditCsv(entries)
    expect(csv.startsWith('\uFEFF"date","membre","action","famille","partie","cible","détail"\r\n')).toBe(true)
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(csv).toContain('"Sophie Durand","member.add","member","plan","m-1","{""note"":""dit \\""oui\\""""}"')
  })

  it('defuses a cell that a spreadsheet would run as a formula (CSV injection)', () => {
    for (const name of ['=HYPERLINK("http://evil")', '+1', '-2+3', '@SUM(A1)']) {
      const csv = auditCsv(auditTrail([row('member.add', { userId: 'u-x' })], [member('u-x', name)], () => '', {}))
      expect(csv).toContain(`"'${name.replaceAll('"', '""')}"`)
    }
  })
})
