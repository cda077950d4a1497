import type { SituationRows } from '../storage/situations.ts'

/** Past this many situations the remembered answers are dropped and read again (a bound, not an expiry). */
const MAX_REMEMBERED = 10_000

export interface OpenSituations {
  /** The situation rows, whose `setStatus` forgets the remembered answer for that situation. */
  rows: SituationRows
  /** False once the situation is closed; SQL is the authority, read once per situation until its status is written. */
  isOpen(situationId: string): boolean
}

/**
 * The rules check asks on every update of a writer whether the situation is
 * open; one `SELECT` per update was 8.4 % of the busy time at 3,200 edits/s
 * (issue 17). The answer is remembered per situation and forgotten whenever
 * the status is written (or the row inserted), which only happens through the
 * rows returned here
 * (closing and reopening also revalidate the connections: see
 * domain/revocation.ts).
 *
 * @example const open = rememberOpenSituations(createSituationRows(db)); open.isOpen('abc')
 */
export function rememberOpenSituations(rows: SituationRows): OpenSituations {
  const open = new Map<string, boolean>()
  return {
    rows: {
      ...rows,
      setStatus: (id, status) => {
        rows.setStatus(id, status)
        open.delete(id)
      },
      insertSituation: (row) => {
        rows.insertSituation(row)
        open.delete(row.id)
      },
    },
    isOpen: (situationId) => {
      let known = open.get(situationId)
      if (known === undefined) {
        if (open.size >= MAX_REMEMBERED) open.clear()
        known = rows.situationById(situationId)?.status !== 'closed'
        open.set(situationId, known)
      }
      return known
    },
  }
}
