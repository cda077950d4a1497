import type { SituationRow, SituationRows, SituationRowsInTransaction } from '../storage/situations.ts'
import type { Extension } from '../sync/extension.ts'

/** Past this many remembered situations, those with no document loaded are forgotten (a bound, not an expiry). */
const MAX_REMEMBERED = 10_000

export interface OpenSituations {
  /** The situation rows, whose `setStatus` and `insertSituation` write the remembered answer through. */
  rows: SituationRows
  /** False once the situation is closed; SQL is the authority, read when a document of the situation loads. */
  isOpen(situationId: string): boolean
  /** Fills the memory when a document loads (before anyone joins it) and forgets it when the last one unloads. */
  extension: Extension
}

/**
 * The rules check asks on every update of a writer whether the situation is
 * open; one `SELECT` per update was 8.4 % of the busy time at 3,200 edits/s
 * (issue 17). It asks inside `runHooksSync` (onAuthorizeUpdate), which must
 * not yield, while the rows are now asynchronous (docs/decisions/018): so the
 * answer is read beforehand, in the async `onLoadDocument` of every document
 * of the situation (no update reaches a room before it is loaded), kept while
 * one of its documents is loaded, and written through whenever the status is
 * written or the row inserted, which only happens through the rows returned
 * here (closing and reopening also revalidate the connections: see
 * domain/revocation.ts). The write-through always sets the answer, even for
 * a situation not loaded, so a load whose read raced with a status change
 * never keeps the older answer (a load only fills what is not known yet).
 *
 * @example const open = rememberOpenSituations(createSituationRows(sql)); open.isOpen('abc')
 */
export function rememberOpenSituations(rows: SituationRows): OpenSituations {
  /** Per situation: open or not, and how many of its documents are loaded. */
  const known = new Map<string, { open: boolean; loaded: number }>()
  const remember = (situationId: string, open: boolean) => {
    if (known.size >= MAX_REMEMBERED) {
      for (const [id, entry] of known) if (entry.loaded === 0) known.delete(id)
    }
    const entry = known.get(situationId)
    if (entry) entry.open = open
    else known.set(situationId, { open, loaded: 0 })
  }
  /** The rows with their status writes told to `written` once they are done. */
  const writingThrough = <R extends SituationRowsInTransaction>(inner: R, written: (situationId: string, open: boolean) => void): R => ({
    ...inner,
    async setStatus(id: string, status: 'open' | 'closed') {
      await inner.setStatus(id, status)
      written(id, status !== 'closed')
    },
    async insertSituation(row: SituationRow) {
      await inner.insertSituation(row)
      written(row.id, row.status !== 'closed')
    },
  })
  return {
    rows: {
      ...writingThrough(rows, remember),
      // Inside a transaction, remembered once it commits: a rollback leaves the answer as SQL has it.
      async transaction(work) {
        const committed: [string, boolean][] = []
        const result = await rows.transaction((inner) => work(writingThrough(inner, (id, open) => void committed.push([id, open]))))
        for (const [id, open] of committed) remember(id, open)
        return result
      },
    },
    isOpen: (situationId) => {
      // Every room loads through the extension below before an update reaches it: an unknown
      // situation would be a room loaded without it, and is refused rather than written blind.
      return known.get(situationId)?.open ?? false
    },
    extension: {
      name: 'openSituations',
      async onLoadDocument({ documentKey }) {
        const { situationId } = documentKey
        if (!known.has(situationId)) {
          const open = (await rows.situationById(situationId))?.status !== 'closed'
          // A status written while the row was read has already set the newer answer.
          if (!known.has(situationId)) remember(situationId, open)
        }
        known.get(situationId)!.loaded++
      },
      beforeUnloadDocument({ documentKey }) {
        const entry = known.get(documentKey.situationId)
        if (entry && --entry.loaded <= 0) known.delete(documentKey.situationId)
      },
    },
  }
}
