import { renderMinutesHtml } from '../export/minutes-html.ts'
import { renderMinutesPdf } from '../export/pdf/minutes-pdf.ts'
import { DomainError } from './errors.ts'
import { minutesModel, type MeetingDeps, type MinutesModel } from './meetings.ts'

/**
 * The minutes of an ended meeting for one reader, audited as `export.minutes`.
 * A draft (not yet published) is read only by who may run the meeting: the
 * coordinator or its convener; anyone else, like an unknown meeting, gets 404.
 * The person's and relatives' views appear only for who reads the person part live.
 */
export async function readMinutes(
  deps: MeetingDeps,
  input: { situationId: string; meetingId: string; userId: string; mayManage: boolean; withPersonViews: boolean; address?: string | null },
): Promise<MinutesModel> {
  const meeting = await deps.meetings.byId(input.situationId, input.meetingId)
  if (!meeting || meeting.status !== 'ended') throw new DomainError(404, 'not found')
  const mayDraft = input.mayManage || meeting.convenerUserId === input.userId
  if (!meeting.publishedAt && !mayDraft) throw new DomainError(404, 'not found')
  await deps.audit.append({ situationId: input.situationId, userId: input.userId, action: 'export.minutes', target: meeting.id, address: input.address })
  return await minutesModel(deps, input.situationId, meeting.id, { withPersonViews: input.withPersonViews })
}

/** The minutes as an HTML page (escaped text only). */
export const minutesHtml = (model: MinutesModel): string => renderMinutesHtml(model)

/** The minutes as a PDF. */
export async function minutesPdf(model: MinutesModel): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await renderMinutesPdf(model))
}
