import { parisDayOf } from '../../shared/domain/dates.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import { FR } from '../export/labels-fr.ts'
import type { TimelineEntry } from './timeline.ts'

/**
 * The meetings of a situation as dated timeline entries, in French (the
 * timeline is read as the plan's story): planned, under way, or ended with
 * its minutes available.
 */
export function meetingTimelineEntries(meetings: Pick<MeetingRows, 'list'>): (situationId: string) => Promise<TimelineEntry[]> {
  return async function meetingEntries(situationId) {
    return (await meetings.list(situationId)).map((m) => ({
      id: m.id,
      date: parisDayOf(m.startsAt),
      kind: 'meeting',
      title: m.title || FR.meetingKind[m.kind],
      detail: m.status === 'ended' ? 'Réunion terminée, compte rendu disponible' : m.status === 'started' ? 'Réunion en cours' : 'Réunion prévue',
      by: m.convenerUserId,
    }))
  }
}
