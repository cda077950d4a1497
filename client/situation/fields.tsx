import { useEffect, useId, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDate } from '../app/i18n.ts'

/** A labelled field: visible label above the control (the label names the control). */
export function Field({ label, children, className, hint }: { label: string; children: (id: string) => ReactNode; className?: string; hint?: string }) {
  const id = useId()
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  )
}

/**
 * A plain-string field (frequency, organisation): edited locally while
 * focused, written once on blur or Enter, so one edit is one undo step.
 */
export function CommitInput({
  id,
  value,
  onCommit,
  disabled,
  placeholder,
  type = 'text',
  label,
  onFocus,
  onBlur,
}: {
  id?: string
  value: string
  onCommit: (value: string) => void
  disabled?: boolean
  placeholder?: string
  type?: 'text' | 'date'
  label?: string
  onFocus?: () => void
  onBlur?: () => void
}) {
  const { i18n } = useTranslation()
  const [draft, setDraft] = useState(value)
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    if (!editing) setDraft(value)
  }, [value, editing])
  const commit = () => {
    if (draft !== value) onCommit(draft)
  }
  if (disabled)
    // Readers see the value in words (a French date, no placeholder), not an empty form.
    return <input id={id} type="text" disabled aria-label={label} value={type === 'date' ? (formatDate(value, i18n.language, 'medium') ?? '') : value} />
  return (
    <input
      id={id}
      type={type}
      value={editing ? draft : value}
      disabled={disabled}
      placeholder={placeholder}
      aria-label={label}
      onFocus={() => {
        setDraft(value)
        setEditing(true)
        onFocus?.()
      }}
      onChange={(event) => {
        setDraft(event.target.value)
        // Date pickers commit at once: there is no typing to wait for.
        if (type === 'date' && event.target.value !== value) onCommit(event.target.value)
      }}
      onBlur={() => {
        commit()
        setEditing(false)
        onBlur?.()
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault()
          commit()
        }
      }}
    />
  )
}
