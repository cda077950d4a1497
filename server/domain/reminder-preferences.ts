import type { UserPreferenceRows } from '../storage/user-preferences.ts'

export interface ReminderPreferenceDeps {
  preferences: Pick<UserPreferenceRows, 'digest' | 'setDigest'>
}

/** Whether the user gets the daily "À faire" digest by mail. */
export const digestWanted = (deps: ReminderPreferenceDeps, userId: string): Promise<boolean> => deps.preferences.digest(userId)

/** The user turns the daily digest on or off (their own preference only: the caller passes the session's user). */
export async function chooseDigest(deps: ReminderPreferenceDeps, userId: string, digest: boolean, now = new Date()): Promise<boolean> {
  await deps.preferences.setDigest(userId, digest, now.toISOString())
  return digest
}
