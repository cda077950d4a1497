import { nanoid } from 'nanoid'
import { PARTS, documentName, type Part } from '../../shared/schema/roots.ts'
import type { LiveDocuments } from './live-documents.ts'
import type { VersionRow, VersionRows } from '../storage/versions.ts'
import type { SituationRows } from '../storage/situations.ts'
import { captureContext } from './version-context.ts'

export interface VersionDeps {
  rooms: LiveDocuments
  versions: VersionRows
  /** When given, the version records its circle, coordinator and review date (its PDF prints them, not today's). */
  situations?: Pick<SituationRows, 'situationById' | 'activeMembers'>
  /** Called once a version is stored: the plan's stage and review date follow it (issue 18). */
  onVersionSaved?: (row: VersionRow) => Promise<void>
}

/**
 * Saves the current state of every part of a situation, taken at one moment,
 * as an immutable version. Never waits for an agreement: agreeing is a
 * separate record on an existing version.
 */
export async function saveVersion(
  { rooms, versions, situations, onVersionSaved }: VersionDeps,
  situationId: string,
  input: { label: string; meetingId?: string | null },
  createdBy: string,
  now = new Date(),
): Promise<VersionRow> {
  const states = await rooms.encodeStates(PARTS.map((part) => documentName(situationId, part)))
  const row: VersionRow = {
    id: nanoid(12),
    situationId,
    label: input.label,
    createdAt: now.toISOString(),
    createdBy,
    meetingId: input.meetingId ?? null,
    context: situations ? JSON.stringify(await captureContext({ situations }, situationId, now)) : null,
  }
  await versions.insert(row, Object.fromEntries(PARTS.map((part, index) => [part, states[index]!])))
  await onVersionSaved?.(row)
  return row
}

/** A version's parts as Yjs updates, limited to the parts the reader may see. */
export async function readVersionParts(
  { versions }: Pick<VersionDeps, 'versions'>,
  versionId: string,
  readable: (part: Part) => boolean,
): Promise<Partial<Record<Part, Uint8Array>>> {
  const parts = await versions.parts(versionId)
  const out: Partial<Record<Part, Uint8Array>> = {}
  for (const part of PARTS) if (parts[part] && readable(part)) out[part] = parts[part]
  return out
}

/** The plan state of a version, or of the live document for `current`. */
export async function planState(deps: VersionDeps, situationId: string, versionId: string): Promise<Uint8Array | null> {
  if (versionId === 'current') return (await deps.rooms.encodeStates([documentName(situationId, 'plan')]))[0]!
  if (!(await deps.versions.byId(situationId, versionId))) return null
  return (await deps.versions.parts(versionId)).plan ?? null
}
