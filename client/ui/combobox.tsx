import { useId, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { NAMESPACES } from '../i18n/catalog.ts'
import './combobox.css'

export interface ComboOption {
  value: string
  label: string
  /** A second line (a code, postcodes). */
  detail?: string
}

/**
 * An editable combobox with a list popup (WAI-ARIA 1.2 pattern): a visible
 * label, the input keeps focus, arrows move the active option
 * (`aria-activedescendant`), Enter picks it, Escape closes; the number of
 * results is announced in a polite live region.
 */
export function Combobox({
  label,
  placeholder,
  query,
  onQuery,
  options,
  onPick,
  loading = false,
  failed = false,
  disabled = false,
  describedBy,
}: {
  label: string
  placeholder?: string
  query: string
  onQuery: (text: string) => void
  options: ComboOption[]
  onPick: (option: ComboOption) => void
  loading?: boolean
  failed?: boolean
  disabled?: boolean
  describedBy?: string
}) {
  const { t } = useTranslation(NAMESPACES.territory)
  const id = useId()
  const inputId = `${id}-input`
  const listId = `${id}-list`
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const expanded = open && query.trim() !== ''
  const optionId = (index: number) => `${id}-option-${index}`

  const pick = (option: ComboOption) => {
    onPick(option)
    setOpen(false)
    setActive(-1)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setOpen(true)
      setActive((index) => (options.length === 0 ? -1 : (index + 1) % options.length))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setOpen(true)
      setActive((index) => (options.length === 0 ? -1 : index <= 0 ? options.length - 1 : index - 1))
    } else if (event.key === 'Enter') {
      if (expanded && active >= 0 && options[active]) {
        event.preventDefault()
        pick(options[active]!)
      }
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault()
        setOpen(false)
        setActive(-1)
      } else onQuery('')
    }
  }
  const status = loading ? t('picker.loading') : failed ? t('picker.failed') : options.length === 0 ? t('picker.noResult') : t('picker.results', { count: options.length })

  return (
    <div className="combobox">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        value={query}
        disabled={disabled}
        onChange={(event) => {
          onQuery(event.target.value)
          setOpen(true)
          setActive(-1)
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
      />
      <ul id={listId} role="listbox" aria-label={label} className="combobox-list" hidden={!expanded}>
        {options.map((option, index) => (
          <li
            key={option.value}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'combobox-option active' : 'combobox-option'}
            // mousedown, not click: the input's blur would close the list first.
            onMouseDown={(event) => {
              event.preventDefault()
              pick(option)
            }}
          >
            <span className="combobox-option-label">{option.label}</span>
            {option.detail && <span className="combobox-option-detail">{option.detail}</span>}
          </li>
        ))}
      </ul>
      <span className="visually-hidden" role="status" aria-live="polite">
        {expanded ? status : ''}
      </span>
    </div>
  )
}
