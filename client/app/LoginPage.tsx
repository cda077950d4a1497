import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/http.ts'
import { useSession } from './session.tsx'
import { Button, Notice } from '../ui/primitives.tsx'

export function LoginPage() {
  const { t } = useTranslation()
  const { login } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const emailId = useId()
  const passwordId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!email.trim() || !password) {
      setError(t('login.malformed'))
      return
    }
    setPending(true)
    setError(null)
    try {
      await login(email.trim(), password)
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? t('login.invalid') : caught instanceof ApiError && caught.status === 400 ? t('login.malformed') : t('login.failed'))
      setPending(false)
    }
  }

  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <p className="brand brand-large" aria-hidden="true">
          <span className="brand-mark" /> {t('app.name')}
        </p>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={submit} noValidate className="stack">
          <div className="field">
            <label htmlFor={emailId}>{t('login.email')}</label>
            <input id={emailId} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>{t('login.password')}</label>
            <input id={passwordId} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {error && <Notice tone="error">{error}</Notice>}
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? t('login.submitting') : t('login.submit')}
          </Button>
        </form>
      </div>
      <p className="login-tagline">{t('app.tagline')}</p>
    </main>
  )
}
