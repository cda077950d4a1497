import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { planRoots, readActions, readGoals } from '../../shared/schema/plan.ts'
import type { Member } from '../api/types.ts'
import { useYRead } from '../collab/use-y.ts'
import { CommitInput, Field } from '../situation/fields.tsx'
import { PlanContext, peersAt, usePlan } from '../situation/plan-context.tsx'
import { FocusChips } from '../situation/PresenceBar.tsx'
import { YTextInput } from '../situation/YTextInput.tsx'
import { Badge, Button, IconButton } from '../ui/primitives.tsx'
import { addDecision, amendDecision, decisionRowOf, readDecisions, removeDecision, restoreDecision, type Decision } from './decisions.ts'
import { MEETING_NS } from './strings.ts'

const OTHER = '__other__'

interface LinkOption {
  value: string
  label: string
}

/** Live goals and actions of the plan, as options for "linked to". */
function useLinkOptions(): LinkOption[] {
  const { t } = useTranslation(MEETING_NS)
  const plan = usePlan()
  const { doc } = plan.writer
  const roots = planRoots(doc)
  const rows = useYRead([roots.goals, roots.actions], () => ({ goals: readGoals(doc), actions: readActions(doc) }))
  const untitled = t('decisions.untitled')
  const goals = rows.goals.filter((goal) => goal.deletedAt === null)
  return goals.flatMap((goal) => [
    { value: goal.id, label: t('decisions.goalOption', { title: goal.title || untitled }) },
    ...rows.actions
      .filter((action) => action.deletedAt === null && action.goalId === goal.id)
      .map((action) => ({ value: action.id, label: `\u00a0\u00a0${t('decisions.actionOption', { title: action.title || untitled })}` })),
  ])
}

export const memberName = (members: readonly Member[], by: string | null): string | null => (by ? (members.find((member) => member.id === by)?.name ?? by) : null)

/** Responsible: a member of the circle, or a name typed for someone outside it. */
function ResponsibleSelect({ id, value, onChange, disabled }: { id: string; value: string | null; onChange: (value: string | null) => void; disabled?: boolean }) {
  const { t } = useTranslation(MEETING_NS)
  const plan = usePlan()
  const [typing, setTyping] = useState(false)
  const isMember = value !== null && plan.members.some((member) => member.id === value)
  const choice = isMember ? value : value !== null || typing ? OTHER : ''
  return (
    <div className="owner-picker">
      <select
        id={id}
        value={choice}
        disabled={disabled}
        onChange={(event) => {
          const next = event.target.value
          setTyping(next === OTHER)
          if (next === OTHER) {
            if (isMember) onChange(null)
          } else onChange(next || null)
        }}
      >
        <option value="">{t('decisions.byNone')}</option>
        {plan.members.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
            {member.organisation && member.organisation !== member.name ? ` — ${member.organisation}` : ''}
          </option>
        ))}
        <option value={OTHER}>{t('decisions.byOther')}</option>
      </select>
      {choice === OTHER && (
        <CommitInput value={isMember ? '' : (value ?? '')} label={t('decisions.byOtherName')} placeholder={t('decisions.byOtherName')} disabled={disabled} onCommit={(name) => onChange(name.trim() || null)} />
      )}
    </div>
  )
}

