import { describe, expect, it } from 'vitest'
import { defaultCareTeam, isPersonSide, mayReadAuditTrail, ROLES, speaksForPerson } from './roles.ts'

describe('roles', () => {
  it('lets only the person and the legal representative speak for the person', () => {
    expect(ROLES.filter(speaksForPerson)).toEqual(['person', 'legalRepresentative'])
  })

  it('puts the person, relatives and the legal representative on the person side', () => {
    expect(ROLES.filter(isPersonSide)).toEqual(['person', 'relative', 'legalRepresentative'])
  })

  it('lets the coordinator and whoever speaks for the person read the audit trail', () => {
    expect(ROLES.filter(mayReadAuditTrail)).toEqual(['coordinator', 'person', 'legalRepresentative'])
  })

  it('puts health and medico-social professionals and the coordinator in the default care team', () => {
    expect(defaultCareTeam('professional', 'health')).toBe(true)
    expect(defaultCareTeam('professional', 'medicosocial')).toBe(true)
    expect(defaultCareTeam('professional', 'social')).toBe(false)
    expect(defaultCareTeam('coordinator', null)).toBe(true)
    expect(defaultCareTeam('relative', 'health')).toBe(false)
  })
})
