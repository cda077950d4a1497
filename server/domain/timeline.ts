import { nanoid } from 'nanoid'
import { parisDayOf } from '../../shared/domain/dates.ts'
import { defaultTimelinePart, type TimelineKind, type TimelinePart } from '../../shared/domain/timeline.ts'
import { accessToPart, canReadTimelineEntry, type PolicyContext } from '../auth/policy.ts'
import { DomainError } from './errors.ts'
import type { RecordRows } from '../storage/records.ts'
import type { VersionRows } from '../storage/versions.ts'
import type { AuditRows } from '../storage/audit.ts'
import { assertSituationOpen } from './open-situation.ts'

export interface TimelineEntry {
  id: string
  date: string
  kind: string
  title: string
  detail: string
  by: string | null
  /** Who reads it: `health` entries only for who reads the health part. Omitted by a source: `plan`. */
  part?: TimelinePart
}

export interface TimelineDeps {
  records: RecordRows
  versions: VersionRows
  audit: AuditRows
  /** Extra dated entries (meetings) contributed by other modules. */
  timelineSources?: ((situationId: string) => Promise<TimelineEntry[]>)[]
}

/**
 * The situation's timeline as this reader may see it: events, versions,
 * handovers and meetings, newest first, without the entries of a part the
 * reader cannot read live (clinical entries for an observer or a
 * professional outside the care team). The caller has checked the plan right.
 */
export async function readTimeline(deps: TimelineDeps, context: PolicyContext): Promise<(TimelineEntry & { part: TimelinePart })[]> {
  const situationId = context.situation.id
  const entries: TimelineEntry[] = [
    ...(await deps.records.events(situationId)).map((event) => ({ id: event.id, date: event.date, kind: event.kind, title: event.title, detail: event.detail, by: event.createdBy, part: event.part })),
    ...(await deps.versions.list(situationId)).map((version) => ({ id: version.id, date: parisDayOf(version.createdAt), kind: 'version', title: version.label, detail: '', by: version.createdBy })),
    ...(await deps.audit.forSituation(situationId, 5000))
      .filter((row) => row.action === 'coordinator.handover')
      .map((row) => ({ id: `audit-${row.id}`, date: parisDayOf(row.at), kind: 'handover', title: 'Passage de relais de la coordination', detail: String(row.detail.note ?? ''), by: row.userId })),
    ...(await Promise.all((deps.timelineSources ?? []).map((source) => source(situationId)))).flat(),
  ]
  return entries
    .map((entry) => ({ ...entry, part: entry.part ?? 'plan' }))
    .filter((entry) => canReadTimelineEntry(context, entry.part))
    .sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id))
}

/** Adds a dated event; a clinical one only by who writes the health part. */
export async function addTimelineEvent(
  deps: Pick<TimelineDeps, 'records' | 'audit'>,
  context: PolicyContext,
  input: { date: string; kind: TimelineKind; title: string; detail?: string; part?: TimelinePart },
  actor: { userId: string; address?: string },
  now = new Date(),
) {
  assertSituationOpen(context.situation)
  const part = input.part ?? defaultTimelinePart(input.kind)
  // Writing an entry into a part needs the write right on that part, as live.
  if (accessToPart(context, part) !== 'write') throw new DomainError(403, `only who writes the ${part} part adds such an entry`, { field: 'part' })
  const row = { id: nanoid(12), situationId: context.situation.id, date: input.date, kind: input.kind, title: input.title, detail: input.detail ?? '', createdBy: actor.userId, createdAt: now.toISOString(), part }
  await deps.records.insertEvent(row)
  await deps.audit.append({ situationId: row.situationId, userId: actor.userId, action: 'timeline.add', target: row.id, detail: { kind: row.kind, part }, address: actor.address })
  return { id: row.id, date: row.date, kind: row.kind, title: row.title, detail: row.detail, by: row.createdBy, part }
}
