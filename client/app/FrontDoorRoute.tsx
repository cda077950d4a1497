import type { Route } from './router.ts'
import { RequestsPage } from '../intake/RequestsPage.tsx'
import { NewRequestPage } from '../intake/NewRequestPage.tsx'
import { RequestPage } from '../intake/RequestPage.tsx'
import { CirclePage } from '../circle/CirclePage.tsx'
import { AuditPage } from '../audit/AuditPage.tsx'
import { ChoicesPage } from '../person/ChoicesPage.tsx'

/**
 * The front door's pages, loaded on demand: intake, circle, audit trail and the person's choices.
 * A router of four features, so it lives in app/ (their catalogs are registered by app/i18n.ts and
 * the front door's styles loaded by App.tsx).
 */
export function FrontDoorRoute({ route }: { route: Route }) {
  switch (route.name) {
    case 'requests':
      return <RequestsPage />
    case 'newRequest':
      return <NewRequestPage />
    case 'request':
      return <RequestPage key={route.requestId} requestId={route.requestId} />
    case 'circle':
      return <CirclePage key={route.situationId} situationId={route.situationId} />
    case 'audit':
      return <AuditPage key={route.situationId} situationId={route.situationId} />
    case 'choices':
      return <ChoicesPage key={route.situationId} situationId={route.situationId} />
    default:
      return null
  }
}
