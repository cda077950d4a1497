import { useId, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type * as Y from 'yjs'
import { CircleCheck, CircleHelp, CircleX, Handshake } from 'lucide-react'
import { planRoots, readActions, type Action } from '../../shared/schema/plan.ts'
import { fetchVersions, recordAgreement } from '../api/situations.ts'
import type { AgreementStatus, Member, SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { useYRead } from '../collab/use-y.ts'
import { Badge, Button, Notice } from '../ui/primitives.tsx'
import { fetchCommitments, recordCommitment } from '../api/meetings.ts'
import type { CommitmentStatement } from '../../shared/api/meetings.ts'
import { useSubmit } from './use-submit.ts'
import { MEETING_NS } from './strings.ts'
import { speaksForPerson } from '../../shared/domain/roles.ts'

/** How often the agreement and the commitments are re-read while shown (they are given from other screens). */
const REFRESH_MS = 3000


const AGREEMENT_CHOICES: { status: AgreementStatus; icon: typeof CircleCheck }[] = [
  { status: 'agreed', icon: CircleCheck },
  { status: 'notAgreed', icon: CircleX },
  { status: 'pending', icon: CircleHelp },
]

const personOf = (situation: SituationDetail): string => situation.members.find((member) => member.role === 'person')?.name ?? situation.personName

/**
 * The person's agreement to the version a meeting validated: its status
 * (pending until they answer), who gave it, when, with their comment; the
 * person or the legal representative gives it here (a record kept by the
 * server, never a document field).
 */
export function VersionAgreement({ situation, versionId }: { situation: SituationDetail; versionId: string }) {
  const { t, i18n } = useTranslation(MEETING_NS)
  const queryClient = useQueryClient()
  const versionsKey = ['situations', situation.id, 'versions']
  const query = useQuery({ queryKey: versionsKey, queryFn: () => fetchVersions(situation.id), refetchInterval: REFRESH_MS })
  const versions = query.data ?? null
  const [choice, setChoice] = useState<AgreementStatus | null>(null)
  const [comment, setComment] = useState('')
  const [sending, setSending] = useState(false)
  const [result, setResult] = useState<'saved' | 'failed' | null>(null)
  const name = useId()
  const commentId = useId()
  const mayAgree = speaksForPerson(situation.role)
  const person = personOf(situation)
  const version = versions?.find((candidate) => candidate.id === versionId) ?? null
  const agreement = version?.agreement ?? null

  const send = async () => {
    if (!choice) return
    setSending(true)
    setResult(null)
    try {
      await recordAgreement(situation.id, versionId, choice, comment.trim() || undefined)
      setResult('saved')
      setComment('')
      void queryClient.invalidateQueries({ queryKey: versionsKey })
    } catch {
      setResult('failed')
    } finally {
      setSending(false)
    }
  }

  return (
    <div className="follow-up-block" data-testid="meeting-agreement" data-agreement={agreement?.status ?? 'none'}>
      <h3>{t('followUp.agreementTitle', { name: person })}</h3>
      {query.isError && !versions && <Notice tone="error">{t('followUp.loadError')}</Notice>}
      {versions && !version && <p className="muted">{t('followUp.noVersion')}</p>}
      {version && (
        <p className="agreement-state">
          {agreement ? (
            <>
              <Badge tone={agreement.status === 'agreed' ? 'green' : agreement.status === 'notAgreed' ? 'red' : 'amber'}>{t(`followUp.agreement.${agreement.status}`)}</Badge>{' '}
              <span data-testid="agreement-by">
                {t('followUp.givenBy', { name: agreement.byName, date: formatDate(agreement.at, i18n.language) })}
              </span>
              {agreement.comment && <span className="follow-up-comment"> — « {agreement.comment} »</span>}
            </>
          ) : (
            <>
              <Badge tone="amber">{t('followUp.agreement.none')}</Badge> {t('followUp.waitingFor', { name: person })}
            </>
          )}
        </p>
      )}
      {version && mayAgree && (
        <fieldset className="follow-up-form">
          <legend>{situation.role === 'person' ? t('followUp.askPerson') : t('followUp.askRepresentative', { name: person })}</legend>
          <div className="follow-up-choices">
            {AGREEMENT_CHOICES.map(({ status, icon: Icon }) => (
              <label key={status} className={`follow-up-choice agreement-${status}`}>
                <input type="radio" name={name} value={status} checked={choice === status} onChange={() => setChoice(status)} />
                <Icon aria-hidden="true" size={20} /> {t(`followUp.choice.${status}`)}
              </label>
            ))}
          </div>
          <div className="field">
            <label htmlFor={commentId}>{t('followUp.comment')}</label>
            <textarea id={commentId} rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
          </div>
          <Button variant="primary" disabled={!choice || sending} onClick={() => void send()}>
            {t('followUp.sendAgreement')}
          </Button>
        </fieldset>
      )}
      {version && !mayAgree && <p className="muted small">{t('followUp.onlyPerson', { name: person })}</p>}
      {result === 'saved' && <Notice tone="success">{t('followUp.saved')}</Notice>}
      {result === 'failed' && <Notice tone="error">{t('followUp.failed')}</Notice>}
    </div>
  )
}

/** Members who own an action: its member, or the members of the owning organisation. */
const ownersOf = (members: readonly Member[], action: Action): Member[] =>
  members.filter((member) => member.id === action.owner || (member.organisation !== '' && member.organisation === action.owner))

function CommitmentRow({ situation, action, statement, onRecorded }: { situation: SituationDetail; action: Action; statement: CommitmentStatement | null; onRecorded: () => void }) {
  const { t, i18n } = useTranslation(MEETING_NS)
  const [comment, setComment] = useState('')
  const { busy, failed, run } = useSubmit()
  const commentId = useId()
  const owners = ownersOf(situation.members, action)
  const ownerName = owners[0]?.name ?? action.owner ?? t('followUp.noOwner')
  const mine = owners.some((member) => member.id === situation.me.memberId)
  // A partner without an account gives it at the meeting; the coordinator records it for them.
  const forPartner = !mine && situation.role === 'coordinator' && !owners.some((member) => member.userId)
  const status = statement?.status ?? 'proposed'
  const byName = statement ? (situation.members.find((member) => member.id === statement.memberId)?.name ?? '') : ''
  const recorder = statement && statement.userId !== situation.members.find((member) => member.id === statement.memberId)?.userId

  const give = (next: 'accepted' | 'declined') =>
    run(async () => {
      await recordCommitment(situation.id, action.id, next, comment.trim() || undefined)
      setComment('')
      onRecorded()
    })

  return (
    <li className={`commitment-row commitment-${status}`} data-action-id={action.id} data-commitment={status}>
      <div className="commitment-head">
        <span className="commitment-title">{action.title}</span>
        <Badge tone={status === 'accepted' ? 'green' : status === 'declined' ? 'red' : 'amber'}>{t(`followUp.commitment.${status}`)}</Badge>
      </div>
      <p className="muted small commitment-meta">
        {t('followUp.partner', { name: ownerName })}
        {statement && statement.status !== 'proposed' && (
          <>
            {' · '}
            {t(recorder ? 'followUp.recordedFor' : 'followUp.statedBy', { name: byName, date: formatDate(statement.at, i18n.language) })}
          </>
        )}
        {statement?.comment && <span className="follow-up-comment"> — « {statement.comment} »</span>}
      </p>
      {(mine || forPartner) && (
        <div className="commitment-give">
          <div className="field field-grow">
            <label htmlFor={commentId}>{t('followUp.commitmentComment')}</label>
            <input id={commentId} value={comment} onChange={(event) => setComment(event.target.value)} />
          </div>
          <Button variant="primary" disabled={busy} onClick={() => void give('accepted')} aria-label={t(forPartner ? 'followUp.acceptFor' : 'followUp.accept', { title: action.title, name: ownerName })}>
            {t(forPartner ? 'followUp.acceptShortFor' : 'followUp.acceptShort')}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => void give('declined')} aria-label={t(forPartner ? 'followUp.declineFor' : 'followUp.decline', { title: action.title, name: ownerName })}>
            {t(forPartner ? 'followUp.declineShortFor' : 'followUp.declineShort')}
          </Button>
        </div>
      )}
      {failed && <Notice tone="error">{t('followUp.failed')}</Notice>}
    </li>
  )
}

/**
 * The partners' commitments to the PAG's actions: pending and declined ones
 * first, each given by the partner who owns the action (or recorded by the
 * coordinator for a partner without an account).
 */
export function CommitmentsList({ situation, doc }: { situation: SituationDetail; doc: Y.Doc }) {
  const { t } = useTranslation(MEETING_NS)
  const actions = useYRead([planRoots(doc).actions], () => readActions(doc).filter((action) => !action.deletedAt))
  const queryClient = useQueryClient()
  const commitmentsKey = ['situations', situation.id, 'commitments']
  const query = useQuery({ queryKey: commitmentsKey, queryFn: () => fetchCommitments(situation.id), refetchInterval: REFRESH_MS })
  const statements = query.data ?? null
  const reload = () => void queryClient.invalidateQueries({ queryKey: commitmentsKey })
  const latest = new Map<string, CommitmentStatement>()
  for (const statement of statements ?? []) latest.set(statement.actionId, statement)
  const rank = (action: Action) => ({ declined: 0, proposed: 1, accepted: 2 })[latest.get(action.id)?.status ?? 'proposed']
  const rows = [...actions].sort((a, b) => rank(a) - rank(b))
  const open = rows.filter((action) => rank(action) < 2)

  return (
    <div className="follow-up-block" data-testid="meeting-commitments" data-open={open.length}>
      <h3>{t('followUp.commitmentsTitle')}</h3>
      {query.isError && !statements && <Notice tone="error">{t('followUp.loadError')}</Notice>}
      {statements && (
        <>
          <p className="muted small">{open.length === 0 ? t('followUp.allAccepted') : t('followUp.openCount', { count: open.length })}</p>
          <ul className="commitment-list">
            {rows.map((action) => (
              <CommitmentRow key={action.id} situation={situation} action={action} statement={latest.get(action.id) ?? null} onRecorded={reload} />
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/**
 * What ending a meeting asks for: the person's agreement to the validated
 * version and, for a PAG, each partner's commitment. Shown while the meeting
 * is being closed (commitments) and once it has ended (both).
 */
export function FollowUpPanel({ situation, versionId, doc }: { situation: SituationDetail; versionId: string | null; doc: Y.Doc | null }) {
  const { t } = useTranslation(MEETING_NS)
  const person = personOf(situation)
  return (
    <section className="plan-section meeting-follow-up" aria-labelledby="meeting-follow-up-title" data-testid="meeting-follow-up">
      <h2 id="meeting-follow-up-title">
        <Handshake size={20} aria-hidden="true" /> {t('followUp.title')}
      </h2>
      {versionId ? <VersionAgreement situation={situation} versionId={versionId} /> : <p className="muted">{t('followUp.agreementAfterEnd', { name: person })}</p>}
      {situation.kind === 'pag' && doc && <CommitmentsList situation={situation} doc={doc} />}
    </section>
  )
}
