import { nanoid } from 'nanoid'
import * as Y from 'yjs'
import { parisDayOf } from '../../shared/domain/dates.ts'
import { PARTS, documentName } from '../../shared/schema/roots.ts'
import { planRoots, readActions, readGoals } from '../../shared/schema/plan.ts'
import { readRelativeViews, readView } from '../../shared/schema/person.ts'
import { textOf, stringOrNull } from '../../shared/schema/rows.ts'
import type { AttendanceMode, AgendaItem, Invitee, MeetingKind, MeetingRow, MeetingRows, AttendanceRow } from '../storage/meetings.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { RecordRows } from '../storage/records.ts'
import type { UserRows } from '../storage/users.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { VersionRows, VersionRow } from '../storage/versions.ts'
import type { LiveDocuments } from './live-documents.ts'
import { comparePlans, docFromState, type RowChange } from './compare.ts'
import { saveVersion } from './versions.ts'
import { commitmentsAt } from './exports.ts'
import { DomainError } from './errors.ts'
import { parseContext, rebuildContext, type ContextMember } from './version-context.ts'
import type { Actor } from './memberships.ts'
import { FR, frenchDay } from '../export/labels-fr.ts'
import type { MinutesModel } from '../export/minutes-model.ts'

export type { MinutesModel }

export interface MeetingDeps {
  meetings: MeetingRows
  situations: SituationRows
  records: RecordRows
  users: UserRows
  audit: AuditRows
  versions: VersionRows
  rooms: LiveDocuments
  /** The follow-up sections of the minutes (progress answers, co-evaluation; issue 18). */
  /** Refuses a review date the plan's kind does not allow (a PAG: one year at most; issue 18). */
  checkReviewDate?: (situationId: string, reviewDate: string) => Promise<void>
  followUpMinutes?: (input: import('./follow-up-minutes.ts').FollowUpMinutesInput) => Promise<import('./follow-up-minutes.ts').FollowUpMinutes>
}

export interface NewMeeting {
  kind: MeetingKind
  startsAt: string
  title?: string
  place?: string
  invitees?: Invitee[]
  agenda?: AgendaItem[]
}

const meetingOrThrow = async (deps: MeetingDeps, situationId: string, meetingId: string): Promise<MeetingRow> => {
  const meeting = await deps.meetings.byId(situationId, meetingId)
  if (!meeting) throw new DomainError(404, 'meeting not found')
  return meeting
}

export async function createMeeting(deps: MeetingDeps, situationId: string, input: NewMeeting, { userId, address }: Actor, now = new Date()): Promise<MeetingRow> {
  const row: MeetingRow = {
    id: nanoid(12),
    situationId,
    kind: input.kind,
    title: input.title ?? '',
    startsAt: new Date(input.startsAt).toISOString(),
    place: input.place ?? '',
    convenerUserId: userId,
    invitees: input.invitees ?? [],
    agenda: input.agenda ?? [],
    status: 'planned',
    startedAt: null,
    endedAt: null,
    endVersionId: null,
    reviewDate: null,
    nextMeeting: null,
    minutesNotes: '',
    publishedAt: null,
    createdAt: now.toISOString(),
    createdBy: userId,
  }
  await deps.meetings.insert(row)
  await deps.audit.append({ situationId, userId, action: 'meeting.create', target: row.id, detail: { kind: row.kind }, address })
  return row
}

/** Attendance from the server's own authenticated connection: never from awareness. */
export async function recordConnected(deps: Pick<MeetingDeps, 'meetings' | 'situations'>, situationId: string, userId: string, now = new Date()): Promise<void> {
  const member = await deps.situations.memberOfUser(situationId, userId)
  if (!member) return
  for (const meeting of await deps.meetings.startedIn(situationId)) {
    await deps.meetings.recordAttendance({ meetingId: meeting.id, attendeeKey: member.id, memberId: member.id, name: member.name, mode: 'connected', source: 'server', at: now.toISOString(), recordedBy: null })
  }
}

/** Starts the meeting: stores a start snapshot of every part and takes the attendance of who is connected now. */
export async function startMeeting(deps: MeetingDeps, situationId: string, meetingId: string, { userId, address }: Actor, connectedUserIds: string[]): Promise<MeetingRow> {
  const meeting = await meetingOrThrow(deps, situationId, meetingId)
  if (meeting.status !== 'planned') throw new DomainError(409, `meeting already ${meeting.status}`)
  const states = await deps.rooms.encodeStates(PARTS.map((part) => documentName(situationId, part)))
  for (const [index, part] of PARTS.entries()) await deps.meetings.saveSnapshot(meeting.id, part, states[index]!)
  const started: MeetingRow = { ...meeting, status: 'started', startedAt: new Date().toISOString() }
  await deps.meetings.update(started)
  for (const connected of new Set(connectedUserIds)) await recordConnected(deps, situationId, connected)
  await deps.audit.append({ situationId, userId, action: 'meeting.start', target: meeting.id, address })
  return started
}

