import { useSyncExternalStore } from 'react'

/**
 * A hash router in a few lines: the server only has to serve `/`, and a
 * reload keeps the page. Routes:
 * - `#/` situations, `#/actions` my actions;
 * - `#/situations/<id>` the plan (optionally `?row=<rowId>` to scroll to a row);
 * - `#/situations/<id>/moi` the person's own view, `#/situations/<id>/facile` the easy-read plan;
 * - the path `/invitation/<token>` (served as index.html by the server) accepts an invitation.
 */
export type Route =
  | { name: 'situations' }
  | { name: 'actions' }
  | { name: 'situation'; situationId: string; rowId: string | null }
  | { name: 'person'; situationId: string }
  | { name: 'easyRead'; situationId: string }
  | { name: 'invitation'; token: string }
  | { name: 'versions'; situationId: string; versionId: string | null }
  | { name: 'meetings'; situationId: string; meetingId: string | null }
  | { name: 'todo' }
  | { name: 'coEvaluation'; situationId: string }
  | { name: 'easyMinutes'; situationId: string; meetingId: string }
  | { name: 'requests' }
  | { name: 'newRequest' }
  | { name: 'request'; requestId: string }
  | { name: 'circle'; situationId: string }
  | { name: 'audit'; situationId: string }
  | { name: 'choices'; situationId: string }
  | { name: 'account' }
  | { name: 'observatory' }

/** `#/situations/<id>/versions[/<versionId>]` and `#/situations/<id>/reunions[/<meetingId>]` (client/versions, client/meeting). */
const SITUATION_PANEL = /^#\/situations\/([A-Za-z0-9_-]+)\/(versions|reunions)(?:\/([A-Za-z0-9_-]+))?\/?$/

const SITUATION = /^#\/situations\/([A-Za-z0-9_-]+)(?:\/(moi|facile))?\/?(?:\?(.*))?$/

export function parseRoute(hash: string, pathname = '/'): Route {
  const invitation = /^\/invitation\/([A-Za-z0-9._-]+)\/?$/.exec(pathname)
  if (invitation) return { name: 'invitation', token: invitation[1]! }
  if (/^#\/actions\/?$/.test(hash)) return { name: 'actions' }
  // "Mon compte" (issue 14); the sign-on callback adds `?sso=…`.
  if (/^#\/compte\/?(?:\?.*)?$/.test(hash)) return { name: 'account' }
  const followUp = parseFollowUpRoute(hash)
  if (followUp) return followUp
  const frontDoor = parseFrontDoorRoute(hash)
  if (frontDoor) return frontDoor
  // The territory's observatory (issue 19), for pilots only (the API answers 403 to others).
  if (/^#\/observatoire\/?$/.test(hash)) return { name: 'observatory' }
  const panel = SITUATION_PANEL.exec(hash)
  if (panel)
    return panel[2] === 'versions'
      ? { name: 'versions', situationId: panel[1]!, versionId: panel[3] ?? null }
      : { name: 'meetings', situationId: panel[1]!, meetingId: panel[3] ?? null }
  const match = SITUATION.exec(hash)
  if (match) {
    const situationId = match[1]!
    if (match[2] === 'moi') return { name: 'person', situationId }
    if (match[2] === 'facile') return { name: 'easyRead', situationId }
    const rowId = new URLSearchParams(match[3] ?? '').get('row')
    return { name: 'situation', situationId, rowId: rowId && /^[A-Za-z0-9_-]+$/.test(rowId) ? rowId : null }
  }
  return { name: 'situations' }
}

/**
 * The follow-up (client/todo, client/easy): `#/a-faire`, `#/situations/<id>/co-evaluation`
 * (the person's own rating) and `#/situations/<id>/reunions/<meetingId>/facile` (easy-read minutes).
 */
function parseFollowUpRoute(hash: string): Route | null {
  if (/^#\/a-faire\/?$/.test(hash)) return { name: 'todo' }
  const coEvaluation = /^#\/situations\/([A-Za-z0-9_-]+)\/co-evaluation\/?$/.exec(hash)
  if (coEvaluation) return { name: 'coEvaluation', situationId: coEvaluation[1]! }
  const minutes = /^#\/situations\/([A-Za-z0-9_-]+)\/reunions\/([A-Za-z0-9_-]+)\/facile\/?$/.exec(hash)
  if (minutes) return { name: 'easyMinutes', situationId: minutes[1]!, meetingId: minutes[2]! }
  return null
}

/**
 * The front door (client/intake, client/circle, client/audit, client/person):
 * `#/demandes`, `#/demandes/nouvelle`, `#/demandes/<id>`, and per situation
 * `/cercle`, `/journal`, `/moi/choix`.
 */
function parseFrontDoorRoute(hash: string): Route | null {
  if (/^#\/demandes\/?$/.test(hash)) return { name: 'requests' }
  if (/^#\/demandes\/nouvelle\/?$/.test(hash)) return { name: 'newRequest' }
  const request = /^#\/demandes\/([A-Za-z0-9_-]+)\/?$/.exec(hash)
  if (request) return { name: 'request', requestId: request[1]! }
  const panel = /^#\/situations\/([A-Za-z0-9_-]+)\/(cercle|journal|moi\/choix)\/?$/.exec(hash)
  if (panel) return { name: panel[2] === 'cercle' ? 'circle' : panel[2] === 'journal' ? 'audit' : 'choices', situationId: panel[1]! }
  return null
}

export const requestsHref = '#/demandes'
export const newRequestHref = '#/demandes/nouvelle'
export const requestHref = (requestId: string): string => `#/demandes/${requestId}`
export const circleHref = (situationId: string): string => `#/situations/${situationId}/cercle`
export const auditHref = (situationId: string): string => `#/situations/${situationId}/journal`
export const choicesHref = (situationId: string): string => `#/situations/${situationId}/moi/choix`

export const situationHref = (situationId: string): string => `#/situations/${situationId}`
export const rowHref = (situationId: string, rowId: string): string => `#/situations/${situationId}?row=${encodeURIComponent(rowId)}`
export const personHref = (situationId: string): string => `#/situations/${situationId}/moi`
export const easyReadHref = (situationId: string): string => `#/situations/${situationId}/facile`
export const actionsHref = '#/actions'
export const accountHref = '#/compte'

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener)
  window.addEventListener('popstate', listener)
  return () => {
    window.removeEventListener('hashchange', listener)
    window.removeEventListener('popstate', listener)
  }
}

const snapshot = () => `${window.location.pathname}${window.location.hash}`

export function useRoute(): Route {
  useSyncExternalStore(subscribe, snapshot)
  return parseRoute(window.location.hash, window.location.pathname)
}

export const navigate = (hash: string): void => {
  // Leaving /invitation/<token> for a hash route: back to the root path.
  if (window.location.pathname !== '/') window.history.pushState(null, '', `/${hash}`)
  else window.location.hash = hash
  window.dispatchEvent(new HashChangeEvent('hashchange'))
}
