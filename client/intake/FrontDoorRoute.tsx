import type { Route } from '../app/router.ts'
import { RequestsPage } from './RequestsPage.tsx'
import { NewRequestPage } from './NewRequestPage.tsx'
import { RequestPage } from './RequestPage.tsx'
import { CirclePage } from '../circle/CirclePage.tsx'
import { AuditPage } from '../audit/AuditPage.tsx'
import { ChoicesPage } from '../person/ChoicesPage.tsx'
import './strings.ts'
import './front-door.css'

/** The front door's pages, loaded on demand: intake, circle, audit trail and the person's choices. */
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