export async function recordManualAttendance(
  deps: MeetingDeps,
  situationId: string,
  meetingId: string,
  input: { memberId?: string; name?: string; mode: Exclude<AttendanceMode, 'connected'> },
  { userId, address }: Actor,
): Promise<AttendanceRow> {
  const meeting = await meetingOrThrow(deps, situationId, meetingId)
  if (meeting.status === 'ended' && meeting.publishedAt) throw new DomainError(409, 'the minutes are published')
  const member = input.memberId ? await deps.situations.memberById(situationId, input.memberId) : undefined
  if (input.memberId && !member) throw new DomainError(400, 'unknown member', { field: 'memberId' })
  const name = member?.name ?? input.name
  if (!name) throw new DomainError(400, 'invalid or missing field: name', { field: 'name' })
  const row: AttendanceRow = {
    meetingId,
    attendeeKey: member ? member.id : `guest:${name.toLowerCase()}`,
    memberId: member?.id ?? null,
    name,
    mode: input.mode,
    source: 'manual',
    at: new Date().toISOString(),
    recordedBy: userId,
  }
  await deps.meetings.recordAttendance(row)
  await deps.audit.append({ situationId, userId, action: 'meeting.attendance', target: meetingId, detail: { mode: input.mode, member: member?.id ?? null }, address })
  return row
}

/** Ends the meeting: validates a version carrying its id, sets the review date, writes the minutes (published unless asked not to). */
export async function endMeeting(
  deps: MeetingDeps,
  situationId: string,
  meetingId: string,
  input: { reviewDate?: string | null; nextMeeting?: string | null; publish?: boolean; notes?: string },
  { userId, address }: Actor,
): Promise<{ meeting: MeetingRow; version: VersionRow }> {
  const meeting = await meetingOrThrow(deps, situationId, meetingId)
  if (meeting.status !== 'started') throw new DomainError(409, meeting.status === 'ended' ? 'meeting already ended' : 'meeting not started')
  if (input.reviewDate) await deps.checkReviewDate?.(situationId, input.reviewDate)
  if (input.reviewDate) {
    await deps.situations.setReviewDate(situationId, input.reviewDate)
    await deps.rooms.change(documentName(situationId, 'plan'), 'review date', (doc) => planRoots(doc).meta.set('reviewDate', input.reviewDate))
  }
  const label = `${FR.meetingKind[meeting.kind]} du ${frenchDay(parisDayOf(meeting.startsAt))}`
  const version = await saveVersion(deps, situationId, { label, meetingId: meeting.id }, userId)
  const now = new Date().toISOString()
  const ended: MeetingRow = {
    ...meeting,
    status: 'ended',
    endedAt: now,
    endVersionId: version.id,
    // The circle, coordinator and review date it ended with: the minutes print these, not today's.
    context: version.context ?? null,
    reviewDate: input.reviewDate ?? null,
    nextMeeting: input.nextMeeting ?? null,
    minutesNotes: input.notes ?? meeting.minutesNotes,
    publishedAt: input.publish === false ? null : now,
  }
  await deps.meetings.update(ended)
  await deps.audit.append({ situationId, userId, action: 'meeting.end', target: meeting.id, detail: { version: version.id }, address })
  if (ended.publishedAt) await deps.audit.append({ situationId, userId, action: 'minutes.publish', target: meeting.id, address })
  return { meeting: ended, version }
}

export async function amendMinutes(deps: MeetingDeps, situationId: string, meetingId: string, input: { notes?: string; publish?: boolean }, { userId, address }: Actor): Promise<MeetingRow> {
  const meeting = await meetingOrThrow(deps, situationId, meetingId)
  if (meeting.status !== 'ended') throw new DomainError(409, 'the meeting has not ended')
  const next: MeetingRow = {
    ...meeting,
    minutesNotes: input.notes ?? meeting.minutesNotes,
    publishedAt: meeting.publishedAt ?? (input.publish ? new Date().toISOString() : null),
  }
  await deps.meetings.update(next)
  if (!meeting.publishedAt && next.publishedAt) await deps.audit.append({ situationId, userId, action: 'minutes.publish', target: meetingId, address })
  return next
}

/**
 * The minutes of an ended meeting. `withPersonViews` comes from the reader's
 * right on the person part (policy.canReadPersonViews): without it, the
 * views of the person and relatives and whether the person wrote are left out.
 */
