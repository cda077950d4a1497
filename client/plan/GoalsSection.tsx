import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GOAL_STATUSES, planRoots, readActions, readGoals, type Action, type ActionSector, type Goal } from '../../shared/schema/plan.ts'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import { useYRead } from '../collab/use-y.ts'
import { Button } from '../ui/primitives.tsx'
import { ActionRow } from './ActionRow.tsx'
import { CommitInput, Field } from '../situation/fields.tsx'
import { peersAt, usePlan } from '../situation/plan-context.tsx'
import { FocusChips } from '../situation/PresenceBar.tsx'
import { RowControls } from './RowControls.tsx'
import { createAction, createGoal, editRow, moveRow, removeRowById, restoreRowById, rowOf } from './row-ops.ts'
import { YTextInput } from '../situation/YTextInput.tsx'
import { RowViews } from '../situation/RowViews.tsx'

/** Focuses the title field of a row created by me, once it has rendered. */
function useFocusNewRow(): (path: string) => void {
  const [pending, setPending] = useState<string | null>(null)
  // No dependency list on purpose: the new row renders a few commits after the click (the Yjs
  // transaction, then the list), so this looks after every render until the field is there.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!pending) return
    const element = document.querySelector<HTMLElement>(`[data-path="${pending}"]`)
    if (element) {
      element.focus()
      setPending(null)
    }
  })
  return setPending
}

function ActionList({ goal, actions, goals, allActions, sector, heading, onCreated }: { goal: Goal; actions: Action[]; goals: Goal[]; allActions: Action[]; sector?: ActionSector; heading?: string; onCreated: (path: string) => void }) {
  const { t } = useTranslation()
  const plan = usePlan()
  const removed = goal.deletedAt !== null
  const add = () => {
    const id = createAction(plan.writer, { goalId: goal.id, title: '', ...(sector ? { sector } : {}) })
    onCreated(`actions/${id}/title`)
  }
  return (
    <div className="action-group" data-sector-group={sector ?? 'all'}>
      {heading && <h4 className="action-group-title">{heading}</h4>}
      {actions.length === 0 ? (
        <p className="muted small">{t('goals.noActions')}</p>
      ) : (
        <ul className="action-list">
          {actions.map((action) => (
            <ActionRow key={action.id} action={action} siblings={actions} goals={goals} allActions={allActions} />
          ))}
        </ul>
      )}
      {!plan.readOnly && !removed && (
        <Button variant="ghost" className="btn-add" onClick={add}>
          + {t('actions.add')}
          {heading ? <span className="visually-hidden"> ({heading})</span> : null}
        </Button>
      )}
    </div>
  )
}

