import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { searchSerafinNeeds, serafinLabel } from '../../shared/domain/serafin-ph.ts'
import { compareCodes } from '../../shared/schema/plan.ts'
import { Combobox } from './combobox.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'

/**
 * Chooses SERAFIN-PH needs by searching as you type, in French (accents
 * optional, by word or by code), and lists the chosen ones as removable
 * chips. The nomenclature ships in `shared/`: no request per keystroke.
 */
export function NeedPicker({
  label,
  codes,
  onAdd,
  onRemove,
  readOnly = false,
}: {
  label: string
  codes: readonly string[]
  onAdd: (code: string) => void
  onRemove: (code: string) => void
  readOnly?: boolean
}) {
  const { t } = useTranslation(NAMESPACES.territory)
  const [query, setQuery] = useState('')
  const sorted = useMemo(() => [...codes].sort(compareCodes), [codes])
  const options = useMemo(
    () =>
      query.trim() === ''
        ? []
        : searchSerafinNeeds(query, 15)
            .filter((need) => !codes.includes(need.code))
            .map((need) => ({ value: need.code, label: need.label, detail: need.code })),
    [query, codes],
  )
  const chips =
    sorted.length > 0 ? (
      <ul className="need-chips" aria-label={label}>
        {sorted.map((code) => (
          <li key={code} className="need-chip">
            <span className="need-code">{code}</span> {serafinLabel(code)}
            {!readOnly && (
              <button type="button" className="need-chip-remove" aria-label={t('picker.remove', { label: `${code} ${serafinLabel(code)}` })} onClick={() => onRemove(code)}>
                <span aria-hidden="true">×</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    ) : null
  // Label, then the search, then what is chosen (the usual order of a tag field); read-only: label and chips.
  return (
    <div className="need-picker">
      {readOnly ? (
        <>
          <span className="field-label-static">{label}</span>
          {chips ?? <p className="muted">{t('need.none')}</p>}
        </>
      ) : (
        <>
          <Combobox
            label={label}
            placeholder={t('need.placeholder')}
            query={query}
            onQuery={setQuery}
            options={options}
            onPick={(option) => {
              onAdd(option.value)
              setQuery('')
            }}
          />
          {chips}
        </>
      )}
    </div>
  )
}
