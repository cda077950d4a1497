import { useTranslation } from 'react-i18next'
import { coEvaluationHref } from '../app/hrefs.ts'
import { speaksForPerson, type Role } from '../../shared/domain/roles.ts'
import { NAMESPACES } from '../i18n/catalog.ts'

/** The person's (or representative's) way to say where their goals stand, from their own space. */
export function CoEvaluationLink({ situationId, role }: { situationId: string; role: Role }) {
  const { t } = useTranslation(NAMESPACES.followUp)
  if (!speaksForPerson(role)) return null
  return (
    <a href={coEvaluationHref(situationId)} className="btn btn-ghost" data-testid="co-evaluation-link">
      {t('coEvaluation.link')}
    </a>
  )
}
