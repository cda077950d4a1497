import { describe, expect, it } from 'vitest'
import { describeChange } from './minutes-html.ts'
import type { MinutesModel } from '../domain/meetings.ts'

type Change = MinutesModel['changes'][number]
const change = (kind: Change['kind'], fields: Change['fields']): Change => ({ kind, id: 'row', title: 'Une ligne', change: 'changed', fields })

describe('describeChange', () => {
  it('shows an action’s status, commitment and sector with their French labels, never the stored values', () => {
    expect(
      describeChange(
        change('action', [
          { field: 'status', before: 'todo', after: 'done' },
          { field: 'commitment', before: 'accepted', after: 'declined' },
          { field: 'sector', before: 'care', after: 'help' },
        ]),
      ),
    ).toBe('statut : À faire → Fait ; engagement : Accepté → Refusé ; volet : Soins → Aide')
  })

  it('shows a goal’s status and domain with their French labels', () => {
    expect(
      describeChange(
        change('goal', [
          { field: 'status', before: 'open', after: 'achieved' },
          { field: 'domain', before: 'participation', after: 'caregivers' },
        ]),
      ),
    ).toBe('statut : En cours → Atteint ; domaine : Participation sociale → Aidants')
  })

  it('keeps free text, dates and empty values as before, and an unknown enumerated value as stored', () => {
    expect(
      describeChange(
        change('action', [
          { field: 'frequency', before: null, after: 'done' },
          { field: 'dueDate', before: '2027-03-01', after: '' },
          { field: 'status', before: 'todo', after: 'someday' },
        ]),
      ),
    ).toBe('fréquence : — → done ; échéance : 1 mars 2027 → — ; statut : À faire → someday')
  })
})
