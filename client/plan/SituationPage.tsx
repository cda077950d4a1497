import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import * as Y from 'yjs'
import { planRoots } from '../../shared/schema/plan.ts'
import { fetchSituation } from '../api/situations.ts'
import { ApiError } from '../api/http.ts'
import type { SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { useMe, useSession } from '../app/session.tsx'
import { useConnectionStatus, useSynced, type ClosedReason } from '../collab/connection-status.ts'
import { colorFor, setFocus, usePresence, type PresenceUser } from '../collab/presence.ts'
import { useCollabDoc } from '../collab/use-collab-doc.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { AssessmentSection } from './AssessmentSection.tsx'
import { CircleHeader } from './CircleHeader.tsx'
import { ConnectionBanner } from './ConnectionBanner.tsx'
import { GoalsSection } from './GoalsSection.tsx'
import { HealthPanel } from './HealthPanel.tsx'
import { PlanContext, type PlanContextValue } from './plan-context.tsx'
import { PresenceBar } from './PresenceBar.tsx'
import { UnmetSection } from './UnmetSection.tsx'

type PageState = { status: 'loading' } | { status: 'notFound' } | { status: 'error' } | { status: 'ready'; situation: SituationDetail }

/** My undo/redo over the structured rows: only changes made with my local origin. */
function useUndoManager(doc: Y.Doc | null, origin: unknown) {
  const [manager, setManager] = useState<Y.UndoManager | null>(null)
  const [stacks, setStacks] = useState({ undo: 0, redo: 0 })
  useEffect(() => {
    if (!doc) return
    const roots = planRoots(doc)
    const undoManager = new Y.UndoManager([roots.goals, roots.actions, roots.unmet], { trackedOrigins: new Set([origin]), captureTimeout: 600 })
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

function PlanWorkspace({ situation }: { situation: SituationDetail }) {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const { expire } = useSession()
  const user = useMemo<PresenceUser>(() => ({ id: me.id, name: me.name, role: situation.role, color: colorFor(me.id) }), [me.id, me.name, situation.role])
  const onClosed = useCallback((reason: ClosedReason) => reason === 'unauthenticated' && expire(), [expire])
  const collab = useCollabDoc(situation.id, 'plan', user, { readOnly: situation.access.plan !== 'write' })
  const status = useConnectionStatus(collab?.provider ?? null, situation.id, onClosed)
  const synced = useSynced(collab?.provider ?? null)
  const peers = usePresence(collab?.provider.awareness ?? null)
  const { manager: undoManager, stacks } = useUndoManager(collab?.doc ?? null, collab?.origin)
  const [showRemoved, setShowRemoved] = useState(false)
  const readOnly = situation.access.plan !== 'write' || status.state === 'closed'
  const labels = (part: 'person' | 'assessment' | 'goals' | 'unmet') => t(`parts.${situation.kind}.${part}`)

  const context = useMemo<PlanContextValue | null>(() => {
    if (!collab || !undoManager) return null
    const awareness = collab.provider.awareness
    return {
      writer: { doc: collab.doc, origin: collab.origin, author: () => ({ userId: me.id }) },
      provider: collab.provider,
      undoManager,
      user,
      kind: situation.kind,
      readOnly,
      members: situation.members,
      peers,
      showRemoved,
      focus: (path) => setFocus(awareness, path ? { part: 'plan', path } : null),
    }
  }, [collab, undoManager, user, situation.kind, situation.members, readOnly, peers, showRemoved, me.id])

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
        </div>
        <ConnectionBanner status={status} onLogin={expire} />
      </header>
      {situation.access.plan === 'read' && <Notice tone="info">{t('situation.readOnly')}</Notice>}

      <div className="workspace">
        <div className="workspace-main">
          <div data-part="plan" data-readonly={readOnly ? 'true' : 'false'} className="plan">
            <CircleHeader situation={situation} title={labels('person')} />
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
                <AssessmentSection title={labels('assessment')} />
                <GoalsSection title={labels('goals')} />
                <UnmetSection title={labels('unmet')} />
              </PlanContext.Provider>
            )}
          </div>
          {situation.access.health !== 'none' && (
            <HealthPanel situationId={situation.id} user={user} readOnly={situation.access.health !== 'write'} onClosed={onClosed} />
          )}
        </div>
        <aside className="workspace-side">{collab && <PresenceBar peers={peers} doc={collab.doc} />}</aside>
      </div>
    </main>
  )
}

/** The situation page: loads the membership (access rights), then the live plan. */
export function SituationPage({ situationId }: { situationId: string }) {
  const { t } = useTranslation()
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    setState({ status: 'loading' })
    fetchSituation(situationId).then(
      (situation) => live && setState({ status: 'ready', situation }),
      (error: unknown) => live && setState({ status: error instanceof ApiError && error.status === 404 ? 'notFound' : 'error' }),
    )
    return () => {
      live = false
    }
  }, [situationId, attempt])

  if (state.status === 'loading') return <main id="main" className="page"><Spinner label={t('app.loading')} /></main>
  if (state.status === 'notFound')
    return (
      <main id="main" className="page">
        <h1>{t('app.name')}</h1>
        <Notice tone="error">{t('situation.notFound')}</Notice>
        <p><a href="#/">{t('app.back')}</a></p>
      </main>
    )
  if (state.status === 'error')
    return (
      <main id="main" className="page">
        <Notice tone="error" action={<Button onClick={() => setAttempt((n) => n + 1)}>{t('app.retry')}</Button>}>
          {t('situation.loadError')}
        </Notice>
      </main>
    )
  return <PlanWorkspace situation={state.situation} />
}
