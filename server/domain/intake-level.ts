import { nanoid } from 'nanoid'
import { todayInParis } from '../../shared/domain/dates.ts'
import type { RecordRows } from '../storage/records.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'

/** The response levels in the words DACs and PCPEs use, for the life line (stored text, French first). */
export const RESPONSE_LEVEL_LABELS_FR: Record<ResponseLevel, string> = {
  1: 'information et orientation',
  2: 'appui ponctuel au professionnel',
  3: 'coordination',
  4: 'gestion de cas intensive',
}

/** The level change on the life line, in the words the field uses. */
export async function recordLevelEvent(deps: { records: RecordRows }, situationId: string, level: ResponseLevel | null, userId: string, now = new Date()): Promise<void> {
  await deps.records.insertEvent({
    id: nanoid(12),
    situationId,
    date: todayInParis(now),
    kind: 'event',
    title: level === null ? 'Niveau de réponse retiré' : `Niveau de réponse ${level} : ${RESPONSE_LEVEL_LABELS_FR[level]}`,
    detail: '',
    createdBy: userId,
    createdAt: now.toISOString(),
  })
}
