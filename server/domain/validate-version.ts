import type { AuditRows } from '../storage/audit.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import type { SituationRow } from '../storage/situations.ts'
import type { VersionRow } from '../storage/versions.ts'
import { DomainError } from './errors.ts'
import { assertSituationOpen } from './open-situation.ts'
import { saveVersion, type VersionDeps } from './versions.ts'

export type ValidateVersionDeps = VersionDeps & { meetings: Pick<MeetingRows, 'byId'>; audit: Pick<AuditRows, 'append'> }

/**
 * Validates the current plan as a named version. Only the coordinator, or the
 * convener of a meeting of this situation naming that meeting, validates;
 * anyone else is refused whatever the body (a bad body tells them nothing more).
 */
export async function validateVersion(
  deps: ValidateVersionDeps,
  input: {
    situation: SituationRow
    userId: string
    coordinates: boolean
    readBody: () => Promise<{ label: string; meetingId?: string | null }>
    address?: string | null
  },
): Promise<VersionRow> {
  const { situation, userId } = input
  const body = input.coordinates ? await input.readBody() : await input.readBody().catch(() => null)
  const convened = body?.meetingId ? (await deps.meetings.byId(situation.id, body.meetingId))?.convenerUserId === userId : false
  if (!body || (!input.coordinates && !convened)) throw new DomainError(403, 'only the coordinator or the meeting’s convener validates')
  assertSituationOpen(situation)
  const row = await saveVersion(deps, situation.id, body, userId)
  await deps.audit.append({ situationId: situation.id, userId, action: 'version.validate', target: row.id, address: input.address })
  return row
}
