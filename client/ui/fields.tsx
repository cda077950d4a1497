import { useId, type ReactNode } from 'react'

/**
 * Form fields (generic: used by intake, circle and audit) with a visible label tied to their control (WCAG 1.3.1, 3.3.2),
 * an optional hint read with the field, and a required mark that is also said.
 */
interface Base {
  label: string
  hint?: string
  required?: boolean
  disabled?: boolean
  wide?: boolean
  name?: string
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {required && <span aria-hidden="true"> *</span>}
    </label>
  )
}

export function TextField({ label, hint, required, disabled, wide, value, onChange, type = 'text', autoComplete, name, maxLength }: Base & { value: string; onChange: (value: string) => void; type?: 'text' | 'email' | 'tel' | 'date'; autoComplete?: string; maxLength?: number }) {
  const id = useId()
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        required={required}
        aria-required={required || undefined}
        disabled={disabled}
        autoComplete={autoComplete ?? 'off'}
        maxLength={maxLength}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  )
}

export function TextArea({ label, hint, required, disabled, wide = true, value, onChange, rows = 3, name }: Base & { value: string; onChange: (value: string) => void; rows?: number }) {
  const id = useId()
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      <Label id={id} label={label} required={required} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        required={required}
        aria-required={required || undefined}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  )
}

export function SelectField<T extends string>({ label, hint, required, disabled, wide, value, onChange, options, name }: Base & { value: T; onChange: (value: T) => void; options: readonly { value: T; label: string }[] }) {
  const id = useId()
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      <Label id={id} label={label} required={required} />
      <select id={id} name={name} value={value} required={required} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  )
}

export function CheckboxField({ label, checked, onChange, disabled, name }: { label: string; checked: boolean; onChange: (value: boolean) => void; disabled?: boolean; name?: string }) {
  const id = useId()
  return (
    <div className="field field-wide field-check">
      <input id={id} name={name} type="checkbox" checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}

/** A group of fields under a legend (a fieldset: screen readers announce the legend with each field). */
export function FieldGroup({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="front-fieldset">
      <legend>{legend}</legend>
      <div className="front-grid">{children}</div>
    </fieldset>
  )
}
