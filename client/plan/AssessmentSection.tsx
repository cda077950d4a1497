import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from '../../shared/schema/roots.ts'
import { addAssessmentNeed, assessmentFragment, planRoots, readAssessmentNeeds, removeAssessmentNeed } from '../../shared/schema/plan.ts'
import { NeedPicker } from '../ui/need-picker.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'
import { useYRead } from '../collab/use-y.ts'
import { RichTextEditor } from '../editor/RichTextEditor.tsx'
import { peersAt, usePlan } from '../situation/plan-context.tsx'
import { FocusChips } from '../situation/PresenceBar.tsx'

function DomainEditor({ domain }: { domain: AssessmentDomain }) {
  const { t } = useTranslation()
  const plan = usePlan()
  const { doc } = plan.writer
  // The fragment is created by the server; never create a missing one here.
  const fragment = useYRead([planRoots(doc).assessment], () => assessmentFragment(doc, domain))
  const path = `assessment/${domain}`
  const onFocus = useCallback(() => plan.focus(path), [plan, path])
  const onBlur = useCallback(() => plan.focus(null), [plan])
  const hintId = `hint-${domain}`
  return (
    <article className="domain" data-domain={domain}>
      <header className="domain-header">
        <h3>{t(`domain.${domain}`)}</h3>
        <FocusChips peers={peersAt(plan.peers, 'plan', path)} />
      </header>
      <p id={hintId} className="domain-hint">
        {t(`domainHint.${domain}`)}
      </p>
      {fragment ? (
        <RichTextEditor
          fragment={fragment}
          provider={plan.provider}
          user={plan.user}
          readOnly={plan.readOnly}
          label={t('editor.label', { label: t(`domain.${domain}`) })}
          describedBy={hintId}
          onFocus={onFocus}
          onBlur={onBlur}
        />
      ) : (
        <p className="placeholder">{t('editor.missing')}</p>
      )}
      <DomainNeeds domain={domain} />
    </article>
  )
}

/** The SERAFIN-PH needs identified in one domain, coded by search as you type. */
function DomainNeeds({ domain }: { domain: AssessmentDomain }) {
  const { t } = useTranslation(NAMESPACES.territory)
  const plan = usePlan()
  const { doc, origin } = plan.writer
  const codes = useYRead([planRoots(doc).assessmentNeeds], () => readAssessmentNeeds(doc)[domain].map((need) => need.code))
  return (
    <div className="domain-needs">
      <NeedPicker
        label={t('need.assessmentLabel')}
        codes={codes}
        readOnly={plan.readOnly}
        onAdd={(code) => doc.transact(() => addAssessmentNeed(doc, domain, code, plan.writer.author()), origin)}
        onRemove={(code) => doc.transact(() => removeAssessmentNeed(doc, domain, code, plan.writer.author()), origin)}
      />
    </div>
  )
}

/** The multidimensional assessment: one editor per domain, all expanded. */
export function AssessmentSection({ title }: { title: string }) {
  return (
    <section className="plan-section" aria-labelledby="section-assessment">
      <h2 id="section-assessment">{title}</h2>
      <div className="domains">
        {ASSESSMENT_DOMAINS.map((domain) => (
          <DomainEditor key={domain} domain={domain} />
        ))}
      </div>
    </section>
  )
}
