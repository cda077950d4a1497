import type { AuditRows } from '../storage/audit.ts'
import { documentName } from '../../shared/schema/roots.ts'
import type { SituationRow } from '../storage/situations.ts'
import type { VersionRow } from '../storage/versions.ts'
import { docFromState } from './compare.ts'
import { refreshDisplayCopies, type DisplayCopyDeps } from './display-copies.ts'
import { DomainError } from './errors.ts'
import { assertSituationOpen } from './open-situation.ts'
import { restorePlanContent } from './restore.ts'
import { saveVersion, type VersionDeps } from './versions.ts'

export type RestoreVersionDeps = VersionDeps & DisplayCopyDeps & { audit: Pick<AuditRows, 'append'> }

/**
 * Brings a version's plan back into the live document as an ordinary change
 * (stored and broadcast), refreshes the display copies, and saves the result
 * as a new version named after the old one. Audited as `version.restore`.
 */
export async function restoreVersion(
  deps: RestoreVersionDeps,
  input: { situation: SituationRow; versionId: string; userId: string; address?: string | null },
): Promise<{ row: VersionRow; restoredFrom: string }> {
  const { situation, userId } = input
  const version = await deps.versions.byId(situation.id, input.versionId)
  if (!version) throw new DomainError(404, 'not found')
  assertSituationOpen(situation)
  const old = (await deps.versions.parts(version.id)).plan
  if (!old) throw new DomainError(404, 'not found')
  // The editor's schema (its minimal-diff writer keeps open editors bound) loads on the first restore, not at start.
  const { writeRichText } = await import('../../shared/editor/fragment.ts')
  const oldDoc = docFromState(old)
  try {
    await deps.rooms.change(documentName(situation.id, 'plan'), `restore ${version.id}`, (doc) => restorePlanContent(doc, oldDoc, { userId }, writeRichText))
  } finally {
    oldDoc.destroy()
  }
  await refreshDisplayCopies(deps, situation.id)
  const row = await saveVersion(deps, situation.id, { label: `Restauration de « ${version.label} »` }, userId)
  await deps.audit.append({ situationId: situation.id, userId, action: 'version.restore', target: version.id, detail: { newVersion: row.id }, address: input.address })
  return { row, restoredFrom: version.id }
}
