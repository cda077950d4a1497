import { SituationLoader } from '../situation/SituationLoader.tsx'
import { VersionsPage } from './VersionsPage.tsx'
import { VersionView } from './VersionView.tsx'
import '../meeting/meeting.css'
import './versions.css'

/** Route `#/situations/<id>/versions[/<versionId>]`: the list, or one version read-only. */
export function VersionsRoute({ situationId, versionId }: { situationId: string; versionId: string | null }) {
  return (
    <SituationLoader situationId={situationId}>
      {(situation) => (versionId ? <VersionView key={versionId} situation={situation} versionId={versionId} /> : <VersionsPage situation={situation} />)}
    </SituationLoader>
  )
}
