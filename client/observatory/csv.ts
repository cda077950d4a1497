import type { Count, TerritoryDashboard } from '../../shared/domain/territory.ts'

/** A cell as shown: the number, or "< 5" when suppressed. */
export const shown = (count: Count, suppressed = '< 5'): string => (count.suppressed || count.value === null ? suppressed : String(count.value))

/** Quoted when it holds the separator, a quote or a line break; a leading =, +, - or @ is defused (spreadsheet formulas). */
const escape = (raw: string): string => {
  const value = /^[=+\-@]/.test(raw) && !/^-?\d/.test(raw) ? `'${raw}` : raw
  return /[";\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * The same aggregates as the page, as one CSV file (semicolon-separated, as
 * French spreadsheets expect), section by section; suppressed counts stay
 * "< 5", never a number.
 */
export function dashboardCsv(board: TerritoryDashboard, labels: { kind: (k: string) => string; level: (l: string) => string; answer: (a: string) => string }): string {
  const lines: string[][] = []
  lines.push(['Observatoire du territoire', `${board.departement} ${board.departementName}`])
  lines.push(['Période', board.filters.from, board.filters.to])
  lines.push(['Type de plan', board.filters.kind ?? 'tous', 'Niveau', board.filters.level === null ? 'tous' : String(board.filters.level)])
  lines.push([])
  lines.push(['Situations actives', ...board.situations.columns.map(labels.level), 'Total'])
  board.situations.rows.forEach((row, r) =>
    lines.push([labels.kind(row), ...board.situations.cells[r]!.map((c) => shown(c)), shown(board.situations.rowTotals[r]!)]),
  )
  lines.push(['Total', ...board.situations.columnTotals.map((c) => shown(c)), shown(board.situations.total)])
  lines.push([])
  const answers = Object.keys(board.needs[0]?.byMissingAnswer ?? {})
  lines.push(['Code SERAFIN-PH', 'Besoin', 'Personnes concernées', 'Durée médiane sans réponse (jours)', ...answers.map(labels.answer)])
  for (const need of board.needs)
    lines.push([
      need.code,
      need.label,
      shown(need.people),
      need.medianDaysWithoutAnswer === null ? '' : String(need.medianDaysWithoutAnswer),
      ...answers.map((a) => shown(need.byMissingAnswer[a as keyof typeof need.byMissingAnswer])),
    ])
  lines.push(['Personnes avec au moins un besoin non couvert', '', shown(board.peopleWithUnmetNeeds)])
  lines.push([])
  lines.push(['Mois', 'Ruptures', 'Hospitalisations'])
  for (const month of board.months) lines.push([month.month, shown(month.ruptures), shown(month.hospitalisations)])
  lines.push([])
  lines.push(['Révisions en retard', shown(board.reviewsOverdue)])
  lines.push([])
  lines.push(['Code INSEE', 'Commune', 'Situations actives', 'Personnes avec un besoin non couvert'])
  for (const commune of board.communes) lines.push([commune.code === 'other' ? '' : commune.code, commune.name, shown(commune.activeSituations), shown(commune.peopleWithUnmetNeeds)])
  return '\uFEFF' + lines.map((line) => line.map(escape).join(';')).join('\r\n') + '\r\n'
}
