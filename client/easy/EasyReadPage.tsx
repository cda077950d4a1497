import { useMemo, useRef, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { useTranslation } from 'react-i18next'
import { CalendarClock, User } from 'lucide-react'
import { planRoots, readActions, readGoals, type Action, type Goal } from '../../shared/schema/plan.ts'
import type { SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { personHref, situationHref } from '../app/router.ts'
import { useMe } from '../app/session.tsx'
import { colorFor, type PresenceUser } from '../collab/presence.ts'
import { useCollabDoc, useDocReady } from '../collab/use-collab-doc.ts'
import { useYRead } from '../collab/use-y.ts'
import { SituationLoader } from '../situation/SituationLoader.tsx'
import { Notice, Spinner } from '../ui/primitives.tsx'
import { ReadAloudButton } from '../ui/read-aloud.tsx'
import { DOMAIN_ICONS, STATUS_ICONS } from '../ui/pictograms.ts'
import { actionLines } from '../situation/plain-words.ts'
import { FollowUpLinks } from './FollowUpLinks.tsx'
import { isPersonSide, speaksForPerson } from '../../shared/domain/roles.ts'


/** One block of the easy-read plan, with its own "read aloud" button. */
function EasyBlock({ children, label, className, testId }: { children: ReactNode; label: string; className?: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  return (
    <section className={['easy-block', className].filter(Boolean).join(' ')} aria-label={label} data-testid={testId}>
      <div ref={ref}>{children}</div>
      <ReadAloudButton target={ref} label={label} />
    </section>
  )
}

function EasyAction({ action, situation }: { action: Action; situation: SituationDetail }) {
  const { t, i18n } = useTranslation()
  const Icon = STATUS_ICONS[action.status]
  return (
    <li className={`easy-action easy-status-${action.status}`} data-action-id={action.id}>
      <p className="easy-action-title">{action.title || t('rows.untitled')}</p>
      <p className="easy-line easy-status">
        <Icon aria-hidden="true" size={28} />
        <span>{t(`easy.status.${action.status}`)}</span>
      </p>
      {actionLines(action, situation.members, t, i18n.language).map((line, index) => (
        <p key={line} className="easy-line">
          {index === 0 ? <User aria-hidden="true" size={22} /> : <CalendarClock aria-hidden="true" size={22} />}
          <span>{line}</span>
        </p>
      ))}
    </li>
  )
}

function EasyGoal({ goal, index, actions, situation }: { goal: Goal; index: number; actions: Action[]; situation: SituationDetail }) {
  const { t, i18n } = useTranslation()
  const Icon = goal.domain ? DOMAIN_ICONS[goal.domain] : null
  const due = formatDate(goal.dueDate, i18n.language)
  return (
    <EasyBlock label={t('easy.goalNumber', { n: index + 1 })} className="easy-goal" testId="easy-goal">
      <h2 className="easy-goal-title">
        {Icon && <Icon aria-hidden="true" size={44} />}
        <span>
          <span className="easy-goal-number">{t('easy.goalNumber', { n: index + 1 })}</span> {goal.title || t('rows.untitled')}
        </span>
      </h2>
      {goal.domain && <p className="easy-line easy-domain">{t(`easy.domain.${goal.domain}`)}</p>}
      {goal.expectedResult && <p className="easy-line">{t('easy.expected', { result: goal.expectedResult })}</p>}
      {due && <p className="easy-line">{t('easy.goalDue', { date: due })}</p>}
      {actions.length > 0 ? (
        <>
          <h3 className="easy-actions-title">{t('easy.whatWeDo')}</h3>
          <ul className="easy-actions">
            {actions.map((action) => (
              <EasyAction key={action.id} action={action} situation={situation} />
            ))}
          </ul>
        </>
      ) : (
        <p className="easy-line">{t('easy.noActions')}</p>
      )}
    </EasyBlock>
  )
}

function EasyPlan({ situation }: { situation: SituationDetail }) {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const user = useMemo<PresenceUser>(() => ({ id: me.id, name: me.name, role: situation.role, color: colorFor(me.id) }), [me.id, me.name, situation.role])
  const collab = useCollabDoc(situation.id, 'plan', situation.access.plan === 'none' ? null : user, { readOnly: true })
  const ready = useDocReady(collab)
  return (
    <main id="main" className="page easy-page" lang={i18n.language}>
      <h1>{t('easy.title', { name: situation.personName })}</h1>
      <p className="person-links">
        {isPersonSide(situation.role) && <a href={personHref(situation.id)}>{t('easy.backToSpace')}</a>}
        {situation.access.plan !== 'none' && <a href={situationHref(situation.id)}>{t('person.seePlan')}</a>}
      </p>
      <EasyBlock label={t('easy.aboutTitle')} className="easy-about">
        <p className="easy-line">{t('easy.about', { name: situation.personName })}</p>
        <p className="easy-line">{situation.coordinator ? t('easy.coordinator', { name: situation.coordinator.name }) : t('easy.noCoordinator')}</p>
        {situation.reviewDate && <p className="easy-line">{t('easy.review', { date: formatDate(situation.reviewDate, i18n.language) })}</p>}
      </EasyBlock>
      {situation.access.plan !== 'none' && (
        <FollowUpLinks situationId={situation.id} canRate={speaksForPerson(situation.role)} />
      )}
      {situation.access.plan === 'none' ? (
        <Notice tone="info">{t('easy.hidden')}</Notice>
      ) : collab && ready ? (
        <EasyGoals doc={collab.doc} situation={situation} />
      ) : (
        <Spinner label={t('app.loading')} />
      )}
    </main>
  )
}

function EasyGoals({ doc, situation }: { doc: Y.Doc; situation: SituationDetail }) {
  const { t } = useTranslation()
  const roots = planRoots(doc)
  const goals = useYRead([roots.goals], () => readGoals(doc).filter((goal) => goal.deletedAt === null))
  const actions = useYRead([roots.actions], () => readActions(doc).filter((action) => action.deletedAt === null))
  if (goals.length === 0) return <p className="easy-line">{t('easy.noGoals')}</p>
  return (
    <>
      {goals.map((goal, index) => (
        <EasyGoal key={goal.id} goal={goal} index={index} situation={situation} actions={actions.filter((action) => action.goalId === goal.id)} />
      ))}
    </>
  )
}

/** The plan in easy-to-read French (FALC), generated from the structured plan: `#/situations/<id>/facile`. */
export function EasyReadPage({ situationId }: { situationId: string }) {
  return <SituationLoader situationId={situationId}>{(situation) => <EasyPlan situation={situation} />}</SituationLoader>
}
