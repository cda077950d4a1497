/** Hash routes of meeting mode and of the versions panel (parsed in client/app/router.ts). */
export const meetingsHref = (situationId: string): string => `#/situations/${situationId}/reunions`
export const meetingHref = (situationId: string, meetingId: string): string => `#/situations/${situationId}/reunions/${encodeURIComponent(meetingId)}`
export const versionsHref = (situationId: string): string => `#/situations/${situationId}/versions`
export const versionHref = (situationId: string, versionId: string): string => `#/situations/${situationId}/versions/${encodeURIComponent(versionId)}`
