import { CoEvaluationLink } from './CoEvaluationLink.tsx'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import * as Y from 'yjs'
import { ChevronLeft, ChevronRight, FileText, BookOpen } from 'lucide-react'
import { planRoots, readActions, readGoals } from '../../shared/schema/plan.ts'
import type { SituationDetail } from '../api/types.ts'
import { choicesHref, easyReadHref, situationHref } from '../app/router.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import { useMe, useSession } from '../app/session.tsx'
import { useAuthors } from '../collab/authors.ts'
import { useConnectionStatus, type ClosedReason } from '../collab/connection-status.ts'
import { colorFor, type PresenceUser } from '../collab/presence.ts'
import { useRemoteChangeAnnouncement, type ChangePlace } from '../collab/remote-changes.ts'
import { useCollabDoc, useDocReady } from '../collab/use-collab-doc.ts'
import { useYRead } from '../collab/use-y.ts'
import type { BlockLabeller } from '../editor/authorship.ts'
import { ConnectionBanner } from '../situation/ConnectionBanner.tsx'
import { SituationLoader } from '../situation/SituationLoader.tsx'
import { LiveRegion, Spinner } from '../ui/primitives.tsx'
import { ReadAloudButton } from '../ui/read-aloud.tsx'
import { AgreementScreen } from './AgreementScreen.tsx'
import { GoalViewScreen } from './GoalViewScreen.tsx'
import { ExpectationsScreen, LifeDomainScreen, LifeProjectSummary } from './LifeProjectScreen.tsx'
import { PersonSpaceContext, type PersonSpace } from './person-space.tsx'
import { PERSON_STEPS, personScreens, type PersonScreen } from './person-screens.ts'
import { personSectionLabeller } from '../situation/written-by.ts'
import { speaksForPerson } from '../../shared/domain/roles.ts'

function ScreenBody({ screen }: { screen: PersonScreen }) {
  const { t } = useTranslation()
  if (screen.step === 'project') return screen.key === 'summary' ? <LifeProjectSummary /> : <LifeDomainScreen domain={screen.key} />
  if (screen.step === 'expectations') return <ExpectationsScreen />
  if (screen.step === 'views') return screen.goal ? <GoalViewScreen goal={screen.goal} actions={screen.actions} /> : <p className="easy-line">{t('person.noGoals')}</p>
  return <AgreementScreen />
}

