/**
 * Login throttling that cannot lock the owner out (issue 14): failures are
 * counted per (account, address) pair, never per account alone (an attacker
 * elsewhere would lock the owner out) nor per address alone (behind a proxy
 * or a hospital NAT everyone shares one). After a few free failures each
 * further failure doubles the wait before the pair may try again, up to a
 * cap; a success clears the pair. In memory: a restart forgives, which is
 * acceptable for one node; a cluster moves this to the shared store.
 */
export interface LoginThrottleOptions {
  /** Failures allowed without any wait. */
  freeFailures?: number
  /** The longest wait, in ms. */
  maxWaitMs?: number
  /** A pair with no failure for this long is forgotten. */
  forgetAfterMs?: number
  /** Bound on remembered pairs; the oldest are forgotten first. */
  maxPairs?: number
  now?: () => number
}

interface PairState {
  failures: number
  last: number
}

export function createLoginThrottle({
  freeFailures = 5,
  maxWaitMs = 15 * 60_000,
  forgetAfterMs = 60 * 60_000,
  maxPairs = 100_000,
  now = Date.now,
}: LoginThrottleOptions = {}) {
  const pairs = new Map<string, PairState>()
  const pairKey = (account: string, address: string) => `${account.toLowerCase()}\u0000${address}`
  const current = (key: string): PairState | undefined => {
    const state = pairs.get(key)
    if (state && now() - state.last > forgetAfterMs) {
      pairs.delete(key)
      return undefined
    }
    return state
  }
  /** The wait after `failures` failures: 0 for the free ones, then 1 s, 2 s, 4 s … up to the cap. */
  const waitMs = (failures: number) => (failures < freeFailures ? 0 : Math.min(1000 * 2 ** (failures - freeFailures), maxWaitMs))
  return {
    /** Seconds this pair must still wait before its next attempt (0: may try now). */
    waitSeconds(account: string, address: string): number {
      const state = current(pairKey(account, address))
      if (!state) return 0
      const remaining = state.last + waitMs(state.failures) - now()
      return remaining > 0 ? Math.ceil(remaining / 1000) : 0
    },
    recordFailure(account: string, address: string): void {
      const key = pairKey(account, address)
      const state = current(key) ?? { failures: 0, last: 0 }
      pairs.delete(key) // re-inserted last: the Map's order is the age order
      pairs.set(key, { failures: state.failures + 1, last: now() })
      if (pairs.size > maxPairs) pairs.delete(pairs.keys().next().value!)
    },
    reset(account: string, address: string): void {
      pairs.delete(pairKey(account, address))
    },
  }
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>