function LinkSelect({ id, value, options, onChange, disabled }: { id: string; value: string | null; options: LinkOption[]; onChange: (value: string | null) => void; disabled?: boolean }) {
  const { t } = useTranslation(MEETING_NS)
  const known = value === null || options.some((option) => option.value === value)
  return (
    <select id={id} value={value ?? ''} disabled={disabled} onChange={(event) => onChange(event.target.value || null)}>
      <option value="">{t('decisions.linkedNone')}</option>
      {!known && <option value={value!}>{t('target.unknown')}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  )
}

function DecisionItem({ decision, index, options }: { decision: Decision; index: number; options: LinkOption[] }) {
  const { t } = useTranslation(MEETING_NS)
  const plan = usePlan()
  const row = decisionRowOf(plan.writer.doc, decision.id)
  if (!row) return null
  const removed = decision.deletedAt !== null
  const path = `decisions/${decision.id}`
  const label = t('decisions.number', { n: index + 1 })
  const linked = options.find((option) => option.value === decision.linkedId)?.label.trim() ?? (decision.linkedId ? t('target.unknown') : null)
  return (
    <li className={removed ? 'decision removed' : 'decision'} data-decision-id={decision.id} data-testid="decision">
      <div className="decision-head">
        <span className="decision-number" aria-hidden="true">
          {index + 1}
        </span>
        {plan.readOnly ? (
          <p className="decision-text" data-testid="decision-text">
            <span className="visually-hidden">{label} : </span>
            {decision.text || t('decisions.untitled')}
          </p>
        ) : (
          <YTextInput row={row} field="text" label={label} path={`${path}/text`} multiline className="decision-text-input" />
        )}
        <FocusChips peers={peersAt(plan.peers, 'plan', path)} />
        {removed ? (
          <span className="row-controls">
            <Badge tone="neutral">{t('decisions.removed')}</Badge>
            {!plan.readOnly && (
              <Button variant="ghost" className="btn-small" onClick={() => restoreDecision(plan.writer, decision.id)}>
                {t('decisions.restore')}
              </Button>
            )}
          </span>
        ) : (
          !plan.readOnly && (
            <IconButton label={t('decisions.remove', { text: decision.text || t('decisions.untitled') })} className="icon-btn-danger" onClick={() => removeDecision(plan.writer, decision.id)}>
              ✕
            </IconButton>
          )
        )}
      </div>
      {plan.readOnly ? (
        <p className="decision-meta muted small">
          {t('decisions.by')} : <strong data-testid="decision-by">{memberName(plan.members, decision.by) ?? '—'}</strong>
          {linked && (
            <>
              {' · '}
              {t('decisions.linked')} : <span>{linked}</span>
            </>
          )}
        </p>
      ) : (
        <div className="decision-fields">
          <Field label={t('decisions.by')}>
            {(id) => <ResponsibleSelect id={id} value={decision.by} disabled={removed} onChange={(by) => amendDecision(plan.writer, decision.id, { by })} />}
          </Field>
          <Field label={t('decisions.linked')}>
            {(id) => <LinkSelect id={id} value={decision.linkedId} options={options} disabled={removed} onChange={(linkedId) => amendDecision(plan.writer, decision.id, { linkedId })} />}
          </Field>
        </div>
      )}
    </li>
  )
}

function NewDecision({ meetingId, options }: { meetingId: string; options: LinkOption[] }) {
  const { t } = useTranslation(MEETING_NS)
  const plan = usePlan()
  const [text, setText] = useState('')
  const [by, setBy] = useState<string | null>(null)
  const [linkedId, setLinkedId] = useState<string | null>(null)
  const [formKey, setFormKey] = useState(0)
  const textId = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!text.trim()) return
    addDecision(plan.writer, { meetingId, text: text.trim(), by, linkedId })
    setText('')
    setBy(null)
    setLinkedId(null)
    setFormKey((key) => key + 1)
    document.getElementById(textId)?.focus()
  }
  return (
    <form className="new-decision" onSubmit={submit} aria-label={t('decisions.add')}>
      <div className="field">
        <label htmlFor={textId}>{t('decisions.text')}</label>
        <textarea id={textId} rows={2} value={text} placeholder={t('decisions.textPlaceholder')} onChange={(event) => setText(event.target.value)} required />
      </div>
      <div className="decision-fields" key={formKey}>
        <Field label={t('decisions.by')}>{(id) => <ResponsibleSelect id={id} value={by} onChange={setBy} />}</Field>
        <Field label={t('decisions.linked')}>{(id) => <LinkSelect id={id} value={linkedId} options={options} onChange={setLinkedId} />}</Field>
      </div>
      <Button type="submit" variant="primary" disabled={!text.trim()}>
        + {t('decisions.add')}
      </Button>
    </form>
  )
}

/**
 * The decisions log of one meeting, in the plan document: written during
 * the meeting by the plan's writers, seen live by everyone, read-only once
 * the meeting has ended (or for readers).
 */
export function DecisionsLog({ meetingId, editable }: { meetingId: string; editable: boolean }) {
  const { t } = useTranslation(MEETING_NS)
  const plan = usePlan()
  const { doc } = plan.writer
  const all = useYRead([planRoots(doc).decisions], () => readDecisions(doc, meetingId))
  const options = useLinkOptions()
  const [showRemoved, setShowRemoved] = useState(false)
  const readOnly = plan.readOnly || !editable
  const shown = showRemoved && !readOnly ? all : all.filter((decision) => decision.deletedAt === null)
  const hasRemoved = all.some((decision) => decision.deletedAt !== null)
  const view = readOnly === plan.readOnly ? plan : { ...plan, readOnly }
  return (
    <PlanContext.Provider value={view}>
      <section className="plan-section meeting-decisions" aria-labelledby="meeting-decisions-title">
        <div className="section-title-row">
          <h2 id="meeting-decisions-title">{t('decisions.title')}</h2>
          {!readOnly && hasRemoved && (
            <label className="toggle">
              <input type="checkbox" checked={showRemoved} onChange={(event) => setShowRemoved(event.target.checked)} /> {t('decisions.showRemoved')}
            </label>
          )}
        </div>
        <p className="muted small">{plan.readOnly && editable ? t('decisions.readOnly') : t('decisions.hint')}</p>
        {shown.length === 0 ? (
          <p className="muted" data-testid="no-decision">
            {t('decisions.none')}
          </p>
        ) : (
          <ol className="decision-list" aria-live="polite">
            {shown.map((decision, index) => (
              <DecisionItem key={decision.id} decision={decision} index={index} options={options} />
            ))}
          </ol>
        )}
        {!readOnly && <NewDecision meetingId={meetingId} options={options} />}
      </section>
    </PlanContext.Provider>
  )
}
