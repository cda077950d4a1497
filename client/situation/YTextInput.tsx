import { useEffect, useRef, type KeyboardEvent } from 'react'
import * as Y from 'yjs'
import type { RowMap } from '../../shared/schema/rows.ts'
import { textOf } from '../../shared/schema/rows.ts'
import { usePlan } from './plan-context.tsx'
import { editText } from '../collab/plan-writer.ts'

interface YTextInputProps {
  row: RowMap
  field: string
  label: string
  /** Focus path for presence, e.g. `goals/<id>/title`. */
  path: string
  multiline?: boolean
  placeholder?: string
  className?: string
  id?: string
  /** Read-only for this row only (a removed row), even when the plan is writable. */
  readOnly?: boolean
}

/** Moves a caret index through a remote Y.Text delta. */
function transformIndex(index: number, delta: Y.YTextEvent['delta']): number {
  let position = 0
  let result = index
  for (const op of delta) {
    if (op.retain !== undefined) position += op.retain
    else if (typeof op.insert === 'string') {
      if (position < result) result += op.insert.length
      position += op.insert.length
    } else if (op.delete !== undefined) {
      if (position < result) result -= Math.min(op.delete, result - position)
    }
  }
  return result
}

/**
 * A plain `<input>` (or `<textarea>`) bound to a row's Y.Text: local typing
 * is written as a minimal diff, remote edits are merged into the field
 * without moving my caret, so two people typing in one title both keep
 * their text. Falls back to a read-only display for a plain-string field.
 */
export function YTextInput({ row, field, label, path, multiline, placeholder, className, id, readOnly: rowReadOnly = false }: YTextInputProps) {
  const plan = usePlan()
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const value = row.get(field)
  const text = value instanceof Y.Text ? value : null
  const readOnly = plan.readOnly || rowReadOnly
  const disabled = readOnly || !text

  useEffect(() => {
    const element = ref.current
    if (!element) return
    element.value = textOf(row.get(field))
    if (!text) return
    const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      // My own typing is already in the field.
      if (transaction.origin === plan.writer.origin && transaction.local) return
      const next = text.toString()
      if (element.value === next) return
      const focused = document.activeElement === element
      const start = element.selectionStart ?? 0
      const end = element.selectionEnd ?? 0
      element.value = next
      if (focused) element.setSelectionRange(transformIndex(start, event.delta), transformIndex(end, event.delta))
    }
    text.observe(observer)
    return () => text.unobserve(observer)
  }, [row, field, text, plan.writer.origin])

  const onInput = () => {
    const element = ref.current
    if (element && text && !readOnly) editText(plan.writer, row, field, element.value)
  }

  const onKeyDown = (event: KeyboardEvent) => {
    // Undo/redo go through my Y.UndoManager, not the field's own history.
    if ((event.ctrlKey || event.metaKey) && (event.key === 'z' || event.key === 'Z' || event.key === 'y')) {
      event.preventDefault()
      if (event.key === 'y' || event.shiftKey) plan.undoManager.redo()
      else plan.undoManager.undo()
    }
    if (!multiline && event.key === 'Enter') event.preventDefault()
  }

  const common = {
    id,
    ref,
    'aria-label': label,
    placeholder: disabled ? undefined : placeholder,
    disabled,
    readOnly,
    className: ['ytext', className].filter(Boolean).join(' '),
    onInput,
    onKeyDown,
    onFocus: () => plan.focus(path),
    onBlur: () => plan.focus(null),
    'data-path': path,
  }
  return multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />
}
