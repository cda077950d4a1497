import { SERVED_ELSEWHERE } from '../../shared/protocol/served-elsewhere.ts'

/** A failed HTTP call, carrying the status so callers can tell 401 from 404. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** A machine-readable reason some answers carry (`expired`, `used`…). */
    readonly reason: string | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Listeners told when any call answers 401 (the session ended elsewhere). */
const unauthenticatedListeners = new Set<() => void>()
export const onUnauthenticated = (listener: () => void): (() => void) => {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

/** How many times a call answered "served by another node" is sent again (a cluster hands the situation over within a second). */
const SERVED_ELSEWHERE_RETRIES = 3

const retryAfterMs = (response: Response): number => {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 5) * 1000 : 1000
}

/**
 * Same-origin JSON request; the session cookie rides along. A `503` whose
 * reason is SERVED_ELSEWHERE (a cluster node that does not serve the
 * situation: nothing ran) is sent again after `Retry-After`, a few times.
 * @example const me = await request<Me>('GET', '/api/me')
 */
export async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (response.ok) {
      if (response.status === 204) return undefined as T
      return (await response.json()) as T
    }
    if (response.status === 401 && !options.quiet401) for (const listener of unauthenticatedListeners) listener()
    let message = response.statusText
    let reason: string | null = null
    try {
      const data = (await response.json()) as { error?: unknown; reason?: unknown }
      if (typeof data.error === 'string') message = data.error
      if (typeof data.reason === 'string') reason = data.reason
    } catch {
      // not JSON: keep the status text
    }
    if (response.status === 503 && reason === SERVED_ELSEWHERE && attempt < SERVED_ELSEWHERE_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs(response)))
      continue
    }
    throw new ApiError(response.status, message, reason)
  }
}
