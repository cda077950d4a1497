import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { useRoute } from './router.ts'
import { useSession } from './session.tsx'
import { LoginPage } from './LoginPage.tsx'
import { SituationsPage } from '../situations/SituationsPage.tsx'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { LANGUAGES } from './i18n.ts'

/** The situation page carries TipTap and Yjs: loaded on demand to keep the first load small. */
const SituationPage = lazy(() => import('../plan/SituationPage.tsx').then((module) => ({ default: module.SituationPage })))

function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={i18n.language} onChange={(event) => void i18n.changeLanguage(event.target.value)} aria-label={t('app.language')}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {language === 'fr' ? 'Français' : 'English'}
          </option>
        ))}
      </select>
    </label>
  )
}

function Header() {
  const { t } = useTranslation()
  const { state, logout } = useSession()
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <nav aria-label={t('app.mainNav')} className="app-nav">
        <a href="#/" className="brand">
          <span className="brand-mark" aria-hidden="true" /> {t('app.name')}
        </a>
        {state.status === 'authenticated' && <a href="#/">{t('app.back')}</a>}
      </nav>
      <div className="app-header-end">
        <LanguageSwitch />
        {state.status === 'authenticated' && (
          <>
            <span className="muted user-name">{t('app.loggedInAs', { name: state.me.name })}</span>
            <Button variant="ghost" onClick={() => void logout()}>
              {t('app.logout')}
            </Button>
          </>
        )}
      </div>
    </header>
  )
}

export function App() {
  const { t } = useTranslation()
  const { state, refresh } = useSession()
  const route = useRoute()

  let content
  if (state.status === 'loading') content = <main id="main" className="page"><Spinner label={t('app.loading')} /></main>
  else if (state.status === 'error')
    content = (
      <main id="main" className="page">
        <Notice tone="error" action={<Button onClick={() => void refresh()}>{t('app.retry')}</Button>}>
          {t('login.failed')}
        </Notice>
      </main>
    )
  else if (state.status === 'anonymous') content = <LoginPage />
  else if (route.name === 'situation')
    content = (
      <Suspense fallback={<main id="main" className="page"><Spinner label={t('app.loading')} /></main>}>
        <SituationPage key={route.situationId} situationId={route.situationId} />
      </Suspense>
    )
  else content = <SituationsPage />

  return (
    <>
      <Header />
      {content}
    </>
  )
}
