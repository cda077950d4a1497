import { useEffect, useId, useState, type FormEvent } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/http.ts'
import { providersQuery } from '../api/auth.ts'
import { useSession } from './session.tsx'
import { Button, Notice } from '../ui/primitives.tsx'

/** What the sign-on callback reports in the address (`/?sso=unlinked`), shown once. */
const ssoOutcome = (): string | null => new URLSearchParams(window.location.search).get('sso')

export function LoginPage() {
  const { t } = useTranslation()
  const { login } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  // Unchecked means a shared device: the safe default on MSP and hospital workstations.
  const [personalDevice, setPersonalDevice] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const providers = useQuery(providersQuery).data ?? null
  const [sso] = useState(ssoOutcome)
  const emailId = useId()
  const passwordId = useId()
  const deviceId = useId()
  const deviceHintId = useId()

  // The outcome is read once into state: the address is cleaned so a reload does not show it again.
  useEffect(() => {
    if (sso) window.history.replaceState(null, '', window.location.pathname + window.location.hash)
  }, [sso])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!email.trim() || !password) {
      setError(t('login.malformed'))
      return
    }
    setPending(true)
    setError(null)
    try {
      await login(email.trim(), password, personalDevice)
    } catch (caught) {
      const status = caught instanceof ApiError ? caught.status : 0
      setError(status === 401 ? t('login.invalid') : status === 429 ? t('login.throttled') : status === 400 ? t('login.malformed') : t('login.failed'))
      setPending(false)
    }
  }

  const oidc = providers?.oidc ?? null
  const ssoError = sso && oidc ? (sso === 'unlinked' ? t('login.ssoUnlinked', { label: oidc.label }) : t('login.ssoFailed', { label: oidc.label })) : null
  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <p className="brand brand-large" aria-hidden="true">
          <span className="brand-mark" /> {t('app.name')}
        </p>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {ssoError && <Notice tone="error">{ssoError}</Notice>}
        <form onSubmit={submit} noValidate className="stack">
          <div className="field">
            <label htmlFor={emailId}>{t('login.email')}</label>
            <input id={emailId} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>{t('login.password')}</label>
            <input id={passwordId} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="field field-checkbox">
            <label htmlFor={deviceId}>
              <input id={deviceId} name="personalDevice" type="checkbox" aria-describedby={deviceHintId} checked={personalDevice} onChange={(e) => setPersonalDevice(e.target.checked)} />{' '}
              {t('login.personalDevice')}
            </label>
            <span id={deviceHintId} className="field-hint">
              {t('login.personalDeviceHint')}
            </span>
          </div>
          {error && <Notice tone="error">{error}</Notice>}
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? t('login.submitting') : t('login.submit')}
          </Button>
        </form>
        {oidc && (
          <>
            <p className="muted small">{t('login.or')}</p>
            {/* A full-page navigation: the provider's pages are not ours to load in a frame or by fetch. */}
            <a className="btn btn-secondary" href={`${oidc.start}?personal=${personalDevice ? '1' : '0'}`}>
              {t('login.sso', { label: oidc.label })}
            </a>
          </>
        )}
      </div>
      <p className="login-tagline">{t('app.tagline')}</p>
    </main>
  )
}
