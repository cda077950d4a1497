import { z } from 'zod'
import { CALENDAR_DATE_MESSAGE, isCalendarDate } from '../../shared/domain/dates.ts'

/**
 * The zod field for a `YYYY-MM-DD` day: a real calendar date, not only its
 * pattern (2026-02-30 is refused with 400 naming the field), so no impossible
 * day is ever stored and breaks an export later.
 */
export const calendarDate = () => z.string().refine(isCalendarDate, CALENDAR_DATE_MESSAGE)
