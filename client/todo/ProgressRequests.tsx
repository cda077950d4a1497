import { useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { CircleCheck, Clock, OctagonAlert } from 'lucide-react'
import { formatDate } from '../app/i18n.ts'
import { rowHref } from '../app/router.ts'
import { Button, LiveRegion } from '../ui/primitives.tsx'
import { answerProgress, progressRequestsQuery, todoQuery, type ProgressRequest, type ProgressStatus } from '../api/follow-up.ts'
import { useFollowUpT } from './strings.ts'

/** One request: done in one click; under way or blocked opens one text field (a reason is required when blocked). */
function ProgressAnswer({ request, onAnswered }: { request: ProgressRequest; onAnswered: (status: ProgressStatus) => void }) {
  const { t, i18n } = useFollowUpT()
  const [open, setOpen] = useState<ProgressStatus | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const send = async (status: ProgressStatus) => {
    if (status === 'blocked' && !note.trim()) return setError(t('progress.reasonRequired'))
    setBusy(true)
    setError('')
    try {
      await answerProgress(request.situationId, request.actionId, status, status === 'done' ? '' : note)
      onAnswered(status)
    } catch {
      setError(t('progress.failed'))
    } finally {
      setBusy(false)
    }
  }
  const fieldId = `progress-note-${request.id}`
  return (
    <li className="my-action progress-request" data-request-id={request.id} data-action-id={request.actionId}>
      <div className="my-action-main">
        <a href={rowHref(request.situationId, request.actionId)} className="my-action-title">
          {request.actionTitle}
        </a>
        <span className="muted small">
          {request.situationTitle} — {t('progress.askedOn', { date: formatDate(request.requestedAt, i18n.language, 'medium') })}
        </span>
        {request.message && <span className="small">« {request.message} »</span>}
      </div>
      {open === null ? (
        <div className="progress-buttons" role="group" aria-label={request.actionTitle}>
          <Button variant="primary" disabled={busy} onClick={() => void send('done')}>
            <CircleCheck aria-hidden="true" size={16} /> {t('progress.done')}
          </Button>
          <Button disabled={busy} onClick={() => setOpen('underWay')}>
            <Clock aria-hidden="true" size={16} /> {t('progress.underWay')}
          </Button>
          <Button disabled={busy} onClick={() => setOpen('blocked')}>
            <OctagonAlert aria-hidden="true" size={16} /> {t('progress.blocked')}
          </Button>
        </div>
      ) : (
        <form
          className="progress-note"
          onSubmit={(event) => {
            event.preventDefault()
            void send(open)
          }}
        >
          <label htmlFor={fieldId}>{open === 'blocked' ? t('progress.reason') : t('progress.note')}</label>
          <textarea id={fieldId} value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} required={open === 'blocked'} rows={2} />
          <div className="progress-buttons">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('progress.send')} — {t(`progress.status.${open}`)}
            </button>
            <Button variant="ghost" onClick={() => setOpen(null)}>
              {t('progress.cancel')}
            </Button>
          </div>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}

/** The progress checks waiting for me ("point d'étape"), above "Mes actions". Hidden when there are none. */
export function ProgressRequests() {
  const { t } = useFollowUpT()
  const queryClient = useQueryClient()
  const requests = useQuery(progressRequestsQuery).data ?? []
  const [message, setMessage] = useState('')
  return (
    <>
      {requests.length > 0 && (
        <section className="progress-requests" aria-labelledby="progress-requests-title" data-testid="progress-requests">
          <h2 id="progress-requests-title">{t('progress.title')}</h2>
          <p className="muted">{t('progress.intro')}</p>
          <ol className="my-actions">
            {requests.map((request) => (
              <ProgressAnswer
                key={request.id}
                request={request}
                onAnswered={(status) => {
                  // Gone at once from this list; "À faire" and "Mes actions" (the action's status) are read again.
                  queryClient.setQueryData(progressRequestsQuery.queryKey, (all) => all?.filter((r) => r.actionId !== request.actionId || r.situationId !== request.situationId))
                  void queryClient.invalidateQueries({ queryKey: todoQuery.queryKey })
                  void queryClient.invalidateQueries({ queryKey: ['me', 'actions'] })
                  setMessage(t('progress.sent', { status: t(`progress.status.${status}`) }))
                }}
              />
            ))}
          </ol>
        </section>
      )}
      <LiveRegion message={message} />
    </>
  )
}
