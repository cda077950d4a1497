import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../shared/domain/roles.ts'
import type { MemberRow, SituationRow } from '../storage/situations.ts'
import {
  accessToPart,
  can,
  canReadCircle,
  canReadHealthDetail,
  canReadPersonViews,
  canReadPlanViews,
  canReadTimelineEntry,
  isSituationOpen,
  readsPart,
  type PolicyContext,
  type SituationAction,
} from './policy.ts'

const situation = (status: 'open' | 'closed' = 'open'): SituationRow => ({
  id: 's-1',
  title: 'Situation',
  kind: 'ppcs',
  personName: 'Mme A',
  status,
  reviewDate: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: null,
  stage: status === 'closed' ? 'closed' : 'implementation',
  level: null,
  territory: null,
  closedAt: null,
  closedReason: null,
} as SituationRow)

const member = (role: Role, facts: { careTeam?: boolean; planHidden?: boolean } = {}): MemberRow => ({
  id: `m-${role}`,
  situationId: 's-1',
  userId: `u-${role}`,
  name: role,
  role,
  sector: null,
  organisation: '',
  profession: '',
  mission: '',
  contact: '',
  careTeam: facts.careTeam ?? role === 'coordinator',
  planHidden: facts.planHidden ?? false,
  createdAt: '2026-01-01T00:00:00.000Z',
  removedAt: null,
})

const ctx = (m: MemberRow | undefined, more: { closed?: boolean; objection?: boolean } = {}): PolicyContext => ({
  situation: situation(more.closed ? 'closed' : 'open'),
  member: m,
  sharingObjection: more.objection ?? false,
})

const ACTIONS: SituationAction[] = [
  'view', 'manageMembers', 'validateVersion', 'readVersions', 'closeSituation', 'readAudit', 'invite', 'hidePlanFromRelative', 'recordConsent', 'readConsent',
]

describe('policy: access to parts', () => {
  it('a stranger (no membership) reads and writes nothing and may do nothing', () => {
    const stranger = ctx(undefined)
    for (const part of ['plan', 'health', 'person'] as const) expect(accessToPart(stranger, part)).toBe('none')
    for (const action of ACTIONS) expect(can(stranger, action)).toBe(false)
    expect([canReadPlanViews(stranger), canReadCircle(stranger), canReadPersonViews(stranger), canReadHealthDetail(stranger)]).toEqual([false, false, false, false])
    expect(canReadTimelineEntry(stranger, 'plan')).toBe(false)
  })

  it('a closed situation is read-only for everyone: write becomes read, read stays read, none stays none', () => {
    const coordinator = ctx(member('coordinator'), { closed: true })
    expect([accessToPart(coordinator, 'plan'), accessToPart(coordinator, 'health'), accessToPart(coordinator, 'person')]).toEqual(['read', 'read', 'read'])
    const person = ctx(member('person'), { closed: true })
    expect(accessToPart(person, 'person')).toBe('read')
    const observer = ctx(member('observer'), { closed: true })
    expect(accessToPart(observer, 'health')).toBe('none')
  })

  it('a professional outside the care team does not read the health part, inside it writes it', () => {
    expect(accessToPart(ctx(member('professional', { careTeam: false })), 'health')).toBe('none')
    expect(accessToPart(ctx(member('professional', { careTeam: true })), 'health')).toBe('write')
  })

  it('an objection to sharing cuts off everyone outside the care team except the person and the legal representative', () => {
    for (const role of ROLES) {
      const outside = ctx(member(role, { careTeam: false }), { objection: true })
      const keeps = role === 'person' || role === 'legalRepresentative'
      expect(readsPart(outside, 'plan')).toBe(keeps)
    }
    expect(accessToPart(ctx(member('professional', { careTeam: true }), { objection: true }), 'plan')).toBe('write')
  })
})

