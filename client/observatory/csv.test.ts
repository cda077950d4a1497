import { describe, expect, it } from 'vitest'
import type { Count, TerritoryDashboard } from '../../shared/domain/territory.ts'
import { dashboardCsv, shown } from './csv.ts'

const n = (value: number): Count => ({ value, suppressed: false })
const hidden: Count = { value: null, suppressed: true }

const board: TerritoryDashboard = {
  departement: '37',
  departementName: 'Indre-et-Loire',
  generatedAt: '2026-12-03T10:00:00.000Z',
  filters: { from: '2026-01-01', to: '2026-12-03', kind: null, level: null },
  threshold: 5,
  situations: { rows: ['pag'], columns: ['1', 'none'], cells: [[n(7), hidden]], rowTotals: [hidden], columnTotals: [n(7), hidden], total: hidden },
  needs: [
    {
      code: '1.3.3.2',
      label: 'Besoins en lien avec le travail et l’emploi',
      people: n(6),
      medianDaysWithoutAnswer: 120,
      byMissingAnswer: { place: n(6), absentService: hidden, blocked: hidden, waitingList: hidden, unspecified: hidden },
    },
  ],
  peopleWithUnmetNeeds: n(6),
  months: [{ month: '2026-11', ruptures: hidden, hospitalisations: n(5) }],
  reviewsOverdue: hidden,
  communes: [{ code: 'other', name: 'Autres communes; "grouped"', activeSituations: n(7), peopleWithUnmetNeeds: n(6) }],
}

describe('the observatory CSV', () => {
  it('writes the same aggregates, "< 5" for every suppressed count and never a number in its place', () => {
    const csv = dashboardCsv(board, { kind: (k) => k.toUpperCase(), level: (l) => `Niveau ${l}`, answer: (a) => a })
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines).toContain('PAG;7;< 5;< 5')
    expect(lines).toContain('1.3.3.2;Besoins en lien avec le travail et l’emploi;6;120;6;< 5;< 5;< 5;< 5')
    expect(lines).toContain('2026-11;< 5;5')
    expect(lines).toContain('Révisions en retard;< 5')
    // A cell holding the separator or quotes is quoted.
    expect(lines).toContain(';"Autres communes; ""grouped""";7;6')
    expect(shown(hidden)).toBe('< 5')
  })
})
