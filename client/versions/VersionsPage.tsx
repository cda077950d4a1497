import { useEffect, useId, useState, type FormEvent } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Eye, FileDown, GitCompareArrows, RotateCcw, ShieldCheck } from 'lucide-react'
import { todayInParis } from '../../shared/domain/dates.ts'
import { createVersion, fetchVersions } from '../api/situations.ts'
import type { SituationDetail, VersionSummary } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { situationHref } from '../app/router.ts'
import { fetchMeetings } from '../api/meetings.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { meetingsHref, versionHref } from '../app/hrefs.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { restoreVersion, versionPdfUrl } from './api.ts'
import { CompareView, type CompareTarget } from './CompareView.tsx'
import { AgreementLine, VersionFacts } from './VersionFacts.tsx'
import { VERSIONS_NS } from './strings.ts'

interface Comparing {
  from: CompareTarget
  to: CompareTarget | 'current'
}

type Message = { tone: 'success' | 'error'; text: string } | null

function ValidateForm({ situationId, onValidated }: { situationId: string; onValidated: (version: VersionSummary) => void }) {
  const { t, i18n } = useTranslation(VERSIONS_NS)
  const [label, setLabel] = useState(() => t('validate.defaultLabel', { date: formatDate(todayInParis(), i18n.language) }))
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const inputId = useId()
  const hintId = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!label.trim()) return
    setBusy(true)
    setFailed(false)
    try {
      onValidated(await createVersion(situationId, label.trim()))
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="plan-section validate-form" onSubmit={(event) => void submit(event)} aria-labelledby="validate-title">
      <h2 id="validate-title">{t('validate.title')}</h2>
      <p className="muted small" id={hintId}>
        {t('validate.hint')}
      </p>
      <div className="validate-row">
        <div className="field field-grow">
          <label htmlFor={inputId}>{t('validate.label')}</label>
          <input id={inputId} value={label} maxLength={200} required aria-describedby={hintId} onChange={(event) => setLabel(event.target.value)} />
        </div>
        <Button type="submit" variant="primary" disabled={busy || !label.trim()}>
          <ShieldCheck size={17} aria-hidden="true" /> {busy ? t('validate.sending') : t('validate.submit')}
        </Button>
      </div>
      {failed && <Notice tone="error">{t('validate.failed')}</Notice>}
    </form>
  )
}