function GoalCard({ goal, index, goals, actions, allActions, onCreated }: { goal: Goal; index: number; goals: Goal[]; actions: Action[]; allActions: Action[]; onCreated: (path: string) => void }) {
  const { t } = useTranslation()
  const plan = usePlan()
  const row = rowOf(plan.writer.doc, 'goals', goal.id)
  if (!row) return null
  const removed = goal.deletedAt !== null
  const disabled = plan.readOnly || removed
  const path = `goals/${goal.id}`
  const focus = (field: string) => () => plan.focus(`${path}/${field}`)
  const blur = () => plan.focus(null)
  const set = (fields: Record<string, unknown>) => editRow(plan.writer, 'goals', goal.id, fields)
  const titleId = `goal-title-${goal.id}`

  const groups: { sector?: ActionSector; heading?: string; actions: Action[] }[] =
    plan.kind === 'pps'
      ? [
          { sector: 'care', heading: t('sectorGroup.care'), actions: actions.filter((action) => action.sector === 'care') },
          { sector: 'help', heading: t('sectorGroup.help'), actions: actions.filter((action) => action.sector === 'help') },
          ...(actions.some((action) => action.sector === null) ? [{ heading: t('sectorGroup.none'), actions: actions.filter((action) => action.sector === null) }] : []),
        ]
      : [{ actions }]

  return (
    <li className={removed ? 'goal-card removed' : 'goal-card'} data-goal-id={goal.id} data-testid="goal-card">
      <div className="row-head goal-head">
        <span className="goal-number" aria-hidden="true">
          {index + 1}
        </span>
        <h3 className="visually-hidden">{`${t('goals.goal')} ${index + 1} : ${goal.title || t('rows.untitled')}`}</h3>
        <YTextInput row={row} field="title" id={titleId} label={t('goals.title')} path={`${path}/title`} placeholder={t('goals.titlePlaceholder')} className="goal-title" readOnly={removed} />
        <FocusChips peers={peersAt(plan.peers, 'plan', path)} />
        <RowControls
          title={goal.title}
          removed={removed}
          readOnly={plan.readOnly}
          canMoveUp={index > 0}
          canMoveDown={index < goals.length - 1}
          onMove={(direction) => moveRow(plan.writer, 'goals', goals, goal.id, direction)}
          onRemove={() => removeRowById(plan.writer, 'goals', goal.id)}
          onRestore={() => restoreRowById(plan.writer, 'goals', goal.id)}
        />
      </div>
      <div className="row-fields goal-fields">
        <Field label={t('goals.domain')}>
          {(id) => (
            <select id={id} value={goal.domain ?? ''} disabled={disabled} onFocus={focus('domain')} onBlur={blur} onChange={(event) => set({ domain: event.target.value || null })}>
              <option value="">{t('domain.none')}</option>
              {ASSESSMENT_DOMAINS.map((domain) => (
                <option key={domain} value={domain}>
                  {t(`domain.${domain}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('goals.dueDate')}>
          {(id) => <CommitInput id={id} type="date" value={goal.dueDate ?? ''} disabled={disabled} onCommit={(value) => set({ dueDate: value || null })} onFocus={focus('dueDate')} onBlur={blur} />}
        </Field>
        <Field label={t('goals.status')}>
          {(id) => (
            <select id={id} value={goal.status} disabled={disabled} onFocus={focus('status')} onBlur={blur} onChange={(event) => set({ status: event.target.value })} data-status={goal.status}>
              {GOAL_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`goalStatus.${status}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('goals.expectedResult')} className="field-wide">
          {(id) => <YTextInput row={row} field="expectedResult" id={id} label={t('goals.expectedResult')} path={`${path}/expectedResult`} multiline readOnly={removed} />}
        </Field>
      </div>
      {plan.personDoc && <RowViews doc={plan.personDoc} rowId={goal.id} members={plan.members} compact />}
      <div className="goal-actions" aria-label={`${t('goals.actions')} — ${goal.title || t('rows.untitled')}`} role="group">
        {groups.map((group) => (
          <ActionList key={group.sector ?? 'all'} goal={goal} goals={goals} allActions={allActions} actions={group.actions} sector={group.sector} heading={group.heading} onCreated={onCreated} />
        ))}
      </div>
    </li>
  )
}

/** Goals and, under each, its actions: add, edit, move, remove/restore. */
export function GoalsSection({ title }: { title: string }) {
  const { t } = useTranslation()
  const plan = usePlan()
  const { doc } = plan.writer
  const roots = planRoots(doc)
  const allGoals = useYRead([roots.goals], () => readGoals(doc))
  const allActions = useYRead([roots.actions], () => readActions(doc))
  const onCreated = useFocusNewRow()
  const goals = plan.showRemoved ? allGoals : allGoals.filter((goal) => goal.deletedAt === null)
  const visibleActions = plan.showRemoved ? allActions : allActions.filter((action) => action.deletedAt === null)

  const add = () => {
    const id = createGoal(plan.writer, { title: '' })
    onCreated(`goals/${id}/title`)
  }

  return (
    <section className="plan-section" aria-labelledby="section-goals">
      <h2 id="section-goals">{title}</h2>
      {goals.length === 0 && <p className="muted">{t('goals.empty')}</p>}
      <ol className="goal-list">
        {goals.map((goal, index) => (
          <GoalCard
            key={goal.id}
            goal={goal}
            index={index}
            goals={goals}
            actions={visibleActions.filter((action) => action.goalId === goal.id)}
            allActions={allActions}
            onCreated={onCreated}
          />
        ))}
      </ol>
      {!plan.readOnly && (
        <Button variant="secondary" className="btn-add" onClick={add}>
          + {t('goals.add')}
        </Button>
      )}
    </section>
  )
}