export async function minutesModel(deps: MeetingDeps, situationId: string, meetingId: string, { withPersonViews }: { withPersonViews: boolean }): Promise<MinutesModel> {
  const meeting = await meetingOrThrow(deps, situationId, meetingId)
  if (meeting.status !== 'ended' || !meeting.endVersionId) throw new DomainError(409, 'the meeting has not ended')
  const situation = (await deps.situations.situationById(situationId))!
  const current = await deps.situations.activeMembers(situationId)
  const context =
    parseContext(meeting.context) ??
    parseContext((await deps.versions.byId(situationId, meeting.endVersionId))?.context) ??
    (await rebuildContext(deps, situationId, meeting.endedAt ?? meeting.startsAt, meeting.reviewDate))
  // Names and roles as recorded when the meeting ended; today's circle only for someone the record lacks.
  const recorded: ContextMember[] = context?.members ?? current
  const memberOf = (id: string | null): ContextMember | undefined => recorded.find((m) => m.id === id) ?? current.find((m) => m.id === id)
  const committed = await commitmentsAt(deps.records, situationId, meeting.endedAt!)
  // The names the minutes show, read beforehand: the convener's, the commitments' and the circle's (the documents' authors).
  const names = await deps.users.names([...(meeting.convenerUserId ? [meeting.convenerUserId] : []), ...[...committed.values()].map((row) => row.userId)], situationId)
  const userName = (id: string | null) => (id ? (names.get(id) ?? '') : '')
  const ownerName = (owner: string | null) => (owner ? (memberOf(owner)?.name ?? owner) : null)
  const endParts = await deps.versions.parts(meeting.endVersionId)
  const start = docFromState((await deps.meetings.snapshot(meeting.id, 'plan')) ?? new Uint8Array([0, 0]))
  const end = docFromState(endParts.plan!)
  const startPerson = docFromState((await deps.meetings.snapshot(meeting.id, 'person')) ?? new Uint8Array([0, 0]))
  const endPerson = docFromState(endParts.person ?? new Uint8Array([0, 0]))
  try {
    const endActions = new Map(readActions(end).map((a) => [a.id, a]))
    const titles = new Map<string, string>([...readGoals(end).map((g) => [g.id, g.title] as const), ...readActions(end).map((a) => [a.id, a.title] as const)])
    const changes = comparePlans(start, end).rows.map((row) => ({
      ...row,
      ownerName: row.kind === 'action' ? ownerName(endActions.get(row.id)?.owner ?? null) : undefined,
      dueDate: row.kind === 'action' ? (endActions.get(row.id)?.dueDate ?? null) : undefined,
    }))
    const decisions = planRoots(end)
      .decisions.toArray()
      .filter((row) => row instanceof Y.Map && row.get('meetingId') === meeting.id && !row.get('deletedAt'))
      .map((row) => ({
        text: textOf(row.get('text')),
        by: ownerName(stringOrNull(row.get('by'))) ?? '—',
        linked: titles.get(stringOrNull(row.get('linkedId')) ?? stringOrNull(row.get('goalId')) ?? stringOrNull(row.get('actionId')) ?? '') ?? null,
      }))
    const commitments = [...committed].map(([actionId, row]) => ({
      action: titles.get(actionId) ?? actionId,
      partner: memberOf(row.memberId)?.name ?? userName(row.userId),
      status: FR.commitment[row.status],
      comment: row.comment,
    }))
    const views = !withPersonViews ? null : [...readGoals(end), ...readActions(end)].flatMap((row) => {
      const person = readView(endPerson, row.id)
      return [
        ...(person ? [{ about: row.title, opinion: FR.opinion[person.opinion], comment: person.comment, by: userName(person.by) }] : []),
        ...readRelativeViews(endPerson, row.id).map((view) => ({ about: row.title, opinion: FR.opinion[view.opinion], comment: view.comment, by: userName(view.by) })),
      ]
    })
    const attendance = (await deps.meetings.attendance(meeting.id)).map((row) => ({ name: row.name, role: memberOf(row.memberId)?.role ?? null, mode: row.mode, source: row.source }))
    const present = (role: string) => attendance.some((a) => a.role === role && a.mode !== 'absent' && a.mode !== 'written')
    const attendees = new Set(attendance.filter((a) => a.mode !== 'absent').map((a) => a.name))
    return {
      situationTitle: situation.title,
      kind: meeting.kind,
      title: meeting.title,
      startsAt: meeting.startsAt,
      place: meeting.place,
      convener: userName(meeting.convenerUserId),
      coordinator: context?.coordinatorId ? (memberOf(context.coordinatorId)?.name ?? null) : null,
      agenda: meeting.agenda,
      attendance,
      invitedAbsent: meeting.invitees.map((i) => memberOf(i.memberId)?.name ?? i.name).filter((name) => !attendees.has(name)),
      person: {
        present: present('person') || present('legalRepresentative'),
        wroteDuringMeeting: withPersonViews && !Y.equalSnapshots(Y.snapshot(startPerson), Y.snapshot(endPerson)),
        relativePresent: present('relative'),
      },
      changes,
      decisions,
      commitments,
      views,
      reviewDate: meeting.reviewDate ?? context?.reviewDate ?? null,
      nextMeeting: meeting.nextMeeting,
      notes: meeting.minutesNotes,
      versionLabel: (await deps.versions.byId(situationId, meeting.endVersionId))?.label ?? null,
      publishedAt: meeting.publishedAt,
      followUp: await deps.followUpMinutes?.({ situationId, meetingId: meeting.id, until: meeting.endedAt!, goals: readGoals(end).filter((g) => !g.deletedAt), actions: readActions(end), withPersonViews }),
    }
  } finally {
    for (const doc of [start, end, startPerson, endPerson]) doc.destroy()
  }
}
