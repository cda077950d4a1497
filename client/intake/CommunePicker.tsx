import { useEffect, useState } from 'react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { searchCommunes, type Commune } from '../api/communes.ts'
import { Button } from '../ui/primitives.tsx'
import { Combobox } from '../ui/combobox.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'

export type { Commune }

/**
 * Chooses the person's commune from the official list (by name, accents
 * optional, or by postcode), searched on the server so the 8 MB list never
 * reaches the browser. `value` is the chosen commune (its INSEE `code` is
 * what a situation stores as `territory`).
 *
 * @example <CommunePicker value={commune} onChange={setCommune} />
 */
export function CommunePicker({
  value,
  onChange,
  label,
  disabled = false,
}: {
  value: Commune | null
  onChange: (commune: Commune | null) => void
  label?: string
  disabled?: boolean
}) {
  const { t } = useTranslation(NAMESPACES.territory)
  const [query, setQuery] = useState('')
  const text = query.trim()
  // Wait for a pause in typing before asking the server.
  const [asked, setAsked] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setAsked(text), 200)
    return () => clearTimeout(timer)
  }, [text])
  const search = useQuery({
    queryKey: ['communes', asked],
    queryFn: () => searchCommunes(asked),
    enabled: asked !== '',
    // The list changes once a year: a search answered once is answered.
    staleTime: Infinity,
    // While the next answer comes, the previous choices stay.
    placeholderData: keepPreviousData,
  })
  const results = text === '' ? [] : (search.data ?? [])
  const loading = text !== '' && (text !== asked || search.isFetching)
  const failed = text !== '' && search.isError

  const fieldLabel = label ?? t('commune.label')
  if (value)
    return (
      <div className="commune-picker commune-chosen">
        <span className="field-label-static">{fieldLabel}</span>
        <p>
          <strong>{t('commune.chosen', { name: value.name, postcodes: value.postcodes.join(', '), code: value.code })}</strong>{' '}
          {!disabled && (
            <Button variant="ghost" onClick={() => onChange(null)}>
              {t('commune.clear')}
            </Button>
          )}
        </p>
      </div>
    )
  return (
    <div className="commune-picker">
      <Combobox
        label={fieldLabel}
        placeholder={t('commune.placeholder')}
        query={query}
        onQuery={setQuery}
        loading={loading}
        failed={failed}
        disabled={disabled}
        options={results.map((commune) => ({ value: commune.code, label: commune.name, detail: `${commune.postcodes.join(', ')} · ${commune.departement}` }))}
        onPick={(option) => {
          const commune = results.find((c) => c.code === option.value)
          if (commune) onChange(commune)
          setQuery('')
        }}
      />
    </div>
  )
}
