import { useTranslation } from 'react-i18next'
import { NAMESPACES } from '../i18n/catalog.ts'
import { usePilotOf } from './pilot.ts'

export const observatoryHref = '#/observatoire'

/** The header link to the observatory, shown only to accounts holding the pilot right somewhere. */
export function PilotLink({ current }: { current: boolean }) {
  const { t } = useTranslation(NAMESPACES.territory)
  const pilotOf = usePilotOf()
  if (!pilotOf || pilotOf.length === 0) return null
  return (
    <a href={observatoryHref} aria-current={current ? 'page' : undefined}>
      {t('observatory.nav')}
    </a>
  )
}
