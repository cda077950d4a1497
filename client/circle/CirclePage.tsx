import { useEffect, useState, type FormEvent } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CLOSE_REASONS, emptyIdentity, type PersonIdentity } from '../../shared/domain/intake.ts'
import { PAG_CLOSURE_REASONS } from '../../shared/domain/closure-reasons.ts'
import { mayReadAuditTrail } from '../../shared/domain/roles.ts'
import { ApiError } from '../api/http.ts'
import { situationQuery } from '../situation/situation-query.ts'
import { formatDate } from '../app/i18n.ts'
import { auditHref, situationHref } from '../app/router.ts'
import { Badge, Button, LiveRegion, Notice, Spinner } from '../ui/primitives.tsx'
import { addMember, closeSituation, fetchIdentity, handOver, removeMember, reopenSituation, saveIdentity, saveLevel, updateMember, type MemberInput } from '../api/circle.ts'
import { fetchOutbox, listInvitations as fetchInvitations, revokeInvitation, type OutboxMail, type SituationLink as Invitation } from '../api/invitations.ts'
import { SelectField, TextField } from '../ui/fields.tsx'
import { IdentityFields } from '../ui/identity-fields.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'
import { MemberFields, MemberRow } from './MemberRow.tsx'
import { ClosedBanner, type SituationFacts } from '../ui/closed-banner.tsx'

const EMPTY_MEMBER: MemberInput = { name: '', role: 'professional', sector: null, organisation: '', mission: '', contact: '', careTeam: false, email: '' }

const NONE: never[] = []

/** The situation and, for its coordinator, the circle's records: each its own query under the situation's key. */
function useCircle(situationId: string) {
  const situationRead = useQuery(situationQuery(situationId))
  const situation = situationRead.data as SituationFacts | undefined
  const live = situation !== undefined && !situation.erasedAt
  const coordinator = live && situation.role === 'coordinator'
  const identity = useQuery({ queryKey: ['situations', situationId, 'identity'], queryFn: () => fetchIdentity(situationId), enabled: live })
  // The coordinator's lists are extras: a failure shows them empty rather than hiding the circle.
  const invitations = useQuery({ queryKey: ['situations', situationId, 'invitations'], queryFn: () => fetchInvitations(situationId).catch((): Invitation[] => []), enabled: coordinator })
  const outbox = useQuery({ queryKey: ['situations', situationId, 'outbox'], queryFn: () => fetchOutbox(situationId).catch((): OutboxMail[] => []), enabled: coordinator })
  const failure = situationRead.error ?? identity.error
  const status: 'loading' | 'notFound' | 'error' | 'ready' = failure
    ? failure instanceof ApiError && failure.status === 404
      ? 'notFound'
      : 'error'
    : !situation || (live && !identity.data) || (coordinator && (!invitations.data || !outbox.data))
      ? 'loading'
      : 'ready'
  return {
    status,
    situation,
    identity: live ? identity.data?.identity : emptyIdentity(),
    invitations: invitations.data ?? NONE,
    outbox: outbox.data ?? NONE,
  }
}

