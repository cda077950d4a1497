/**
 * The follow-up's hash routes (client/todo, client/easy):
 * `#/a-faire`, `#/situations/<id>/co-evaluation` (the person's own rating)
 * and `#/situations/<id>/reunions/<meetingId>/facile` (easy-read minutes).
 */
export type FollowUpRoute =
  | { name: 'todo' }
  | { name: 'coEvaluation'; situationId: string }
  | { name: 'easyMinutes'; situationId: string; meetingId: string }

export function parseFollowUpRoute(hash: string): FollowUpRoute | null {
  if (/^#\/a-faire\/?$/.test(hash)) return { name: 'todo' }
  const coEvaluation = /^#\/situations\/([A-Za-z0-9_-]+)\/co-evaluation\/?$/.exec(hash)
  if (coEvaluation) return { name: 'coEvaluation', situationId: coEvaluation[1]! }
  const minutes = /^#\/situations\/([A-Za-z0-9_-]+)\/reunions\/([A-Za-z0-9_-]+)\/facile\/?$/.exec(hash)
  if (minutes) return { name: 'easyMinutes', situationId: minutes[1]!, meetingId: minutes[2]! }
  return null
}

export const todoHref = '#/a-faire'
export const coEvaluationHref = (situationId: string): string => `#/situations/${situationId}/co-evaluation`
export const easyMinutesHref = (situationId: string, meetingId: string): string => `#/situations/${situationId}/reunions/${meetingId}/facile`
