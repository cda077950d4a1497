import { useTranslation } from 'react-i18next'
import { TERRITORY_NS } from '../territory/strings.ts'
import { usePilotOf } from './pilot.ts'

export const observatoryHref = '#/observatoire'

/** The header link to the observatory, shown only to accounts holding the pilot right somewhere. */
export function PilotLink({ current }: { current: boolean }) {
  const { t } = useTranslation(TERRITORY_NS)
  const pilotOf = usePilotOf()
  if (!pilotOf || pilotOf.length === 0) return null
  return (
    <a href={observatoryHref} aria-current={current ? 'page' : undefined}>
      {t('observatory.nav')}
    </a>
  )
}
