import { ReviewPanel } from '../situation/ReviewPanel.tsx'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import * as Y from 'yjs'
import { planRoots } from '../../shared/schema/plan.ts'
import { keepRowsOnUndo } from '../../shared/schema/rows.ts'
import type { SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { auditHref, choicesHref, circleHref, easyReadHref, personHref } from '../app/router.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import { ClosedBanner, type SituationFacts } from '../ui/closed-banner.tsx'
import { useMe, useSession } from '../app/session.tsx'
import { useConnectionStatus, type ClosedReason } from '../collab/connection-status.ts'
import { colorFor, setFocus, usePresence, type PresenceUser } from '../collab/presence.ts'
import { useCollabDoc, useDocReady } from '../collab/use-collab-doc.ts'
import { Badge, Button, LiveRegion, Notice, Spinner } from '../ui/primitives.tsx'
import { SituationLoader } from '../situation/SituationLoader.tsx'
import { usePlanAnnouncement } from './plan-announcement.ts'
import { useScrollToRow } from './scroll-to-row.ts'
import { CircleHeader } from './CircleHeader.tsx'
import { ConnectionBanner } from '../situation/ConnectionBanner.tsx'
import { HealthPanel } from './HealthPanel.tsx'
import { PlanContext, type PlanContextValue } from '../situation/plan-context.tsx'
import { PresenceBar } from '../situation/PresenceBar.tsx'
import { PlanSections } from './PlanSections.tsx'
import { TimelinePanel } from './TimelinePanel.tsx'
import { ConsentPanel } from './ConsentPanel.tsx'
import { AgreementPanel } from './AgreementPanel.tsx'
import { SituationMeetingLinks } from '../situation/SituationLinks.tsx'
import { isPersonSide, mayReadAuditTrail, speaksForPerson } from '../../shared/domain/roles.ts'

/** My undo/redo over the structured rows: only changes made with my local origin. */
function useUndoManager(doc: Y.Doc | null, origin: unknown) {
  const [manager, setManager] = useState<Y.UndoManager | null>(null)
  const [stacks, setStacks] = useState({ undo: 0, redo: 0 })
  useEffect(() => {
    if (!doc) return
    const roots = planRoots(doc)
    const rows = [roots.goals, roots.actions, roots.unmet]
    const undoManager = new Y.UndoManager(rows, { trackedOrigins: new Set([origin]), captureTimeout: 600, deleteFilter: keepRowsOnUndo(rows) })
    const update = () => setStacks({ undo: undoManager.undoStack.length, redo: undoManager.redoStack.length })
    undoManager.on('stack-item-added', update)
    undoManager.on('stack-item-popped', update)
    undoManager.on('stack-cleared', update)
    setManager(undoManager)
    return () => {
      setManager(null)
      undoManager.destroy()
    }
  }, [doc, origin])
  return { manager, stacks }
}

function PlanWorkspace({ situation, rowId }: { situation: SituationDetail; rowId: string | null }) {
  const { t, i18n } = useTranslation()
  const { t: tf } = useTranslation(NAMESPACES.front)
  const facts = situation as SituationFacts
  const me = useMe()
  const { expire } = useSession()
  const user = useMemo<PresenceUser>(() => ({ id: me.id, name: me.name, role: situation.role, color: colorFor(me.id) }), [me.id, me.name, situation.role])
  const onClosed = useCallback((reason: ClosedReason) => reason === 'unauthenticated' && expire(), [expire])
  const collab = useCollabDoc(situation.id, 'plan', user, { readOnly: situation.access.plan !== 'write' })
  const status = useConnectionStatus(collab?.provider ?? null, situation.id, onClosed)
  const synced = useDocReady(collab)
  // The person's section, read-only here: their view is shown beside each goal and action, live.
  const personCollab = useCollabDoc(situation.id, 'person', situation.access.person === 'none' ? null : user, { readOnly: true })
  const announcement = usePlanAnnouncement(collab)
  const peers = usePresence(collab?.provider.awareness ?? null)
  const { manager: undoManager, stacks } = useUndoManager(collab?.doc ?? null, collab?.origin)
  const [showRemoved, setShowRemoved] = useState(false)
  const readOnly = situation.access.plan !== 'write' || status.state === 'closed'
  const labels = (part: 'person') => t(`parts.${situation.kind}.${part}`)

  const context = useMemo<PlanContextValue | null>(() => {
    if (!collab || !undoManager) return null
    const awareness = collab.provider.awareness
    return {
      writer: { doc: collab.doc, origin: collab.origin, author: () => ({ userId: me.id }) },
      provider: collab.provider,
      personDoc: personCollab?.doc ?? null,
      undoManager,
      user,
      kind: situation.kind,
      readOnly,
      members: situation.members,
      peers,
      showRemoved,
      focus: (path) => setFocus(awareness, path ? { part: 'plan', path } : null),
    }
  }, [collab, personCollab, undoManager, user, situation.kind, situation.members, readOnly, peers, showRemoved, me.id])
  useScrollToRow(rowId, Boolean(context && synced))

  useEffect(() => {
    document.title = `${situation.title} — ${t('app.name')}`
  }, [situation.title, t])

  return (
    <main id="main" className="page page-wide situation-page">
      <header className="situation-header">
        <div>
          <p className="eyebrow">
            <Badge tone="blue" title={t(`kind.${situation.kind}`)}>
              {t(`kind.short.${situation.kind}`)}
            </Badge>{' '}
            <span className="muted">{t(`kind.${situation.kind}`)}</span>
          </p>
          <h1>{situation.title}</h1>
          <p className="muted">
            {situation.reviewDate ? t('situation.reviewDate', { date: formatDate(situation.reviewDate, i18n.language) }) : t('situation.noReviewDate')}
          </p>
          <p className="situation-links">
            {isPersonSide(situation.role) && <a href={personHref(situation.id)}>{t('situation.personSpace')}</a>}
            <a href={easyReadHref(situation.id)}>{t('situation.easyRead')}</a>
            {situation.access.plan !== 'none' && <SituationMeetingLinks situationId={situation.id} />}
            <a href={circleHref(situation.id)}>{tf('nav.circle')}</a>
            {mayReadAuditTrail(situation.role) && <a href={auditHref(situation.id)}>{tf('nav.audit')}</a>}
            {speaksForPerson(situation.role) && <a href={choicesHref(situation.id)}>{tf('nav.myChoices')}</a>}
          </p>
        </div>
        <ConnectionBanner status={status} onLogin={expire} />
      </header>
      <ClosedBanner situation={facts} />
      {situation.access.plan === 'read' && situation.status === 'open' && <Notice tone="info">{t('situation.readOnly')}</Notice>}
      <LiveRegion message={announcement} />

      <div className="workspace">
        <div className="workspace-main">
          <div data-part="plan" data-readonly={readOnly ? 'true' : 'false'} className="plan">
            <CircleHeader situation={situation} title={labels('person')} />
            <AgreementPanel situation={situation} />
            {!context || !synced ? (
              status.state !== 'closed' && <Spinner label={t('situation.waitingSync')} />
            ) : (
              <PlanContext.Provider value={context}>
                {!readOnly && (
                  <div className="plan-toolbar" role="toolbar" aria-label={t('rows.undo')}>
                    <Button variant="ghost" disabled={stacks.undo === 0} onClick={() => undoManager?.undo()}>
                      ↶ {t('rows.undo')}
                    </Button>
                    <Button variant="ghost" disabled={stacks.redo === 0} onClick={() => undoManager?.redo()}>
                      ↷ {t('rows.redo')}
                    </Button>
                    <label className="toggle">
                      <input type="checkbox" checked={showRemoved} onChange={(event) => setShowRemoved(event.target.checked)} /> {t('rows.showRemoved')}
                    </label>
                  </div>
                )}
                <PlanSections />
              </PlanContext.Provider>
            )}
          </div>
          {situation.access.health !== 'none' && (
            <HealthPanel situationId={situation.id} user={user} readOnly={situation.access.health !== 'write'} onClosed={onClosed} />
          )}
          <TimelinePanel situation={situation} />
          {situation.access.plan !== 'none' && <ReviewPanel situation={situation} />}
          <ConsentPanel situation={situation} />
        </div>
        <aside className="workspace-side">{collab && <PresenceBar peers={peers} doc={collab.doc} />}</aside>
      </div>
    </main>
  )
}

/** The situation page: loads the membership (access rights), then the live plan. */
export function SituationPage({ situationId, rowId = null }: { situationId: string; rowId?: string | null }) {
  return (
    <SituationLoader situationId={situationId}>
      {(situation) => ((situation as SituationFacts).erasedAt ? <ErasedSituation situation={situation} /> : <PlanWorkspace situation={situation} rowId={rowId} />)}
    </SituationLoader>
  )
}

/** An erased situation has no plan left to open: it says so and leads to what is kept (the audit trail). */
function ErasedSituation({ situation }: { situation: SituationDetail }) {
  const { t: tf } = useTranslation(NAMESPACES.front)
  return (
    <main id="main" className="page">
      <h1>{situation.title}</h1>
      <ClosedBanner situation={situation as SituationFacts} />
      {mayReadAuditTrail(situation.role) && <a href={auditHref(situation.id)}>{tf('nav.audit')}</a>}
    </main>
  )
}
