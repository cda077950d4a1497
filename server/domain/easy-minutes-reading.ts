import type { CoEvaluationRows } from '../storage/co-evaluations.ts'
import { easyMinutes, type EasyMinutes } from './easy-minutes.ts'
import { DomainError } from './errors.ts'
import { minutesModel, type MeetingDeps } from './meetings.ts'

export interface EasyMinutesReader {
  situationId: string
  meetingId: string
  userId: string
  /** The coordinator (may run every meeting of the situation). */
  mayManage: boolean
  /** Reads the person part live: sees the person's side of the co-evaluation. */
  withPersonViews: boolean
  address?: string | null
}

/**
 * The easy-to-read minutes of an ended meeting for one reader, audited as
 * `export.minutes` (easy). The same rights as the minutes: a draft only for
 * the coordinator or the convener, anyone else (like an unknown meeting)
 * gets 404; the person's ratings only for who reads the person part.
 *
 * @example await readEasyMinutes(deps, { situationId, meetingId, userId, mayManage: false, withPersonViews: true })
 */
export async function readEasyMinutes(deps: MeetingDeps & { coEvaluations: CoEvaluationRows }, reader: EasyMinutesReader): Promise<EasyMinutes> {
  const meeting = await deps.meetings.byId(reader.situationId, reader.meetingId)
  if (!meeting || meeting.status !== 'ended' || !meeting.endVersionId) throw new DomainError(404, 'not found')
  if (!meeting.publishedAt && !reader.mayManage && meeting.convenerUserId !== reader.userId) throw new DomainError(404, 'not found')
  await deps.audit.append({ situationId: reader.situationId, userId: reader.userId, action: 'export.minutes', target: meeting.id, detail: { easy: true }, address: reader.address })
  const model = await minutesModel(deps, reader.situationId, meeting.id, { withPersonViews: reader.withPersonViews })
  const easy = await easyMinutes(deps, reader.situationId, meeting.id, model)
  return reader.withPersonViews ? easy : { ...easy, coEvaluation: easy.coEvaluation.map((goal) => ({ ...goal, person: null })) }
}
