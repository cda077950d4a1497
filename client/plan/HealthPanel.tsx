import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { healthRoots } from '../../shared/schema/person.ts'
import { useConnectionStatus, type ClosedReason } from '../collab/connection-status.ts'
import { setFocus, type PresenceUser } from '../collab/presence.ts'
import { useCollabDoc, useDocReady } from '../collab/use-collab-doc.ts'
import { RichTextEditor } from '../editor/RichTextEditor.tsx'
import { Spinner } from '../ui/primitives.tsx'
import { ConnectionBanner } from '../situation/ConnectionBanner.tsx'

/** The clinical part `<id>/health`, in its own panel and its own document (its own permission boundary). */
export function HealthPanel({ situationId, user, readOnly, onClosed }: { situationId: string; user: PresenceUser; readOnly: boolean; onClosed: (reason: ClosedReason) => void }) {
  const { t } = useTranslation()
  const collab = useCollabDoc(situationId, 'health', user, { readOnly })
  const status = useConnectionStatus(collab?.provider ?? null, situationId, onClosed)
  const synced = useDocReady(collab)
  const awareness = collab?.provider.awareness
  const onFocus = useCallback(() => awareness && setFocus(awareness, { part: 'health', path: 'notes' }), [awareness])
  const onBlur = useCallback(() => awareness && setFocus(awareness, null), [awareness])
  return (
    <section className="plan-section health-panel" data-part="health" aria-labelledby="section-health">
      <div className="section-title-row">
        <h2 id="section-health">{t('parts.health')}</h2>
        {status.state !== 'connected' && <ConnectionBanner status={status} onLogin={() => window.location.reload()} />}
      </div>
      <p className="muted small" id="health-hint">
        {t('parts.healthHint')}
      </p>
      {collab && synced ? (
        <RichTextEditor
          fragment={healthRoots(collab.doc).notes}
          provider={collab.provider}
          user={user}
          readOnly={readOnly || status.state === 'closed'}
          label={t('parts.health')}
          describedBy="health-hint"
          onFocus={onFocus}
          onBlur={onBlur}
        />
      ) : (
        status.state !== 'closed' && <Spinner label={t('app.loading')} />
      )}
    </section>
  )
}
