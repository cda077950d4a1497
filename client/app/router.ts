import { useSyncExternalStore } from 'react'

/**
 * A hash router in a few lines: the server only has to serve `/`, and a
 * reload keeps the page. Routes: `#/` (situations) and `#/situations/<id>`.
 */
export type Route = { name: 'situations' } | { name: 'situation'; situationId: string }

export function parseRoute(hash: string): Route {
  const match = /^#\/situations\/([A-Za-z0-9_-]+)\/?$/.exec(hash)
  if (match) return { name: 'situation', situationId: match[1]! }
  return { name: 'situations' }
}

export const situationHref = (situationId: string): string => `#/situations/${situationId}`

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseRoute(hash)
}

export const navigate = (hash: string): void => {
  window.location.hash = hash
}
