import { fetchSituation } from '../api/situations.ts'
import { ApiError } from '../api/http.ts'
import { clearLocalCopies } from '../collab/local-copies.ts'

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404

/**
 * The situation record (membership and rights) as a query: `['situations', id]`, the prefix of
 * every key of that situation, so invalidating it re-reads all of them. A 404 also clears this
 * device's copies of the situation (the reader is no longer a member, or it is gone).
 */
export const situationQuery = (situationId: string) => ({
  queryKey: ['situations', situationId] as const,
  queryFn: () =>
    fetchSituation(situationId).catch((error: unknown) => {
      if (isNotFound(error)) void clearLocalCopies({ situationId })
      throw error
    }),
})
