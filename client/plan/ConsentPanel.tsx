import { useId, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { fetchConsent, recordConsent } from '../api/situations.ts'
import type { SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { Badge, Button, Notice } from '../ui/primitives.tsx'
import { speaksForPerson } from '../../shared/domain/roles.ts'

const HOW = ['oral', 'written', 'meeting'] as const

/**
 * Consent to sharing: its state, its history, and recording it — by the
 * person or legal representative themselves, or by the coordinator on the
 * person's word. An objection limits reading to the care team until lifted.
 */
export function ConsentPanel({ situation }: { situation: SituationDetail }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const consentKey = ['situations', situation.id, 'consent']
  // Only those who may see the record get the panel: a refusal leaves no data, and no panel.
  const { data: consent } = useQuery({ queryKey: consentKey, queryFn: () => fetchConsent(situation.id) })
  const [how, setHow] = useState<(typeof HOW)[number]>('oral')
  const [comment, setComment] = useState('')
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  const ids = { how: useId(), comment: useId() }
  const person = situation.members.find((member) => member.role === 'person')
  const selfRecord = speaksForPerson(situation.role)
  const canRecord = selfRecord || situation.role === 'coordinator'

  if (!consent) return null
  const nameOf = (id: string | null) => (id ? (situation.members.find((member) => member.id === id || member.userId === id)?.name ?? null) : null)

  const record = async (status: 'agreed' | 'objected') => {
    setMessage(null)
    try {
      await recordConsent(situation.id, {
        status,
        ...(selfRecord ? {} : { how }),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(!selfRecord && person ? { givenByMemberId: person.id } : {}),
      })
      setComment('')
      setMessage({ tone: 'success', text: t('consent.recorded') })
      void queryClient.invalidateQueries({ queryKey: consentKey })
    } catch {
      setMessage({ tone: 'error', text: t('consent.failed') })
    }
  }

  const state = consent.objection ? 'objected' : (consent.current?.status ?? 'none')
  return (
    <section className="plan-section consent-panel" aria-labelledby="section-consent" data-testid="consent" data-consent={state}>
      <h2 id="section-consent">{t('consent.title')}</h2>
      <p>
        <Badge tone={state === 'objected' ? 'red' : state === 'agreed' ? 'green' : 'neutral'}>{t(`consent.state.${state}`)}</Badge>
      </p>
      <p className="muted small">{t(consent.objection ? 'consent.objectionHint' : 'consent.hint')}</p>
      {consent.history.length > 0 && (
        <>
          <h3>{t('consent.history')}</h3>
          <ol className="consent-history">
            {consent.history.map((entry) => (
              <li key={entry.id}>
                <strong>{t(`consent.state.${entry.status}`)}</strong> — {formatDate(entry.givenAt, i18n.language)}
                {entry.how ? `, ${t(`consent.how.${entry.how}`, { defaultValue: entry.how })}` : ''}
                {nameOf(entry.givenByMember) && <> — {t('consent.givenBy', { name: nameOf(entry.givenByMember) })}</>}
                {nameOf(entry.recordedBy) && <span className="muted"> ({t('consent.recordedBy', { name: nameOf(entry.recordedBy) })})</span>}
                {entry.comment && <div className="muted small">« {entry.comment} »</div>}
              </li>
            ))}
          </ol>
        </>
      )}
      {canRecord && (
        <div className="consent-form">
          {!selfRecord && (
            <div className="field">
            <label htmlFor={ids.how}>{t('consent.howLabel')}</label>
            <select id={ids.how} value={how} onChange={(event) => setHow(event.target.value as (typeof HOW)[number])}>
              {HOW.map((value) => (
                <option key={value} value={value}>
                  {t(`consent.how.${value}`)}
                </option>
              ))}
            </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={ids.comment}>{t('consent.comment')}</label>
            <input id={ids.comment} value={comment} onChange={(event) => setComment(event.target.value)} />
          </div>
          <div className="consent-buttons">
            <Button onClick={() => void record('agreed')}>{t(consent.objection ? 'consent.lift' : selfRecord ? 'consent.agreeSelf' : 'consent.agreeFor')}</Button>
            {!consent.objection && (
              <Button variant="danger" onClick={() => void record('objected')}>
                {t(selfRecord ? 'consent.objectSelf' : 'consent.objectFor')}
              </Button>
            )}
          </div>
        </div>
      )}
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
    </section>
  )
}
