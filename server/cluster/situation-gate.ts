import type { Context, Env, MiddlewareHandler } from 'hono'
import type { Logger } from '../log.ts'
import { SERVED_ELSEWHERE_BODY } from '../../shared/protocol/served-elsewhere.ts'

export interface SituationGateOptions<E extends Env> {
  /** The situation this request is about, when it is one this node should check (a member's call); null lets it through. */
  situationOf(c: Context<E>): string | null | Promise<string | null>
  /** Whether this node serves the situation (ClusterNode.serve). */
  serve(situationId: string): Promise<boolean>
  log?: Logger
}

const notServedHere = (): Response =>
  new Response(JSON.stringify(SERVED_ELSEWHERE_BODY), {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': '1' },
  })

/**
 * Cluster mode: a situation's calls (`/api/situations/<id>/...`) are answered
 * only by the node that owns it, since they may change or read its live
 * documents. Another node answers 503 with Retry-After: nginx tries the next
 * node for a GET; a POST is not retried by nginx (decision 017), the client
 * retries after Retry-After. A call whose live document turned out to be
 * served elsewhere meanwhile (its room's write was fenced: RoomSuperseded,
 * told apart by name since this layer does not import sync) gets the same
 * answer instead of a 500.
 * @example app.use('/api/situations/:id/*', situationGate({ situationOf, serve: cluster.serve }))
 */
export function situationGate<E extends Env>({ situationOf, serve, log }: SituationGateOptions<E>): MiddlewareHandler<E> {
  return async (c, next) => {
    const situationId = await situationOf(c)
    if (situationId !== null) {
      let served = false
      try {
        served = await serve(situationId)
      } catch (error) {
        log?.warn('situation ownership could not be checked', { situationId, error: (error as Error).message })
      }
      if (!served) return notServedHere()
    }
    await next()
    if (c.error?.name === 'RoomSuperseded') {
      c.res = undefined
      c.res = notServedHere()
    }
  }
}