function RestoreConfirm({ situationId, version, onDone, onCancel }: { situationId: string; version: VersionSummary; onDone: (message: Message) => void; onCancel: () => void }) {
  const { t } = useTranslation(VERSIONS_NS)
  const [busy, setBusy] = useState(false)
  const titleId = useId()
  const confirm = async () => {
    setBusy(true)
    try {
      const restored = await restoreVersion(situationId, version.id)
      onDone({ tone: 'success', text: t('restore.done', { label: version.label, newLabel: restored.label }) })
    } catch {
      onDone({ tone: 'error', text: t('restore.failed') })
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="restore-confirm" role="alertdialog" aria-labelledby={titleId} aria-describedby={`${titleId}-text`}>
      <p id={titleId} className="restore-confirm-title">
        {t('restore.confirmTitle', { label: version.label })}
      </p>
      <p id={`${titleId}-text`} className="small">
        {t('restore.confirmText')}
      </p>
      <div className="version-actions">
        <Button variant="danger" disabled={busy} onClick={() => void confirm()} autoFocus>
          <RotateCcw size={16} aria-hidden="true" /> {busy ? t('restore.sending') : t('restore.confirm')}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          {t('restore.cancel')}
        </Button>
      </div>
    </div>
  )
}

function VersionItem({
  version,
  previous,
  latest,
  situation,
  meeting,
  onCompare,
  restoring,
  onRestore,
  onRestored,
  comparingFrom,
}: {
  version: VersionSummary
  previous: VersionSummary | undefined
  latest: boolean
  situation: SituationDetail
  meeting: Meeting | null
  onCompare: (comparing: Comparing) => void
  restoring: boolean
  onRestore: (restoring: boolean) => void
  onRestored: (message: Message) => void
  comparingFrom: boolean
}) {
  const { t } = useTranslation(VERSIONS_NS)
  const self = { id: version.id, label: version.label }
  return (
    <li className={comparingFrom ? 'version-item selected' : 'version-item'} data-version-id={version.id} data-testid="version-item">
      <span className="version-dot" aria-hidden="true" />
      <div className="version-body">
        <h3 className="version-label">
          <a href={versionHref(situation.id, version.id)}>{version.label}</a> {latest && <Badge tone="blue">{t('latest')}</Badge>}
        </h3>
        <VersionFacts version={version} situation={situation} meeting={meeting} />
        <AgreementLine agreement={version.agreement ?? null} />
        <div className="version-actions">
          <a className="btn btn-ghost btn-small" href={versionHref(situation.id, version.id)} aria-label={t('actions.openLabel', { label: version.label })}>
            <Eye size={15} aria-hidden="true" /> {t('actions.open')}
          </a>
          <Button variant="ghost" className="btn-small" onClick={() => onCompare({ from: self, to: 'current' })}>
            <GitCompareArrows size={15} aria-hidden="true" /> {t('actions.compareNow')}
          </Button>
          {previous && (
            <Button variant="ghost" className="btn-small" onClick={() => onCompare({ from: { id: previous.id, label: previous.label }, to: self })}>
              <GitCompareArrows size={15} aria-hidden="true" /> {t('actions.comparePrevious')}
            </Button>
          )}
          <a className="btn btn-ghost btn-small" href={versionPdfUrl(situation.id, version.id)} target="_blank" rel="noopener" aria-label={t('actions.pdfLabel', { label: version.label })}>
            <FileDown size={15} aria-hidden="true" /> {t('actions.pdf')}
          </a>
          {situation.role === 'coordinator' && situation.status === 'open' && !restoring && (
            <Button variant="ghost" className="btn-small btn-restore" onClick={() => onRestore(true)} aria-label={t('actions.restoreLabel', { label: version.label })}>
              <RotateCcw size={15} aria-hidden="true" /> {t('actions.restore')}
            </Button>
          )}
        </div>
        {restoring && (
          <RestoreConfirm
            situationId={situation.id}
            version={version}
            onCancel={() => onRestore(false)}
            onDone={(message) => {
              onRestore(false)
              onRestored(message)
            }}
          />
        )}
      </div>
    </li>
  )
}

/** "Versions et historique": validated versions over time, compare, restore, PDF, and validating a new one. */
export function VersionsPage({ situation }: { situation: SituationDetail }) {
  const { t } = useTranslation(VERSIONS_NS)
  const { t: tc } = useTranslation()
  const queryClient = useQueryClient()
  const list = useQuery({ queryKey: ['situations', situation.id, 'versions'], queryFn: () => fetchVersions(situation.id) })
  // The meeting that validated each version, when the reader may see meetings.
  const meetings = useQuery({ queryKey: ['situations', situation.id, 'meetings'], queryFn: () => fetchMeetings(situation.id) }).data ?? []
  const versions = list.data ?? null
  const failed = list.isError && !versions
  const [comparing, setComparing] = useState<Comparing | null>(null)
  const [restoring, setRestoring] = useState<string | null>(null)
  const [message, setMessage] = useState<Message>(null)

  useEffect(() => {
    document.title = `${t('title')} — ${situation.title} — ${tc('app.name')}`
  }, [situation.title, t, tc])

  /** A new version (validated or restored) is in the list, the timeline and the agreement panels. */
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['situations', situation.id, 'versions'] })
    void queryClient.invalidateQueries({ queryKey: ['situations', situation.id, 'timeline'] })
  }

  return (
    <main id="main" className="page page-wide versions-page">
      <nav className="panel-breadcrumbs" aria-label={t('backToPlan')}>
        <a href={situationHref(situation.id)}>{situation.title}</a>
      </nav>
      <header className="situation-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
          <p className="situation-links">
            <a href={situationHref(situation.id)}>{t('backToPlan')}</a>
            <a href={meetingsHref(situation.id)}>{t('meetings')}</a>
          </p>
        </div>
      </header>
      {message && (
        <Notice tone={message.tone} action={<Button variant="ghost" className="btn-small" onClick={() => setMessage(null)} aria-label="OK">✕</Button>}>
          {message.text}
        </Notice>
      )}
      <div className="versions-layout">
        <div className="versions-main">
          {situation.role === 'coordinator' && situation.status === 'open' && (
            <ValidateForm
              situationId={situation.id}
              onValidated={(version) => {
                setMessage({ tone: 'success', text: t('validate.done', { label: version.label }) })
                reload()
              }}
            />
          )}
          <section className="plan-section" aria-labelledby="versions-list-title">
            <h2 id="versions-list-title">{t('listTitle')}</h2>
            <p className="muted small">{t('list')}</p>
            {failed && (
              <Notice tone="error" action={<Button onClick={() => void list.refetch()}>{tc('app.retry')}</Button>}>
                {t('loadError')}
              </Notice>
            )}
            {!versions && !failed && <Spinner label={tc('app.loading')} />}
            {versions && versions.length === 0 && <p className="muted">{t('empty')}</p>}
            {versions && versions.length > 0 && (
              <ol className="version-timeline">
                {versions.map((version, index) => (
                  <VersionItem
                    key={version.id}
                    version={version}
                    previous={versions[index + 1]}
                    latest={index === 0}
                    situation={situation}
                    meeting={meetings.find((meeting) => meeting.id === version.meetingId) ?? null}
                    onCompare={setComparing}
                    comparingFrom={comparing?.from.id === version.id || (comparing?.to !== 'current' && comparing?.to.id === version.id)}
                    restoring={restoring === version.id}
                    onRestore={(on) => setRestoring(on ? version.id : null)}
                    onRestored={(result) => {
                      setMessage(result)
                      setComparing(null)
                      reload()
                    }}
                  />
                ))}
              </ol>
            )}
          </section>
        </div>
        <aside className="versions-side plan-section" aria-label={t('compare.title')}>
          {comparing ? (
            <CompareView situationId={situation.id} from={comparing.from} to={comparing.to} members={situation.members} onClose={() => setComparing(null)} />
          ) : (
            <>
              <h2>{t('compare.title')}</h2>
              <p className="muted">{t('compare.hint')}</p>
            </>
          )}
        </aside>
      </div>
    </main>
  )
}
