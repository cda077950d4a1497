import { useEffect, useId, useState, type FormEvent } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/http.ts'
import { useSession } from '../app/session.tsx'
import { keepsHealthCopies, setKeepHealthCopies } from '../collab/local-copies.ts'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { accountQuery, changePassword, requestEmailChange, sessionsQuery, LINK_SIGN_ON_URL, logoutEverywhere, saveName, unlinkSignOn } from './api.ts'

const dateTime = (epochOrIso: number | string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(epochOrIso))

/** What the sign-on callback reports in the address (`#/compte?sso=linked`). */
const ssoOutcome = (): string | null => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('sso')
/** What the e-mail confirmation link reports (`#/compte?email=confirmed|invalid`). */
const emailOutcome = (): string | null => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('email')

/**
 * "Mon compte" (issue 14): name, e-mail, password change, the linked
 * sign-on, this device's offline copies, active sessions and "Se
 * déconnecter partout".
 */
export function AccountPage() {
  const { t, i18n } = useTranslation()
  const { refresh, expire } = useSession()
  const queryClient = useQueryClient()
  const accountRead = useQuery(accountQuery)
  const sessionsRead = useQuery(sessionsQuery)
  const account = accountRead.data
  const sessions = sessionsRead.data ?? []
  const failed = accountRead.isError || sessionsRead.isError
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  // What is typed; until then, the stored name.
  const [typedName, setName] = useState<string | null>(null)
  const name = typedName ?? account?.name ?? ''
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  // This device's choice (local storage, not the server's): read once the account is known.
  const [keepHealthChoice, setKeepHealth] = useState<boolean | null>(null)
  const keepHealth = keepHealthChoice ?? (account ? keepsHealthCopies(account.id) : false)
  const [sso] = useState(ssoOutcome)
  const [emailReport] = useState(emailOutcome)
  const [newEmail, setNewEmail] = useState('')
  const [emailPassword, setEmailPassword] = useState('')
  const ids = { name: useId(), current: useId(), next: useId(), health: useId(), healthHint: useId(), newEmail: useId(), emailPassword: useId() }

  /** Every write of this page changes the account or its sessions: both are read again. */
  const load = async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: accountQuery.queryKey }), queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey })])
    setName(null)
  }
  useEffect(() => {
    document.title = `${t('account.title')} — ${t('app.name')}`
  }, [t])

  if (failed && !account) return <main id="main" className="page"><Notice tone="error">{t('account.failed')}</Notice></main>
  if (!account) return <main id="main" className="page"><Spinner label={t('app.loading')} /></main>

  const run = async (action: () => Promise<unknown>, success: string) => {
    setMessage(null)
    try {
      await action()
      setMessage({ tone: 'success', text: success })
      await load()
    } catch {
      setMessage({ tone: 'error', text: t('account.failed') })
    }
  }
  const submitName = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return
    void run(async () => {
      await saveName(name.trim())
      await refresh()
    }, t('account.saved'))
  }
  const submitEmail = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    try {
      const { status } = await requestEmailChange(newEmail.trim(), emailPassword)
      setMessage({ tone: 'success', text: status === 'sent' ? t('account.emailSent') : t('account.emailChanged') })
      setEmailPassword('')
      await load()
    } catch (caught) {
      const status = caught instanceof ApiError ? caught.status : 0
      setMessage({ tone: 'error', text: status === 400 ? t('account.wrongPassword') : status === 409 ? t('account.emailTaken') : t('account.failed') })
    }
  }
  const submitPassword = async (event: FormEvent) => {
    event.preventDefault()
    if (next.length < 8) return setMessage({ tone: 'error', text: t('account.tooShort') })
    try {
      await changePassword(current, next)
      // Every session ended, this one too: log in again with the new password.
      expire()
    } catch (caught) {
      setMessage({ tone: 'error', text: caught instanceof ApiError && caught.status === 400 ? t('account.wrongPassword') : t('account.failed') })
    }
  }

  return (
    <main id="main" className="page account-page stack">
      <h1>{t('account.title')}</h1>
      {sso === 'linked' && account.sso && <Notice tone="success">{t('account.ssoLinked', { date: dateTime(account.sso.linkedAt ?? Date.now(), i18n.language) })}</Notice>}
      {(sso === 'taken' || sso === 'failed') && account.sso && <Notice tone="error">{t('login.ssoFailed', { label: account.sso.label })}</Notice>}
      {emailReport === 'confirmed' && <Notice tone="success">{t('account.emailConfirmed')}</Notice>}
      {emailReport === 'invalid' && <Notice tone="error">{t('account.emailInvalid')}</Notice>}
      {message && <Notice tone={message.tone}>{message.text}</Notice>}

      <section aria-labelledby="account-identity" className="card stack">
        <h2 id="account-identity">{t('account.identity')}</h2>
        <form onSubmit={submitName} className="stack">
          <div className="field">
            <label htmlFor={ids.name}>{t('account.name')}</label>
            <input id={ids.name} autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
          </div>
          <Button type="submit">{t('account.saveName')}</Button>
        </form>
        {account.email && (
          <p>
            {t('account.email')} : <strong>{account.email}</strong> <span className="muted small">({account.emailVerified ? t('account.emailVerified') : t('account.emailUnverified')})</span>
          </p>
        )}
        {account.hasPassword && (
          <form onSubmit={submitEmail} className="stack">
            <div className="field">
              <label htmlFor={ids.newEmail}>{t('account.newEmail')}</label>
              <input id={ids.newEmail} type="email" autoComplete="email" value={newEmail} onChange={(event) => setNewEmail(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.emailPassword}>{t('account.passwordToConfirm')}</label>
              <input id={ids.emailPassword} type="password" autoComplete="current-password" value={emailPassword} onChange={(event) => setEmailPassword(event.target.value)} />
            </div>
            <Button type="submit">{t('account.changeEmail')}</Button>
          </form>
        )}
        {account.login && (
          <p>
            {t('account.login')} : <strong>{account.login}</strong>
          </p>
        )}
      </section>

      {account.hasPassword && (
        <section aria-labelledby="account-password" className="card stack">
          <h2 id="account-password">{t('account.password')}</h2>
          <form onSubmit={submitPassword} className="stack">
            <input type="hidden" autoComplete="username" value={account.email ?? account.login ?? ''} readOnly />
            <div className="field">
              <label htmlFor={ids.current}>{t('account.currentPassword')}</label>
              <input id={ids.current} type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.next}>{t('account.newPassword')}</label>
              <input id={ids.next} type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />
            </div>
            <Button type="submit">{t('account.changePassword')}</Button>
          </form>
        </section>
      )}

      {account.sso && (
        <section aria-labelledby="account-sso" className="card stack">
          <h2 id="account-sso">{t('account.sso', { label: account.sso.label })}</h2>
          {account.sso.linked ? (
            <>
              <p data-sso="linked">{t('account.ssoLinked', { date: dateTime(account.sso.linkedAt!, i18n.language) })}</p>
              {account.hasPassword && <Button onClick={() => void run(unlinkSignOn, t('account.saved'))}>{t('account.ssoUnlink')}</Button>}
            </>
          ) : (
            <>
              <p data-sso="unlinked">{t('account.ssoNotLinked', { label: account.sso.label })}</p>
              {/* A full-page navigation: the provider's pages are its own. */}
              <a className="btn btn-secondary" href={LINK_SIGN_ON_URL}>
                {t('account.ssoLink')}
              </a>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="account-devices" className="card stack">
        <h2 id="account-devices">{t('account.devices')}</h2>
        {account.sharedDevice ? (
          <p>{t('account.sharedDevice')}</p>
        ) : (
          <div className="field">
            <label htmlFor={ids.health}>
              <input
                id={ids.health}
                type="checkbox"
                aria-describedby={ids.healthHint}
                checked={keepHealth}
                onChange={(event) => {
                  setKeepHealth(event.target.checked)
                  setKeepHealthCopies(account.id, event.target.checked)
                }}
              />{' '}
              {t('account.keepHealth')}
            </label>
            <span id={ids.healthHint} className="field-hint">
              {t('account.keepHealthHint')}
            </span>
          </div>
        )}
        <h3>{t('account.sessions')}</h3>
        <ul className="stack" data-testid="sessions">
          {sessions.map((session) => (
            <li key={session.id}>
              {session.userAgent ? session.userAgent.slice(0, 80) : '—'} · {session.sharedDevice ? t('account.shared') : t('account.personal')}
              {session.current && <strong> ({t('account.thisSession')})</strong>}
              <br />
              <span className="muted small">{t('account.lastActive', { date: dateTime(session.lastActiveAt, i18n.language) })}</span>
            </li>
          ))}
        </ul>
        <Button onClick={() => void run(() => logoutEverywhere(false), t('account.loggedOutElsewhere'))}>{t('account.logoutEverywhere')}</Button>
      </section>
    </main>
  )
}
