import { useTranslation } from 'react-i18next'
import type { Action, Goal } from '../../shared/schema/plan.ts'
import { formatDate } from '../app/i18n.ts'
import { actionLines } from '../situation/plain-words.ts'
import { DOMAIN_ICONS } from '../ui/pictograms.ts'
import { usePersonSpace } from './person-space.tsx'
import { RowViews } from '../situation/RowViews.tsx'
import { ViewPicker } from './ViewPicker.tsx'

/** One goal of the plan, in plain words, with my view on it and on each of its actions. */
export function GoalViewScreen({ goal, actions }: { goal: Goal; actions: Action[] }) {
  const { t, i18n } = useTranslation()
  const space = usePersonSpace()
  const Icon = goal.domain ? DOMAIN_ICONS[goal.domain] : null
  const due = formatDate(goal.dueDate, i18n.language)
  return (
    <div className="goal-view" data-goal-view={goal.id}>
      <div className="goal-view-card">
        <p className="goal-view-title">
          {Icon && <Icon aria-hidden="true" size={36} />}
          <span>{goal.title || t('rows.untitled')}</span>
        </p>
        {goal.expectedResult && <p>{t('easy.expected', { result: goal.expectedResult })}</p>}
        {due && <p>{t('easy.goalDue', { date: due })}</p>}
        <RowViews doc={space.person.doc} rowId={goal.id} members={space.situation.members} exceptUserId={space.user.id} />
        <ViewPicker rowId={goal.id} subject={goal.title} kind="goal" />
      </div>
      {actions.length > 0 && (
        <>
          <h3 className="goal-view-actions-title">{t('person.actionsOfGoal')}</h3>
          <ul className="goal-view-actions">
            {actions.map((action) => (
              <li key={action.id} className="goal-view-action" data-action-view={action.id}>
                <p className="goal-view-action-title">{action.title || t('rows.untitled')}</p>
                {actionLines(action, space.situation.members, t, i18n.language).map((line) => (
                  <p key={line} className="easy-line">
                    {line}
                  </p>
                ))}
                <RowViews doc={space.person.doc} rowId={action.id} members={space.situation.members} exceptUserId={space.user.id} />
                <ViewPicker rowId={action.id} subject={action.title} kind="action" />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
