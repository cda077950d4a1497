/**
 * The `reason` of a `503` from a cluster node that does not serve the
 * situation (server/cluster/situation-gate.ts). Nothing of the request ran
 * there, so a client sends it again after `Retry-After`, a `POST` included:
 * nginx passes GETs and upgrades on to the next node itself, not a `POST`
 * (decision 017).
 */
export const SERVED_ELSEWHERE = 'served-elsewhere'

/** The body of that `503`, the same from the situation's API calls and from its sync upgrade. */
export const SERVED_ELSEWHERE_BODY = { error: 'situation served by another node', reason: SERVED_ELSEWHERE } as const
