import type { ComponentType } from 'react'
import { SituationLoader } from '../situation/SituationLoader.tsx'
import { VersionsPage } from './VersionsPage.tsx'
import { VersionView } from './VersionView.tsx'
import './versions.css'

/**
 * Route `#/situations/<id>/versions[/<versionId>]`: the list, or one version read-only. `planSections`
 * renders the plan's parts inside a PlanContext (given by client/app: the plan is another feature).
 */
export function VersionsRoute({ situationId, versionId, planSections }: { situationId: string; versionId: string | null; planSections: ComponentType }) {
  return (
    <SituationLoader situationId={situationId}>
      {(situation) => (versionId ? <VersionView key={versionId} situation={situation} versionId={versionId} planSections={planSections} /> : <VersionsPage situation={situation} />)}
    </SituationLoader>
  )
}
