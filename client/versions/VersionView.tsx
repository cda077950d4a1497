import { useEffect, useMemo, useState, type ComponentType } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { FileDown, FileJson, GitCompareArrows } from 'lucide-react'
import { planRoots, readPlanMeta } from '../../shared/schema/plan.ts'
import { healthRoots } from '../../shared/schema/person.ts'
import { ApiError } from '../api/http.ts'
import { fetchVersion } from '../api/situations.ts'
import type { SituationDetail, VersionDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { situationHref } from '../app/router.ts'
import { useMe } from '../app/session.tsx'
import { colorFor } from '../collab/presence.ts'
import { ReadOnlyRichText } from '../editor/ReadOnlyRichText.tsx'
import { PlanContext, type PlanContextValue } from '../situation/plan-context.tsx'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { versionDocs, versionPdfUrl, type VersionDocs } from './api.ts'
import { CompareView } from './CompareView.tsx'
import { AgreementLine, VersionFacts } from './VersionFacts.tsx'
import { versionsHref } from '../app/hrefs.ts'
import { VERSIONS_NS } from './strings.ts'

/** The version as a FHIR R4 bundle (TDDUI and Cercle de soins shapes), with the same rights as its PDF. */
const versionFhirUrl = (situationId: string, versionId: string): string =>
  `${versionPdfUrl(situationId, versionId).replace(/\/pdf$/, '')}/fhir`

type State = { status: 'loading' } | { status: 'notFound' } | { status: 'error' } | { status: 'ready'; version: VersionDetail; docs: VersionDocs }

/**
 * The plan's context over a version's own Y.Doc, read-only: the plan
 * section components render it exactly like the live plan, but nothing
 * is connected and every field is disabled.
 */
function useReadOnlyContext(situation: SituationDetail, docs: VersionDocs | null): PlanContextValue | null {
  const me = useMe()
  return useMemo(() => {
    if (!docs) return null
    const kind = readPlanMeta(docs.plan).kind
    return {
      writer: { doc: docs.plan, origin: { source: 'local', part: 'plan', userId: me.id }, author: () => ({ userId: me.id }) },
      // Never connected: only an awareness, should a component look at it.
      provider: { awareness: new Awareness(docs.plan) },
      personDoc: docs.person,
      undoManager: new Y.UndoManager(planRoots(docs.plan).goals),
      user: { id: me.id, name: me.name, role: situation.role, color: colorFor(me.id) },
      kind: situation.kind === kind ? situation.kind : kind,
      readOnly: true,
      members: situation.members,
      peers: [],
      showRemoved: false,
      focus: () => {},
    }
  }, [docs, me.id, me.name, situation.role, situation.kind, situation.members])
}

/** The version's own Y.Docs, built once per answer and destroyed with it (a validated version never changes). */
function useVersionDocs(version: VersionDetail | null): VersionDocs | null {
  const [docs, setDocs] = useState<VersionDocs | null>(null)
  useEffect(() => {
    if (!version) return
    const built = versionDocs(version)
    setDocs(built)
    return () => {
      setDocs(null)
      built.destroy()
    }
  }, [version])
  return docs
}

/**
 * One validated version, read-only, rendered with the plan's own sections: `planSections` is the
 * plan's component (client/plan/PlanSections.tsx), handed down by client/app/VersionsWithPlan.tsx so
 * that versions does not import another feature; it renders whatever PlanContext it is given, here a read-only one.
 */
export function VersionView({ situation, versionId, planSections: PlanSections }: { situation: SituationDetail; versionId: string; planSections: ComponentType }) {
  const { t, i18n } = useTranslation(VERSIONS_NS)
  const { t: tc } = useTranslation()
  const [comparing, setComparing] = useState(false)
  const query = useQuery({ queryKey: ['situations', situation.id, 'versions', versionId], queryFn: () => fetchVersion(situation.id, versionId) })
  const docs = useVersionDocs(query.data ?? null)
  const state: State =
    query.data && docs
      ? { status: 'ready', version: query.data, docs }
      : query.isError
        ? { status: query.error instanceof ApiError && query.error.status === 404 ? 'notFound' : 'error' }
        : { status: 'loading' }
  const context = useReadOnlyContext(situation, docs)
  const readyLabel = state.status === 'ready' ? state.version.label : null
  useEffect(() => {
    if (readyLabel !== null) document.title = `${readyLabel} — ${situation.title} — ${tc('app.name')}`
  }, [readyLabel, situation.title, tc])

  if (state.status === 'loading')
    return (
      <main id="main" className="page">
        <Spinner label={tc('app.loading')} />
      </main>
    )
  if (state.status !== 'ready' || !context)
    return (
      <main id="main" className="page">
        <h1>{t('title')}</h1>
        <Notice tone="error">{state.status === 'notFound' ? t('view.notFound') : t('view.loadError')}</Notice>
        <p>
          <a href={versionsHref(situation.id)}>{t('view.back')}</a>
        </p>
      </main>
    )

  const { version } = state
  const meta = readPlanMeta(state.docs.plan)
  return (
    <main id="main" className="page page-wide version-page" data-version-id={version.id}>
      <nav className="panel-breadcrumbs" aria-label={t('view.back')}>
        <a href={situationHref(situation.id)}>{situation.title}</a>
        <span aria-hidden="true"> › </span>
        <a href={versionsHref(situation.id)}>{t('title')}</a>
      </nav>
      <header className="situation-header">
        <div>
          <p className="eyebrow">
            <Badge tone="blue" title={tc(`kind.${context.kind}`)}>
              {tc(`kind.short.${context.kind}`)}
            </Badge>{' '}
            <Badge tone="green">{t('view.badge')}</Badge>
          </p>
          <h1>{version.label}</h1>
          <VersionFacts version={version} situation={situation} />
          <AgreementLine agreement={version.agreement ?? null} />
          <p className="muted small">{meta.reviewDate ? t('view.reviewDate', { date: formatDate(meta.reviewDate, i18n.language) }) : t('view.noReviewDate')}</p>
        </div>
        <div className="version-header-actions">
          <Button onClick={() => setComparing((value) => !value)} aria-expanded={comparing}>
            <GitCompareArrows size={16} aria-hidden="true" /> {t('actions.compareNow')}
          </Button>
          <a className="btn btn-secondary" href={versionPdfUrl(situation.id, version.id)} target="_blank" rel="noopener">
            <FileDown size={16} aria-hidden="true" /> {t('actions.pdf')}
          </a>
          <a className="btn btn-secondary" href={versionFhirUrl(situation.id, version.id)} download aria-label={t('actions.fhirLabel', { label: version.label })}>
            <FileJson size={16} aria-hidden="true" /> {t('actions.fhir')}
          </a>
        </div>
      </header>
      <Notice tone="info">{t('view.readOnly')}</Notice>
      {comparing && (
        <div className="plan-section">
          <CompareView situationId={situation.id} from={{ id: version.id, label: version.label }} to="current" members={situation.members} onClose={() => setComparing(false)} />
        </div>
      )}
      <div className="plan version-plan" data-part="plan" data-readonly="true">
        <PlanContext.Provider value={context}>
          <PlanSections />
        </PlanContext.Provider>
      </div>
      {state.docs.health && (
        <section className="plan-section health-panel" data-part="health" aria-labelledby="version-health">
          <h2 id="version-health">{t('view.health')}</h2>
          <ReadOnlyRichText fragment={healthRoots(state.docs.health).notes} label={t('view.health')} />
        </section>
      )}
    </main>
  )
}