describe('policy: named actions', () => {
  it('only the coordinator manages members, validates versions and closes the situation, even when closed', () => {
    for (const role of ROLES) {
      for (const action of ['manageMembers', 'validateVersion', 'closeSituation'] as const) {
        expect(can(ctx(member(role)), action)).toBe(role === 'coordinator')
      }
    }
    expect(can(ctx(member('coordinator'), { closed: true }), 'closeSituation')).toBe(true)
  })

  it('only the coordinator invites, and only while the situation is open', () => {
    for (const role of ROLES) expect(can(ctx(member(role)), 'invite')).toBe(role === 'coordinator')
    expect(can(ctx(member('coordinator'), { closed: true }), 'invite')).toBe(false)
  })

  it('only the person or the legal representative hides the plan from a relative', () => {
    for (const role of ROLES) expect(can(ctx(member(role)), 'hidePlanFromRelative')).toBe(role === 'person' || role === 'legalRepresentative')
  })

  it('the coordinator, the person and the legal representative read the audit trail and record consent; no one else', () => {
    for (const role of ROLES) {
      const expected = role === 'coordinator' || role === 'person' || role === 'legalRepresentative'
      expect(can(ctx(member(role)), 'readAudit')).toBe(expected)
      expect(can(ctx(member(role)), 'recordConsent')).toBe(expected)
    }
  })

  it('every member who reads some part views the situation and its consent record', () => {
    for (const role of ROLES) {
      expect(can(ctx(member(role)), 'view')).toBe(true)
      expect(can(ctx(member(role)), 'readConsent')).toBe(true)
    }
  })

  it('a member cut off by an objection neither views the situation nor reads its consent record or versions', () => {
    const observer = ctx(member('observer'), { objection: true })
    expect([can(observer, 'view'), can(observer, 'readConsent'), can(observer, 'readVersions')]).toEqual([false, false, false])
  })

  it('a relative the person hid the plan from still views the situation (their own space) but reads no versions', () => {
    const hidden = ctx(member('relative', { planHidden: true }))
    expect(can(hidden, 'view')).toBe(true)
    expect(can(hidden, 'readVersions')).toBe(false)
    expect(can(ctx(member('relative')), 'readVersions')).toBe(true)
  })
})

describe('policy: derived views', () => {
  it('a relative the person hid the plan from reads neither the plan views nor the circle, but keeps the person views', () => {
    const hidden = ctx(member('relative', { planHidden: true }))
    expect(canReadPlanViews(hidden)).toBe(false)
    expect(canReadCircle(hidden)).toBe(false)
    expect(canReadTimelineEntry(hidden, 'plan')).toBe(false)
    expect(canReadPersonViews(hidden)).toBe(true)
  })

  it('a relative reads the plan views and the circle but no health detail', () => {
    const relative = ctx(member('relative'))
    expect([canReadPlanViews(relative), canReadCircle(relative), canReadHealthDetail(relative)]).toEqual([true, true, false])
    expect(canReadTimelineEntry(relative, 'health')).toBe(false)
  })

  it('an observer reads the plan views and the circle but neither the person views nor health detail', () => {
    const observer = ctx(member('observer'))
    expect([canReadPlanViews(observer), canReadCircle(observer), canReadPersonViews(observer), canReadHealthDetail(observer)]).toEqual([true, true, false, false])
  })

  it('a professional outside the care team reads plan and person views, not clinical timeline entries', () => {
    const pro = ctx(member('professional', { careTeam: false }))
    expect([canReadPlanViews(pro), canReadPersonViews(pro), canReadHealthDetail(pro)]).toEqual([true, true, false])
    expect(canReadTimelineEntry(pro, 'plan')).toBe(true)
    expect(canReadTimelineEntry(pro, 'health')).toBe(false)
  })

  it('the person and the legal representative read every view, under an objection too', () => {
    for (const role of ['person', 'legalRepresentative'] as const) {
      const c = ctx(member(role), { objection: true })
      expect([canReadPlanViews(c), canReadCircle(c), canReadPersonViews(c), canReadHealthDetail(c)]).toEqual([true, true, true, true])
    }
  })

  it('anyone outside the care team but the person and the legal representative loses every derived view under an objection', () => {
    for (const role of ['professional', 'relative', 'observer'] as const) {
      const c = ctx(member(role, { careTeam: false }), { objection: true })
      expect([canReadPlanViews(c), canReadCircle(c), canReadPersonViews(c), canReadHealthDetail(c)]).toEqual([false, false, false, false])
    }
  })

  it('a closed situation keeps every derived view readable', () => {
    const c = ctx(member('coordinator'), { closed: true })
    expect([canReadPlanViews(c), canReadCircle(c), canReadPersonViews(c), canReadHealthDetail(c)]).toEqual([true, true, true, true])
  })

  it('a situation is open only with status open', () => {
    expect(isSituationOpen({ status: 'open' })).toBe(true)
    expect(isSituationOpen({ status: 'closed' })).toBe(false)
  })
})