/** "Cercle": part 1 of the plan (the person and their circle), managed by the coordinator, read by the others. */
export function CirclePage({ situationId }: { situationId: string }) {
  const { t, i18n } = useTranslation(NAMESPACES.front)
  const { t: tc } = useTranslation()
  const queryClient = useQueryClient()
  const state = useCircle(situationId)
  const [message, setMessage] = useState('')
  const [error, setError] = useState<string | null>(null)

  const title = state.status === 'ready' ? (state.situation?.title ?? '') : ''
  useEffect(() => {
    document.title = `${title ? t('circle.title', { title }) : t('nav.circle')} — ${tc('app.name')}`
  }, [title, t, tc])

  /**
   * Runs a change, then reloads everything: the server is the authority on
   * the circle. Resolves once the change is stored (the reload follows), so a
   * form can clear itself at once and not wipe what is typed next.
   */
  const act = async (change: () => Promise<unknown>, done?: string) => {
    setError(null)
    try {
      await change()
      if (done) setMessage(done)
      // The situation, its circle lists and "Mes situations" (title, coordinator, status) may all have changed.
      void queryClient.invalidateQueries({ queryKey: ['situations', situationId] })
      void queryClient.invalidateQueries({ queryKey: ['situations'], exact: true })
    } catch (failure) {
      setError(failure instanceof ApiError && failure.message ? `${t('circle.failed')} (${failure.message})` : t('circle.failed'))
      throw failure
    }
  }

  if (state.status !== 'ready' || !state.situation || !state.identity)
    return (
      <main id="main" className="page front-page">
        <h1>{t('nav.circle')}</h1>
        {state.status === 'loading' ? <Spinner label={tc('app.loading')} /> : <Notice tone="error">{tc(state.status === 'notFound' ? 'situation.notFound' : 'situation.loadError')}</Notice>}
      </main>
    )
  const { situation, invitations, outbox, identity } = state
  const manage = situation.role === 'coordinator' && situation.status === 'open' && !situation.erasedAt
  return (
    <main id="main" className="page front-page circle-page" data-status={situation.status}>
      <p className="front-links">
        {!situation.erasedAt && <a href={situationHref(situation.id)}>{t('nav.backToPlan')}</a>}
        {mayReadAuditTrail(situation.role) && <a href={auditHref(situation.id)}>{t('nav.audit')}</a>}
      </p>
      <h1>{t('circle.title', { title: situation.title })}</h1>
      <p className="muted">{t('circle.intro')}</p>
      <ClosedBanner situation={situation} />
      {situation.role !== 'coordinator' && situation.status === 'open' && <Notice tone="info">{t('circle.readOnly')}</Notice>}
      <LiveRegion message={message} />
      {error && <Notice tone="error">{error}</Notice>}
      {message && <Notice tone="success">{message}</Notice>}

      {!situation.erasedAt && (
        <IdentitySection
          key={JSON.stringify(identity)}
          identity={identity}
          editable={manage}
          onSave={(identity) => act(() => saveIdentity(situation.id, identity), t('identity.saved')).catch(() => undefined)}
        />
      )}

      {!situation.erasedAt && (
        <LevelSection situation={situation} editable={manage} onSave={(level) => act(() => saveLevel(situation.id, level), t('circle.levelSaved')).catch(() => undefined)} />
      )}

      <section aria-labelledby="circle-members" className="front-section">
        <h2 id="circle-members">{t('circle.members')}</h2>
        {situation.members.length === 0 ? (
          <p className="muted">{t('circle.noMembers')}</p>
        ) : (
          <ul className="circle-list">
            {situation.members.map((member) => (
              <MemberRow
                key={`${member.id}:${member.role}:${member.name}:${member.mission}:${member.organisation}`}
                member={member}
                isMe={member.id === situation.me.memberId}
                manage={manage}
                onSave={(patch) => act(() => updateMember(situation.id, member.id, patch), t('circle.saved', { name: member.name }))}
                onRemove={() => act(() => removeMember(situation.id, member.id)).catch(() => undefined)}
                onHandOver={() => act(() => handOver(situation.id, member.id)).catch(() => undefined)}
              />
            ))}
          </ul>
        )}
      </section>

      {manage && <AddMemberSection onAdd={(input) => act(() => addMember(situation.id, input), input.email ? t('circle.invited', { email: input.email }) : t('circle.added', { name: input.name }))} />}

      {situation.role === 'coordinator' && !situation.erasedAt && (
        <section aria-labelledby="circle-invitations" className="front-section">
          <h2 id="circle-invitations">{t('circle.invitations')}</h2>
          {invitations.length === 0 ? (
            <p className="muted">{t('circle.noInvitations')}</p>
          ) : (
            <ul className="invitation-list">
              {invitations.map((invitation) => (
                <li key={invitation.id} data-invitation-state={invitation.state}>
                  <span>
                    {invitation.name} — {invitation.email ?? invitation.login} — {tc(`role.${invitation.role}`)}
                  </span>{' '}
                  <Badge tone={invitation.state === 'sent' || invitation.state === 'pending' || invitation.state === 'opened' ? 'blue' : 'neutral'}>{t(`circle.invitationState.${invitation.state}`, { defaultValue: invitation.state })}</Badge>{' '}
                  {manage && (invitation.state === 'sent' || invitation.state === 'pending' || invitation.state === 'opened') && (
                    <Button variant="ghost" className="btn-small" onClick={() => void act(() => revokeInvitation(situation.id, invitation.id)).catch(() => undefined)}>
                      {t('circle.revoke', { name: invitation.name })}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('circle.outbox')}</h3>
          <p className="muted small">{t('circle.outboxIntro')}</p>
          {outbox.length === 0 ? (
            <p className="muted">{t('circle.noOutbox')}</p>
          ) : (
            <ul className="outbox-list">
              {outbox.map((mail) => (
                <li key={mail.id} data-outbox-to={mail.to}>
                  <span>
                    {formatDate(mail.createdAt, i18n.language)} — {mail.to} — {mail.subject}
                  </span>{' '}
                  {mail.link && (
                    <a href={mail.link} data-invitation-link={mail.to} aria-label={t('circle.outboxLink', { to: mail.to })}>
                      {t('circle.outboxLink', { to: mail.to })}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {situation.role === 'coordinator' && !situation.erasedAt && (
        <CloseSection situation={situation} onClose={(reason) => act(() => closeSituation(situation.id, reason)).catch(() => undefined)} onReopen={() => act(() => reopenSituation(situation.id)).catch(() => undefined)} />
      )}
    </main>
  )
}

function IdentitySection({ identity, editable, onSave }: { identity: PersonIdentity; editable: boolean; onSave: (identity: PersonIdentity) => Promise<void> }) {
  const { t } = useTranslation(NAMESPACES.front)
  const [draft, setDraft] = useState(identity)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void onSave(draft)
  }
  return (
    <section aria-labelledby="circle-person" className="front-section">
      <h2 id="circle-person">{t('identity.title')}</h2>
      <form className="front-form" onSubmit={submit}>
        <div className="front-grid">
          <IdentityFields value={draft} onChange={setDraft} disabled={!editable} />
        </div>
        {editable && (
          <Button type="submit" variant="primary">
            {t('identity.save')}
          </Button>
        )}
      </form>
    </section>
  )
}

function LevelSection({ situation, editable, onSave }: { situation: SituationFacts; editable: boolean; onSave: (level: number | null) => Promise<void> }) {
  const { t } = useTranslation(NAMESPACES.front)
  const [level, setLevel] = useState(situation.level ? String(situation.level) : '')
  return (
    <section aria-labelledby="circle-level" className="front-section">
      <h2 id="circle-level">{t('circle.level')}</h2>
      <form
        className="front-form front-inline"
        onSubmit={(event) => {
          event.preventDefault()
          void onSave(level ? Number(level) : null)
        }}
      >
        <SelectField
          label={t('level.label')}
          value={level}
          onChange={setLevel}
          disabled={!editable}
          options={[{ value: '', label: t('level.none') }, ...[1, 2, 3, 4].map((l) => ({ value: String(l), label: t(`level.${l}`) }))]}
          name="situationLevel"
        />
        {editable && <Button type="submit">{t('circle.levelSave')}</Button>}
      </form>
    </section>
  )
}

function AddMemberSection({ onAdd }: { onAdd: (input: MemberInput) => Promise<void> }) {
  const { t } = useTranslation(NAMESPACES.front)
  const [draft, setDraft] = useState<MemberInput>(EMPTY_MEMBER)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const { email, ...rest } = draft
    setBusy(true)
    try {
      await onAdd(email?.trim() ? { ...rest, email: email.trim() } : rest)
      setDraft(EMPTY_MEMBER)
    } catch {
      // The page shows the error; what was typed stays.
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="circle-add" className="front-section">
      <h2 id="circle-add">{t('circle.add')}</h2>
      <p className="muted small">{t('circle.addIntro')}</p>
      <form className="front-form" onSubmit={(event) => void submit(event)}>
        <div className="front-grid">
          <MemberFields value={draft} onChange={setDraft} />
          <TextField label={t('circle.email')} type="email" value={draft.email ?? ''} onChange={(email) => setDraft({ ...draft, email })} name="memberEmail" />
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          {t('circle.addSubmit')}
        </Button>
      </form>
    </section>
  )
}

function CloseSection({ situation, onClose, onReopen }: { situation: SituationFacts; onClose: (reason: string) => Promise<void>; onReopen: () => Promise<void> }) {
  const { t } = useTranslation(NAMESPACES.front)
  // A PAG is closed with one of the MDPH end reasons (checked on the server, shared/domain/closure-reasons.ts).
  const reasons: string[] = situation.kind === 'pag' ? [...PAG_CLOSURE_REASONS] : [...CLOSE_REASONS]
  const [reason, setReason] = useState<string>(reasons[0]!)
  if (situation.status === 'closed')
    return (
      <section aria-labelledby="circle-reopen" className="front-section">
        <h2 id="circle-reopen">{t('circle.reopen')}</h2>
        <p className="muted small">{t('circle.reopenIntro')}</p>
        <Button onClick={() => void onReopen()}>{t('circle.reopen')}</Button>
      </section>
    )
  return (
    <section aria-labelledby="circle-close" className="front-section">
      <h2 id="circle-close">{t('circle.close')}</h2>
      <p className="muted small">{t('circle.closeIntro')}</p>
      <form
        className="front-form"
        onSubmit={(event) => {
          event.preventDefault()
          void onClose(reason)
        }}
      >
        <div className="front-grid">
          <SelectField label={t('circle.closeReason')} value={reason} onChange={setReason} options={reasons.map((r) => ({ value: r, label: t(`circle.reason.${r}`) }))} name="closeReason" />
        </div>
        <Button type="submit" variant="danger">
          {t('circle.closeSubmit')}
        </Button>
      </form>
    </section>
  )
}
