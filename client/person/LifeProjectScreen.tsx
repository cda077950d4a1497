import { useTranslation } from 'react-i18next'
import { lifeSectionKey, personRoots, LIFE_PROMPTS, type LifeDomain } from '../../shared/schema/person.ts'
import { useYRead } from '../collab/use-y.ts'
import { LIFE_DOMAIN_ICONS } from './life-domains.ts'
import { usePersonSpace } from './person-space.tsx'
import { SectionEditor } from './SectionEditor.tsx'

/** "En quelques mots": the life project as a whole, in the person's words. */
export function LifeProjectSummary() {
  const { t } = useTranslation()
  const space = usePersonSpace()
  const fragment = personRoots(space.person.doc).lifeProject
  return (
    <SectionEditor
      fragment={fragment}
      label={t(`person.${space.voice}.lifeProjectSummary`, { name: space.personFirstName })}
      hint={t(`person.${space.voice}.lifeProjectHint`, { name: space.personFirstName })}
      testId="life-project-summary"
    />
  )
}

/** One domain: "Ce que j'espère" and "Ce que j'ai déjà essayé". */
export function LifeDomainScreen({ domain }: { domain: LifeDomain }) {
  const { t } = useTranslation()
  const space = usePersonSpace()
  const sections = personRoots(space.person.doc).lifeProjectSections
  // Created by the server, never by the client: a missing one is shown as pending.
  const fragments = useYRead([sections], () => LIFE_PROMPTS.map((prompt) => sections.get(lifeSectionKey(domain, prompt)) ?? null))
  const Icon = LIFE_DOMAIN_ICONS[domain]
  return (
    <div className="life-domain" data-life-domain={domain}>
      <p className="life-domain-intro">
        <Icon aria-hidden="true" size={40} className="life-domain-icon" />
        <span>{t(`lifeDomainHint.${domain}`)}</span>
      </p>
      {LIFE_PROMPTS.map((prompt, index) => (
        <SectionEditor
          key={`${domain}.${prompt}`}
          fragment={fragments[index] ?? null}
          label={t(`person.${space.voice}.${prompt}`, { name: space.personFirstName, domain: t(`lifeDomain.${domain}`) })}
          testId={`life-${domain}-${prompt}`}
        />
      ))}
    </div>
  )
}

/** Expectations for the next meeting. */
export function ExpectationsScreen() {
  const { t } = useTranslation()
  const space = usePersonSpace()
  return (
    <SectionEditor
      fragment={personRoots(space.person.doc).expectations}
      label={t(`person.${space.voice}.expectationsLabel`, { name: space.personFirstName })}
      hint={t(`person.${space.voice}.expectationsHint`, { name: space.personFirstName })}
      testId="expectations"
    />
  )
}
