import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../domain/roles.ts'
import { canRead, canWrite, partAccess, type Access } from './parts.ts'
import { PARTS, type Part } from './roots.ts'

/**
 * DESIGN.md section 2, written out again here on purpose: the test is the
 * table a reviewer compares with the design, not a copy of the code's.
 *
 * | role                | plan                          | health                         | person |
 * |---------------------|-------------------------------|--------------------------------|--------|
 * | coordinator         | write                         | write                          | read   |
 * | professional        | write                         | write if care team, else none  | read   |
 * | person              | read                          | read                           | write  |
 * | relative            | read unless the person hid it | none                           | write  |
 * | legalRepresentative | read                          | read                           | write  |
 * | observer            | read                          | none                           | none   |
 */
const DESIGN_TABLE: Record<Role, { careTeam: Record<Part, Access>; outside: Record<Part, Access> }> = {
  coordinator: { careTeam: { plan: 'write', health: 'write', person: 'read' }, outside: { plan: 'write', health: 'write', person: 'read' } },
  professional: { careTeam: { plan: 'write', health: 'write', person: 'read' }, outside: { plan: 'write', health: 'none', person: 'read' } },
  person: { careTeam: { plan: 'read', health: 'read', person: 'write' }, outside: { plan: 'read', health: 'read', person: 'write' } },
  relative: { careTeam: { plan: 'read', health: 'none', person: 'write' }, outside: { plan: 'read', health: 'none', person: 'write' } },
  legalRepresentative: { careTeam: { plan: 'read', health: 'read', person: 'write' }, outside: { plan: 'read', health: 'read', person: 'write' } },
  observer: { careTeam: { plan: 'read', health: 'none', person: 'none' }, outside: { plan: 'read', health: 'none', person: 'none' } },
}

/** "An objection to sharing removes the read right of everyone outside the care team (except the person and legal representative)." */
const keepsRightsUnderObjection = (role: Role, careTeam: boolean): boolean => careTeam || role === 'person' || role === 'legalRepresentative'

describe('the rights table of DESIGN.md section 2', () => {
  for (const role of ROLES) {
    for (const careTeam of [true, false]) {
      for (const part of PARTS) {
        const expected = DESIGN_TABLE[role][careTeam ? 'careTeam' : 'outside'][part]
        it(`gives a ${role}${careTeam ? ' in the care team' : ' outside the care team'} ${expected} on ${part}`, () => {
          expect(partAccess({ role, careTeam }, part)).toBe(expected)
        })
      }
    }
  }

  it('takes the plan from a relative the person hid it from, and nothing else', () => {
    expect(PARTS.map((part) => partAccess({ role: 'relative', careTeam: false, planHidden: true }, part))).toEqual(['none', 'none', 'write'])
  })

  it('ignores the hidden-plan flag for every role but relative (the person hides the plan from relatives only)', () => {
    for (const role of ROLES.filter((r) => r !== 'relative')) {
      for (const part of PARTS) expect(partAccess({ role, careTeam: false, planHidden: true }, part)).toBe(DESIGN_TABLE[role].outside[part])
    }
  })

  for (const role of ROLES) {
    for (const careTeam of [true, false]) {
      const keeps = keepsRightsUnderObjection(role, careTeam)
      it(`${keeps ? 'keeps' : 'removes'} every right of a ${role}${careTeam ? ' in the care team' : ' outside the care team'} under an objection to sharing`, () => {
        for (const part of PARTS) {
          const expected = keeps ? DESIGN_TABLE[role][careTeam ? 'careTeam' : 'outside'][part] : 'none'
          expect(partAccess({ role, careTeam }, part, { sharingObjection: true })).toBe(expected)
        }
      })
    }
  }

  it('reads where it writes, and writes only with write access', () => {
    expect([canRead('write'), canRead('read'), canRead('none')]).toEqual([true, true, false])
    expect([canWrite('write'), canWrite('read'), canWrite('none')]).toEqual([true, false, false])
  })
})
