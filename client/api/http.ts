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

/**
 * Same-origin JSON request; the session cookie rides along.
 * @example const me = await request<Me>('GET', '/api/me')
 */
export async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) {
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
    throw new ApiError(response.status, message, reason)
  }
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}
