/**
 * Counts failed login attempts only, per key (account, address), in a
 * sliding window. In memory: a restart forgives, which is acceptable for one
 * node; a multi-node deployment moves this to the shared store.
 */
export interface FailureLimiterOptions {
  maxFailures: number
  windowMs: number
  now?: () => number
}

export function createFailureLimiter({ maxFailures, windowMs, now = Date.now }: FailureLimiterOptions) {
  const failures = new Map<string, number[]>()
  const recent = (key: string): number[] => {
    const cutoff = now() - windowMs
    const list = (failures.get(key) ?? []).filter((at) => at > cutoff)
    if (list.length === 0) failures.delete(key)
    else failures.set(key, list)
    return list
  }
  return {
    isBlocked: (key: string): boolean => recent(key).length >= maxFailures,
    recordFailure(key: string): void {
      const list = recent(key)
      list.push(now())
      failures.set(key, list)
    },
    reset: (key: string): void => void failures.delete(key),
    /** Seconds until the oldest counted failure leaves the window. */
    retryAfterSeconds(key: string): number {
      const list = recent(key)
      return list.length === 0 ? 0 : Math.ceil((list[0]! + windowMs - now()) / 1000)
    },
  }
}
export type FailureLimiter = ReturnType<typeof createFailureLimiter>
