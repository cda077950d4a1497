/** Hash routes of meeting mode, the versions panel and the follow-up (parsed in client/app/router.ts). */
export const meetingsHref = (situationId: string): string => `#/situations/${situationId}/reunions`
export const meetingHref = (situationId: string, meetingId: string): string => `#/situations/${situationId}/reunions/${encodeURIComponent(meetingId)}`
export const versionsHref = (situationId: string): string => `#/situations/${situationId}/versions`
export const versionHref = (situationId: string, versionId: string): string => `#/situations/${situationId}/versions/${encodeURIComponent(versionId)}`
export const todoHref = '#/a-faire'
/** The person's own rating of their goals. */
export const coEvaluationHref = (situationId: string): string => `#/situations/${situationId}/co-evaluation`
export const easyMinutesHref = (situationId: string, meetingId: string): string => `#/situations/${situationId}/reunions/${meetingId}/facile`
