import { coEvaluationHref } from '../todo/routes.ts'
import { useFollowUpT } from '../todo/strings.ts'

/** The person's (or representative's) way to say where their goals stand, from their own space. */
export function CoEvaluationLink({ situationId, role }: { situationId: string; role: string }) {
  const { t } = useFollowUpT()
  if (role !== 'person' && role !== 'legalRepresentative') return null
  return (
    <a href={coEvaluationHref(situationId)} className="btn btn-ghost" data-testid="co-evaluation-link">
      {t('coEvaluation.link')}
    </a>
  )
}
