import { request } from './http.ts'
import type { SituationDetail, SituationSummary } from './types.ts'

export const fetchSituations = (): Promise<SituationSummary[]> => request<SituationSummary[]>('GET', '/api/situations')

/** Rejects with ApiError(404) when the caller is not a member (or the id is unknown). */
export const fetchSituation = (situationId: string): Promise<SituationDetail> =>
  request<SituationDetail>('GET', `/api/situations/${encodeURIComponent(situationId)}`)
