import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ACTION_SECTORS, ACTION_STATUSES, type Action, type Goal } from '../../shared/schema/plan.ts'
import { Badge } from '../ui/primitives.tsx'
import { CommitInput, Field } from '../situation/fields.tsx'
import { peersAt, usePlan } from '../situation/plan-context.tsx'
import { FocusChips } from '../situation/PresenceBar.tsx'
import { RowControls } from './RowControls.tsx'
import { editRow, moveActionToGoal, moveRow, removeRowById, restoreRowById, rowOf } from './row-ops.ts'
import { YTextInput } from '../situation/YTextInput.tsx'
import { RowViews } from '../situation/RowViews.tsx'

const OTHER = '__other__'
const COMMITMENT_TONE = { proposed: 'amber', accepted: 'green', declined: 'red' } as const

/** One action: what, owner, sector, start, due, frequency, status (and the PAG commitment, read-only). */
export function ActionRow({ action, siblings, goals, allActions }: { action: Action; siblings: Action[]; goals: Goal[]; allActions: Action[] }) {
  const { t } = useTranslation()
  const plan = usePlan()
  const [typingOrganisation, setTypingOrganisation] = useState(false)
  const row = rowOf(plan.writer.doc, 'actions', action.id)
  if (!row) return null
  const removed = action.deletedAt !== null
  const disabled = plan.readOnly || removed
  const index = siblings.findIndex((sibling) => sibling.id === action.id)
  const path = `actions/${action.id}`
  const focus = (field: string) => () => plan.focus(`${path}/${field}`)
  const blur = () => plan.focus(null)
  const set = (fields: Record<string, unknown>) => editRow(plan.writer, 'actions', action.id, fields)
  const targetGoals = goals.filter((goal) => goal.deletedAt === null || goal.id === action.goalId)
  const ownerIsMember = action.owner !== null && plan.members.some((member) => member.id === action.owner)
  const ownerChoice = ownerIsMember ? action.owner! : action.owner !== null || typingOrganisation ? OTHER : ''

  return (
    <li className={removed ? 'action-row removed' : 'action-row'} data-action-id={action.id} data-testid="action-row">
      <div className="row-head">
        <YTextInput row={row} field="title" label={t('actions.title')} path={`${path}/title`} placeholder={t('actions.titlePlaceholder')} className="action-title" readOnly={removed} />
        <FocusChips peers={peersAt(plan.peers, 'plan', path)} />
        <RowControls
          title={action.title}
          removed={removed}
          readOnly={plan.readOnly}
          canMoveUp={index > 0}
          canMoveDown={index >= 0 && index < siblings.length - 1}
          onMove={(direction) => moveRow(plan.writer, 'actions', siblings, action.id, direction)}
          onRemove={() => removeRowById(plan.writer, 'actions', action.id)}
          onRestore={() => restoreRowById(plan.writer, 'actions', action.id)}
        />
      </div>
      <div className="row-fields">
        <Field label={t('actions.owner')} className="field-owner">
          {(id) => (
            <div className="owner-picker">
              <select
                id={id}
                value={ownerChoice}
                disabled={disabled}
                onFocus={focus('owner')}
                onBlur={blur}
                onChange={(event) => {
                  const choice = event.target.value
                  setTypingOrganisation(choice === OTHER)
                  if (choice === OTHER) {
                    if (ownerIsMember) set({ owner: null })
                  } else set({ owner: choice || null })
                }}
              >
                <option value="">{t('actions.ownerNone')}</option>
                {plan.members.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name}
                    {member.organisation && member.organisation !== member.name ? ` — ${member.organisation}` : ''}
                  </option>
                ))}
                <option value={OTHER}>{t('actions.ownerOther')}</option>
              </select>
              {ownerChoice === OTHER && (
                <CommitInput
                  value={action.owner ?? ''}
                  label={t('actions.ownerOrganisation')}
                  placeholder={t('actions.ownerOrganisation')}
                  disabled={disabled}
                  onCommit={(value) => set({ owner: value.trim() || null })}
                  onFocus={focus('owner')}
                  onBlur={blur}
                />
              )}
            </div>
          )}
        </Field>
        <Field label={t('actions.sector')}>
          {(id) => (
            <select id={id} value={action.sector ?? ''} disabled={disabled} onFocus={focus('sector')} onBlur={blur} onChange={(event) => set({ sector: event.target.value || null })}>
              <option value="">{t('sectorValue.none')}</option>
              {ACTION_SECTORS.map((sector) => (
                <option key={sector} value={sector}>
                  {t(`sectorValue.${sector}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('actions.status')}>
          {(id) => (
            <select id={id} value={action.status} disabled={disabled} onFocus={focus('status')} onBlur={blur} onChange={(event) => set({ status: event.target.value })} data-status={action.status}>
              {ACTION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`actionStatus.${status}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('actions.start')}>
          {(id) => <CommitInput id={id} type="date" value={action.start ?? ''} disabled={disabled} onCommit={(value) => set({ start: value || null })} onFocus={focus('start')} onBlur={blur} />}
        </Field>
        <Field label={t('actions.dueDate')}>
          {(id) => <CommitInput id={id} type="date" value={action.dueDate ?? ''} disabled={disabled} onCommit={(value) => set({ dueDate: value || null })} onFocus={focus('dueDate')} onBlur={blur} />}
        </Field>
        <Field label={t('actions.frequency')}>
          {(id) => (
            <CommitInput id={id} value={action.frequency ?? ''} placeholder={t('actions.frequencyPlaceholder')} disabled={disabled} onCommit={(value) => set({ frequency: value.trim() || null })} onFocus={focus('frequency')} onBlur={blur} />
          )}
        </Field>
        {targetGoals.length > 1 && !plan.readOnly && (
          <Field label={t('actions.goal')}>
            {(id) => (
              <select
                id={id}
                value={action.goalId ?? ''}
                disabled={disabled}
                onChange={(event) =>
                  moveActionToGoal(
                    plan.writer,
                    action.id,
                    event.target.value,
                    allActions.filter((other) => other.goalId === event.target.value),
                  )
                }
              >
                {targetGoals.map((goal, i) => (
                  <option key={goal.id} value={goal.id}>
                    {`${i + 1}. ${goal.title || t('rows.untitled')}`}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {plan.kind === 'pag' && (
          <div className="field commitment" title={t('actions.commitmentHint')}>
            <span className="field-label">{t('actions.commitment')}</span>
            <span>
              <Badge tone={action.commitment ? COMMITMENT_TONE[action.commitment] : 'neutral'}>{t(`commitment.${action.commitment ?? 'none'}`)}</Badge>
            </span>
          </div>
        )}
      </div>
      {plan.personDoc && <RowViews doc={plan.personDoc} rowId={action.id} members={plan.members} compact />}
    </li>
  )
}
