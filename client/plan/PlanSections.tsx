import { useTranslation } from 'react-i18next'
import { usePlan } from '../situation/plan-context.tsx'
import { AssessmentSection } from './AssessmentSection.tsx'
import { GoalsSection } from './GoalsSection.tsx'
import { UnmetSection } from './UnmetSection.tsx'

/**
 * The plan's structured parts (assessment, goals and actions, unmet needs), titled for the plan's
 * kind (PPCS or PAG), editable or read-only as the surrounding PlanContext says. The situation page
 * renders it live; a validated version renders it over its own Y.Doc, read-only, and receives it
 * from client/app (app/VersionsWithPlan.tsx), so client/versions never imports client/plan.
 */
export function PlanSections() {
  const { t } = useTranslation()
  const { kind } = usePlan()
  const title = (part: 'assessment' | 'goals' | 'unmet') => t(`parts.${kind}.${part}`)
  return (
    <>
      <AssessmentSection title={title('assessment')} />
      <GoalsSection title={title('goals')} />
      <UnmetSection title={title('unmet')} />
    </>
  )
}
