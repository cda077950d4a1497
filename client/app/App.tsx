import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { accountHref, actionsHref, useRoute } from './router.ts'
import { useSession } from './session.tsx'
import { LoginPage } from './LoginPage.tsx'
import { SituationsPage } from '../situations/SituationsPage.tsx'
// The front door's styles (front-links, front-grid, tables…) are also used by the list and the plan's
// header: loaded with the shell, where the list used to import them from client/intake.
import '../intake/front-door.css'
import { MyActionsPage } from '../situations/MyActionsPage.tsx'
import { TodoHeaderLink } from '../todo/TodoHeaderLink.tsx'
import { ProgressRequests } from '../todo/ProgressRequests.tsx'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { LANGUAGES } from './i18n.ts'
import { PilotLink } from '../observatory/PilotLink.tsx'

/** The situation page carries TipTap and Yjs: loaded on demand to keep the first load small. */
const SituationPage = lazy(() => import('../plan/SituationPage.tsx').then((module) => ({ default: module.SituationPage })))
const PersonPage = lazy(() => import('../person/PersonPage.tsx').then((module) => ({ default: module.PersonPage })))
const EasyReadPage = lazy(() => import('../easy/EasyReadPage.tsx').then((module) => ({ default: module.EasyReadPage })))
const TodoPage = lazy(() => import('../todo/TodoPage.tsx').then((module) => ({ default: module.TodoPage })))
const CoEvaluationPage = lazy(() => import('../easy/CoEvaluationPage.tsx').then((module) => ({ default: module.CoEvaluationPage })))
const EasyMinutesPage = lazy(() => import('../easy/EasyMinutesPage.tsx').then((module) => ({ default: module.EasyMinutesPage })))
const InvitationPage = lazy(() => import('../situations/InvitationPage.tsx').then((module) => ({ default: module.InvitationPage })))
const MeetingsRoute = lazy(() => import('../meeting/MeetingsRoute.tsx').then((module) => ({ default: module.MeetingsRoute })))
const FrontDoorRoute = lazy(() => import('./FrontDoorRoute.tsx').then((module) => ({ default: module.FrontDoorRoute })))
const AccountPage = lazy(() => import('../account/AccountPage.tsx').then((module) => ({ default: module.AccountPage })))
/** The versions route with the plan's sections it renders read-only (composed in app/: versions does not import plan). */
const VersionsWithPlan = lazy(() => import('./VersionsWithPlan.tsx').then((module) => ({ default: module.VersionsWithPlan })))
const ObservatoryPage = lazy(() => import('../observatory/ObservatoryPage.tsx').then((module) => ({ default: module.ObservatoryPage })))

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
  const route = useRoute()
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <nav aria-label={t('app.mainNav')} className="app-nav">
        <a href="#/" className="brand">
          <span className="brand-mark" aria-hidden="true" /> {t('app.name')}
        </a>
        {state.status === 'authenticated' && (
          <>
            <a href="#/" aria-current={route.name === 'situations' ? 'page' : undefined}>
              {t('app.back')}
            </a>
            <a href={actionsHref} aria-current={route.name === 'actions' ? 'page' : undefined}>
              {t('app.myActions')}
            </a>
            <TodoHeaderLink current={route.name === 'todo'} routeKey={window.location.hash} />
            <PilotLink current={route.name === 'observatory'} />
            <a href={accountHref} aria-current={route.name === 'account' ? 'page' : undefined}>
              {t('account.link')}
            </a>
          </>
        )}
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

  const loading = (
    <main id="main" className="page">
      <Spinner label={t('app.loading')} />
    </main>
  )
  let content
  if (route.name === 'invitation')
    content = (
      <Suspense fallback={loading}>
        <InvitationPage token={route.token} />
      </Suspense>
    )
  else if (state.status === 'loading') content = <main id="main" className="page"><Spinner label={t('app.loading')} /></main>
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
      <Suspense fallback={loading}>
        <SituationPage key={route.situationId} situationId={route.situationId} rowId={route.rowId} />
      </Suspense>
    )
  else if (route.name === 'person')
    content = (
      <Suspense fallback={loading}>
        <PersonPage key={route.situationId} situationId={route.situationId} />
      </Suspense>
    )
  else if (route.name === 'easyRead')
    content = (
      <Suspense fallback={loading}>
        <EasyReadPage key={route.situationId} situationId={route.situationId} />
      </Suspense>
    )
  else if (route.name === 'meetings')
    content = (
      <Suspense fallback={loading}>
        <MeetingsRoute key={route.situationId} situationId={route.situationId} meetingId={route.meetingId} />
      </Suspense>
    )
  else if (route.name === 'versions')
    content = (
      <Suspense fallback={loading}>
        <VersionsWithPlan key={route.situationId} situationId={route.situationId} versionId={route.versionId} />
      </Suspense>
    )
  else if (route.name === 'observatory')
    content = (
      <Suspense fallback={loading}>
        <ObservatoryPage />
      </Suspense>
    )
  else if (route.name === 'requests' || route.name === 'newRequest' || route.name === 'request' || route.name === 'circle' || route.name === 'audit' || route.name === 'choices')
    content = (
      <Suspense fallback={loading}>
        <FrontDoorRoute route={route} />
      </Suspense>
    )
  else if (route.name === 'todo' || route.name === 'coEvaluation' || route.name === 'easyMinutes')
    content = (
      <Suspense fallback={loading}>
        {route.name === 'todo' ? <TodoPage /> : route.name === 'coEvaluation' ? <CoEvaluationPage key={route.situationId} situationId={route.situationId} /> : <EasyMinutesPage key={route.meetingId} situationId={route.situationId} meetingId={route.meetingId} />}
      </Suspense>
    )
  else if (route.name === 'account')
    content = (
      <Suspense fallback={loading}>
        <AccountPage />
      </Suspense>
    )
  else if (route.name === 'actions') content = <MyActionsPage above={<ProgressRequests />} />
  else content = <SituationsPage />

  return (
    <>
      <Header />
      {content}
    </>
  )
}
