import type * as Y from 'yjs'
import { documentName } from '../../shared/schema/roots.ts'
import { planRoots } from '../../shared/schema/plan.ts'
import { findRow } from '../../shared/schema/rows.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { RecordRows } from '../storage/records.ts'
import type { LiveDocuments } from './live-documents.ts'

export interface DisplayCopyDeps {
  situations: SituationRows
  records: RecordRows
}

/** What the plan document should show, from the SQL records (the authority). */
export async function expectedCopies(deps: DisplayCopyDeps, situationId: string) {
  const coordinator = (await deps.situations.activeMembers(situationId)).filter((m) => m.role === 'coordinator').at(-1)
  const commitments = new Map([...(await deps.records.commitments(situationId))].map(([actionId, row]) => [actionId, row.status]))
  return { coordinatorId: coordinator?.id ?? null, commitments }
}

/** True when the document's display copies differ from the records. */
export function copiesDiffer(doc: Y.Doc, expected: Awaited<ReturnType<typeof expectedCopies>>): boolean {
  const roots = planRoots(doc)
  if ((roots.meta.get('coordinatorId') ?? null) !== expected.coordinatorId) return true
  for (const [actionId, status] of expected.commitments) {
    const row = findRow(roots.actions, actionId)
    if (row && row.get('commitment') !== status) return true
  }
  return false
}

/** Rewrites `meta.coordinatorId` and each action's `commitment` from the records; a plan writer may have overwritten them. */
export function writeCopies(doc: Y.Doc, expected: Awaited<ReturnType<typeof expectedCopies>>): void {
  const roots = planRoots(doc)
  if ((roots.meta.get('coordinatorId') ?? null) !== expected.coordinatorId) roots.meta.set('coordinatorId', expected.coordinatorId)
  for (const [actionId, status] of expected.commitments) {
    const row = findRow(roots.actions, actionId)
    if (row && row.get('commitment') !== status) row.set('commitment', status)
  }
}

/** After a record change: bring the live (or stored) plan up to date. */
export async function refreshDisplayCopies(deps: DisplayCopyDeps & { rooms: LiveDocuments }, situationId: string): Promise<void> {
  const expected = await expectedCopies(deps, situationId)
  await deps.rooms.change(documentName(situationId, 'plan'), 'display copies', (doc) => {
    if (copiesDiffer(doc, expected)) writeCopies(doc, expected)
  })
}

/**
 * After a change of coordinator: rewrites `meta.coordinatorId` in the plan at
 * once, so open editors show the new coordinator rather than after the next
 * load. Commitments are left to their own use cases (empty map here).
 */
export async function refreshCoordinatorCopy(deps: { situations: Pick<SituationRows, 'activeMembers'>; rooms: LiveDocuments }, situationId: string): Promise<void> {
  const coordinator = (await deps.situations.activeMembers(situationId)).filter((m) => m.role === 'coordinator').at(-1)
  const expected: Awaited<ReturnType<typeof expectedCopies>> = { coordinatorId: coordinator?.id ?? null, commitments: new Map() }
  await deps.rooms.change(documentName(situationId, 'plan'), 'display copies', (doc) => {
    if (copiesDiffer(doc, expected)) writeCopies(doc, expected)
  })
}
