import { PlanSections } from '../plan/PlanSections.tsx'
import { VersionsRoute } from '../versions/VersionsRoute.tsx'

/**
 * The versions route composed with the plan's sections, which a validated version renders
 * read-only: client/versions does not import client/plan, so the two meet here (decision 015).
 * One module, loaded on demand by App.tsx: the sections come with the route rather than through
 * a second lazy load inside the version's page (a TipTap editor mounted under a Suspense boundary
 * that resolved later failed in the read-only editors).
 */
export function VersionsWithPlan({ situationId, versionId }: { situationId: string; versionId: string | null }) {
  return <VersionsRoute situationId={situationId} versionId={versionId} planSections={PlanSections} />
}
