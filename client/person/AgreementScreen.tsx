import { useId, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CircleCheck, CircleHelp, CircleX } from 'lucide-react'
import { fetchVersions, recordAgreement } from '../api/situations.ts'
import { ApiError } from '../api/http.ts'
import type { AgreementStatus } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { easyReadHref } from '../app/router.ts'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { usePersonSpace } from './person-space.tsx'
import { speaksForPerson } from '../../shared/domain/roles.ts'

const STATUSES: { status: AgreementStatus; icon: typeof CircleCheck }[] = [
  { status: 'agreed', icon: CircleCheck },
  { status: 'notAgreed', icon: CircleX },
  { status: 'pending', icon: CircleHelp },
]

/**
 * My agreement to the latest validated version: a record written through
 * the API by the person or the legal representative (never a document field).
 */
export function AgreementScreen() {
  const { t, i18n } = useTranslation()
  const space = usePersonSpace()
  const queryClient = useQueryClient()
  const versionsKey = ['situations', space.situation.id, 'versions']
  const versions = useQuery({ queryKey: versionsKey, queryFn: () => fetchVersions(space.situation.id) })
  const [choice, setChoice] = useState<AgreementStatus | null>(null)
  const [comment, setComment] = useState('')
  const [sending, setSending] = useState(false)
  const [result, setResult] = useState<'saved' | 'forbidden' | 'failed' | null>(null)
  const name = useId()
  const commentId = useId()
  const mayAgree = speaksForPerson(space.role)

  if (versions.isPending) return <Spinner label={t('app.loading')} />
  if (!versions.data)
    return (
      <Notice tone="error" action={<Button onClick={() => void versions.refetch()}>{t('app.retry')}</Button>}>
        {t('agreement.loadError')}
      </Notice>
    )
  const latest = versions.data[0] ?? null
  if (!latest) return <p className="easy-line">{t('agreement.noVersion')}</p>
  const current = latest.agreement ?? null

  const send = async () => {
    if (!choice) return
    setSending(true)
    setResult(null)
    try {
      await recordAgreement(space.situation.id, latest.id, choice, comment.trim() || undefined)
      setResult('saved')
      void queryClient.invalidateQueries({ queryKey: versionsKey })
    } catch (error) {
      setResult(error instanceof ApiError && error.status === 403 ? 'forbidden' : 'failed')
    } finally {
      setSending(false)
    }
  }

  return (
    <div className="agreement" data-version-id={latest.id}>
      <p className="easy-line">{t('agreement.version', { label: latest.label, date: formatDate(latest.createdAt, i18n.language) })}</p>
      <p className="easy-line">
        <a href={easyReadHref(space.situation.id)}>{t('agreement.readEasy')}</a>
      </p>
      <p className="agreement-current" data-agreement={current?.status ?? 'none'}>
        {current
          ? t('agreement.current', {
              status: t(`agreement.status.${current.status}`),
              who: current.byName,
              date: formatDate(current.at, i18n.language),
            })
          : t('agreement.none')}
      </p>
      {mayAgree ? (
        <fieldset className="view-picker agreement-picker">
          <legend>{t(`person.${space.voice}.agreementQuestion`, { name: space.personFirstName })}</legend>
          <div className="opinion-choices">
            {STATUSES.map(({ status, icon: Icon }) => (
              <label key={status} className={`opinion-choice agreement-${status}`}>
                <input type="radio" name={name} value={status} checked={choice === status} onChange={() => setChoice(status)} />
                <Icon aria-hidden="true" size={28} />
                <span>{t(`person.${space.voice}.agreementChoice.${status}`)}</span>
              </label>
            ))}
          </div>
          <div className="field">
            <label htmlFor={commentId}>{t(`person.${space.voice}.comment`)}</label>
            <textarea id={commentId} rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
          </div>
          <Button variant="primary" className="btn-large" disabled={!choice || sending} onClick={() => void send()}>
            {t('agreement.send')}
          </Button>
        </fieldset>
      ) : (
        <p className="muted">{t('agreement.onlyPerson')}</p>
      )}
      {result === 'saved' && <Notice tone="success">{t('agreement.saved')}</Notice>}
      {result === 'forbidden' && <Notice tone="error">{t('agreement.forbidden')}</Notice>}
      {result === 'failed' && <Notice tone="error">{t('agreement.failed')}</Notice>}
    </div>
  )
}