function PersonWorkspace({ situation }: { situation: SituationDetail }) {
  const { t } = useTranslation()
  const { t: tf } = useTranslation(NAMESPACES.front)
  const me = useMe()
  const { expire } = useSession()
  const user = useMemo<PresenceUser>(() => ({ id: me.id, name: me.name, role: situation.role, color: colorFor(me.id) }), [me.id, me.name, situation.role])
  const onClosed = useCallback((reason: ClosedReason) => reason === 'unauthenticated' && expire(), [expire])
  const canWrite = situation.access.person === 'write'
  const person = useCollabDoc(situation.id, 'person', user, { readOnly: !canWrite })
  const plan = useCollabDoc(situation.id, 'plan', situation.access.plan === 'none' ? null : user, { readOnly: true })
  const status = useConnectionStatus(person?.provider ?? null, situation.id, onClosed)
  const ready = useDocReady(person)
  const planDoc = plan?.doc ?? null
  // Until the plan is there (or when it is hidden), read an empty stand-in: the observed types keep one shape.
  const emptyPlan = useMemo(() => new Y.Doc(), [])
  const rowsDoc = planDoc ?? emptyPlan
  const planTypes = useMemo(() => [planRoots(rowsDoc).goals, planRoots(rowsDoc).actions], [rowsDoc])
  const rows = useYRead(planTypes, () => ({ goals: readGoals(rowsDoc), actions: readActions(rowsDoc) }))
  const screens = useMemo(() => personScreens(rows.goals, rows.actions), [rows])
  const [index, setIndex] = useState(0)
  const current = screens[Math.min(index, screens.length - 1)]!
  const headingRef = useRef<HTMLHeadingElement>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  const moved = useRef(false)

  const meAuthor = useMemo(() => ({ userId: me.id, name: me.name, role: situation.role }), [me.id, me.name, situation.role])
  const { lookup, version } = useAuthors(situation.id, 'person', person?.doc ?? null, person?.provider.awareness ?? null, meAuthor)
  const personMember = situation.members.find((member) => member.role === 'person')
  const labeller = useRef<BlockLabeller | null>(null)
  labeller.current = personSectionLabeller({ lookup, members: situation.members, personUserId: personMember?.userId ?? null, t })
  const personFirstName = (personMember?.name ?? situation.personName).split(/\s+/)[0] ?? situation.personName

  const describe = useCallback(
    (place: ChangePlace) => {
      if (place.root === 'lifeProject') return t('person.place.summary')
      if (place.root === 'expectations') return t('person.place.expectations')
      if (place.root === 'lifeProjectSections' && place.key) return t(`lifeDomain.${place.key.split('.')[0]}`)
      if (place.root === 'views' || place.root === 'relativeViews') return t('person.place.views')
      return null
    },
    [t],
  )
  const announcement = useRemoteChangeAnnouncement(person?.doc ?? null, person?.provider ?? null, describe, (writers, places) =>
    t('announce.changed', { who: writers.join(', ') || t('announce.someone'), places: places.join(', ') }),
  )

  useEffect(() => {
    document.title = `${t(`person.${situation.role === 'person' ? 'me' : 'other'}.title`, { name: personFirstName })} — ${t('app.name')}`
  }, [situation.role, personFirstName, t])

  // After moving to another screen, focus its heading (keyboard and screen-reader users land on it).
  useEffect(() => {
    if (moved.current) headingRef.current?.focus()
    moved.current = false
  }, [index])
  const go = (next: number) => {
    moved.current = true
    setIndex(Math.max(0, Math.min(screens.length - 1, next)))
    window.scrollTo({ top: 0 })
  }

  const space = useMemo<PersonSpace | null>(
    () =>
      person
        ? {
            situation,
            user,
            role: situation.role,
            voice: situation.role === 'person' ? 'me' : 'other',
            personFirstName,
            person,
            plan: planDoc,
            canWrite: canWrite && status.state !== 'closed',
            labeller,
            authorsVersion: version,
          }
        : null,
    [person, situation, user, personFirstName, planDoc, canWrite, status.state, version],
  )
  const voice = situation.role === 'person' ? 'me' : 'other'
  const stepIndex = PERSON_STEPS.indexOf(current.step)
  const inStep = screens.filter((screen) => screen.step === current.step)
  const positionInStep = inStep.indexOf(current)
  const screenTitle =
    current.step === 'project'
      ? current.key === 'summary'
        ? t('person.summaryTitle')
        : t(`lifeDomain.${current.key}`)
      : current.step === 'views' && current.goal
        ? t('person.goalOf', { n: positionInStep + 1, total: inStep.length })
        : null

  return (
    <main id="main" className="page person-page" data-part="person">
      <header className="person-header">
        <h1>{t(`person.${voice}.title`, { name: personFirstName })}</h1>
        <p className="person-intro">{t(`person.${voice}.intro`, { name: personFirstName })}</p>
        <p className="person-links">
          <a href={easyReadHref(situation.id)} className="btn btn-secondary">
            <BookOpen aria-hidden="true" size={18} /> {t('person.easyRead')}
          </a>
          <CoEvaluationLink situationId={situation.id} role={situation.role} />
          {situation.access.plan !== 'none' && (
            <a href={situationHref(situation.id)} className="btn btn-ghost">
              <FileText aria-hidden="true" size={18} /> {t('person.seePlan')}
            </a>
          )}
          {speaksForPerson(situation.role) && (
            <a href={choicesHref(situation.id)} className="btn btn-ghost">
              {tf('nav.myChoices')}
            </a>
          )}
        </p>
        <ConnectionBanner status={status} onLogin={expire} />
      </header>
      <LiveRegion message={announcement} />
      <nav aria-label={t('person.steps')} className="person-steps">
        <ol>
          {PERSON_STEPS.map((step, i) => (
            <li key={step}>
              <button
                type="button"
                className="person-step"
                data-step={step}
                aria-current={i === stepIndex ? 'step' : undefined}
                onClick={() => go(screens.findIndex((screen) => screen.step === step))}
              >
                <span className="person-step-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span>{t(`person.${voice}.step.${step}`)}</span>
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {!space || !ready ? (
        status.state !== 'closed' && <Spinner label={t('app.loading')} />
      ) : (
        <PersonSpaceContext.Provider value={space}>
          <section className="person-screen" aria-labelledby="person-screen-title" data-screen={`${current.step}:${current.key}`}>
            <div ref={bodyRef}>
              <p className="person-progress">{t('person.stepOf', { n: stepIndex + 1, total: PERSON_STEPS.length })}</p>
              <h2 id="person-screen-title" tabIndex={-1} ref={headingRef}>
                {t(`person.${voice}.step.${current.step}`)}
                {screenTitle && <span className="person-screen-subtitle"> — {screenTitle}</span>}
              </h2>
              <ScreenBody key={`${current.step}:${current.key}`} screen={current} />
            </div>
            <ReadAloudButton target={bodyRef} label={screenTitle ?? t(`person.${voice}.step.${current.step}`)} />
          </section>
          <div className="person-nav">
            <button type="button" className="btn btn-secondary btn-large" disabled={index === 0} onClick={() => go(index - 1)}>
              <ChevronLeft aria-hidden="true" size={22} /> {t('person.previous')}
            </button>
            <span className="muted">{t('person.screenOf', { n: index + 1, total: screens.length })}</span>
            <button type="button" className="btn btn-primary btn-large" disabled={index >= screens.length - 1} onClick={() => go(index + 1)}>
              {t('person.next')} <ChevronRight aria-hidden="true" size={22} />
            </button>
          </div>
        </PersonSpaceContext.Provider>
      )}
    </main>
  )
}

/** The person's own view (also a relative's and the legal representative's): `#/situations/<id>/moi`. */
export function PersonPage({ situationId }: { situationId: string }) {
  return <SituationLoader situationId={situationId}>{(situation) => <PersonWorkspace situation={situation} />}</SituationLoader>
}
