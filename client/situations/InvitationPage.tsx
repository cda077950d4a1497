import { useEffect, useId, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { acceptInvitation, fetchInvitation } from '../api/invitations.ts'
import { providersQuery } from '../api/auth.ts'
import { ApiError } from '../api/http.ts'
import { formatDate } from '../app/i18n.ts'
import { navigate, personHref, situationHref } from '../app/router.ts'
import { useSession } from '../app/session.tsx'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { isPersonSide, ROLES, type Role } from '../../shared/domain/roles.ts'

type Unusable = 'invalid' | 'expired' | 'used' | 'revoked' | 'error'

/** Why a link cannot be used, from the server's refusal (`reason` on 410, 404 for an unknown token). */
const unusable = (caught: unknown): Unusable => {
  const reason = caught instanceof ApiError ? caught.reason : null
  if (reason === 'expired' || reason === 'used' || reason === 'revoked') return reason
  return caught instanceof ApiError && (caught.status === 404 || caught.status === 410) ? 'invalid' : 'error'
}

/** The invitation's role comes as a plain string (shared/api/invitations.ts): a known role, or none of the person's side. */
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

/**
 * `/invitation/<token>`: who invites me to what, for which address, then a
 * password to join (a new account's, or the existing account's), accepted
 * only as the address the invitation names. Clear pages for expired, used,
 * revoked and invalid links.
 */
export function InvitationPage({ token }: { token: string }) {
  const { t, i18n } = useTranslation()
  const { refresh } = useSession()
  const invitationQuery = useQuery({ queryKey: ['invitations', token], queryFn: () => fetchInvitation(token), staleTime: Infinity, refetchOnWindowFocus: false })
  // A link used, revoked or expired while the page was open: what accepting it answered.
  const [refused, setRefused] = useState<Unusable | null>(null)
  const [name, setName] = useState<string | null>(null)
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<string | null>(null)
  // Sign-on (Pro Santé Connect) when the server has it; `?sso=` is what its callback reports.
  const signOn = useQuery(providersQuery).data?.oidc?.label ?? null
  const [ssoOutcome] = useState(() => new URLSearchParams(window.location.search).get('sso'))
  const ids = { name: useId(), password: useId(), confirm: useId(), hint: useId() }

  useEffect(() => {
    document.title = `${t('invitation.title')} — ${t('app.name')}`
  }, [t])

  const accept = useMutation({
    mutationFn: (body: { password: string; name?: string }) => acceptInvitation(token, body),
  })

  const status: Unusable | 'loading' | 'ready' = refused ?? (invitationQuery.isPending ? 'loading' : invitationQuery.isError ? unusable(invitationQuery.error) : 'ready')
  if (status === 'loading')
    return (
      <main id="main" className="page">
        <Spinner label={t('app.loading')} />
      </main>
    )
  if (status !== 'ready' || !invitationQuery.data)
    return (
      <main id="main" className="page login-page">
        <div className="login-card" data-invitation={status}>
          <h1>{t(`invitation.${status}.title`)}</h1>
          <p>{t(`invitation.${status}.text`)}</p>
          <p>
            <a href="/">{t('invitation.toLogin')}</a>
          </p>
        </div>
      </main>
    )

  const invitation = invitationQuery.data
  // The name the invitation proposes until the user types their own.
  const shownName = name ?? invitation.name ?? ''
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (password.length < 8) return setError(t('invitation.passwordTooShort'))
    if (password !== confirm) return setError(t('invitation.passwordMismatch'))
    setError(null)
    try {
      const { situationId } = await accept.mutateAsync({
        password,
        ...(shownName.trim() ? { name: shownName.trim() } : {}),
      })
      await refresh()
      // The person's side lands on their own view; professionals on the plan.
      navigate(isRole(invitation.role) && isPersonSide(invitation.role) ? personHref(situationId) : situationHref(situationId))
    } catch (caught) {
      accept.reset()
      if (caught instanceof ApiError && (caught.reason === 'expired' || caught.reason === 'used' || caught.reason === 'revoked')) setRefused(caught.reason)
      else if (caught instanceof ApiError && caught.status === 401) setError(t('invitation.wrongPassword'))
      else if (caught instanceof ApiError && caught.reason === 'otherAccount') setError(t('invitation.otherAccount'))
      else if (caught instanceof ApiError && caught.status === 429) setError(t('invitation.throttled'))
      else setError(caught instanceof ApiError && caught.status === 409 ? t('invitation.taken') : t('invitation.failed'))
    }
  }

  return (
    <main id="main" className="page login-page">
      <div className="login-card" data-invitation="ready">
        <h1>{t('invitation.welcome')}</h1>
        <p>{t('invitation.intro', { title: invitation.situationTitle, role: t(`role.${invitation.role}`, { defaultValue: invitation.role }) })}</p>
        {(invitation.email || invitation.login) && <p data-testid="invitation-for">{t('invitation.for', { who: invitation.email ?? invitation.login })}</p>}
        <p className="muted small">{t('invitation.expires', { date: formatDate(invitation.expiresAt, i18n.language) })}</p>
        <form onSubmit={submit} noValidate className="stack">
          <div className="field">
            <label htmlFor={ids.name}>{t('invitation.name')}</label>
            <input id={ids.name} autoComplete="name" value={shownName} onChange={(event) => setName(event.target.value)} />
          </div>
          {/* For password managers: the account is the one the invitation names, not editable. */}
          <input type="hidden" autoComplete="username" value={invitation.email ?? invitation.login ?? ''} readOnly />
          <div className="field">
            <label htmlFor={ids.password}>{t('invitation.password')}</label>
            <input id={ids.password} type="password" autoComplete="new-password" aria-describedby={ids.hint} value={password} onChange={(event) => setPassword(event.target.value)} />
            <span id={ids.hint} className="field-hint">
              {invitation.purpose === 'reset' ? t('invitation.passwordHint') : t('invitation.existingHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={ids.confirm}>{t('invitation.confirm')}</label>
            <input id={ids.confirm} type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />
          </div>
          {error && <Notice tone="error">{error}</Notice>}
          <Button type="submit" variant="primary" disabled={accept.isPending || accept.isSuccess}>
            {t('invitation.accept')}
          </Button>
        </form>
        {signOn && invitation.purpose === 'join' && (
          <>
            {ssoOutcome && <Notice tone="error">{ssoOutcome === 'existingAccount' ? t('invitation.ssoExisting', { label: signOn }) : t('invitation.ssoFailed', { label: signOn })}</Notice>}
            {/* A full-page navigation to the provider: new accounts only, linked to the provider's identity. */}
            <a className="btn btn-secondary" href={`/api/auth/oidc/invitation/${encodeURIComponent(token)}`}>
              {t('invitation.sso', { label: signOn })}
            </a>
          </>
        )}
      </div>
    </main>
  )
}
