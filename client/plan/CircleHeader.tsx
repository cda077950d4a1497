import { useTranslation } from 'react-i18next'
import type { SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { Badge } from '../ui/primitives.tsx'
import { useQuery } from '@tanstack/react-query'
import type { PersonIdentity } from '../../shared/domain/intake.ts'
import { fetchIdentity } from '../api/circle.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import type { SituationFacts } from '../ui/closed-banner.tsx'

/** Part 1's identity facts (birth date, trusted person, protection, GP), read from SQL; nothing when the reader may not see them. */
function useIdentity(situationId: string): PersonIdentity | null {
  const identity = useQuery({ queryKey: ['situations', situationId, 'identity'], queryFn: () => fetchIdentity(situationId) })
  return identity.data?.identity ?? null
}

const SECTOR_TONE = { health: 'blue', social: 'violet', medicosocial: 'green', mainstream: 'amber' } as const

/** The person, the coordinator and the circle: "chacun sait qui fait quoi". */
export function CircleHeader({ situation, title }: { situation: SituationDetail; title: string }) {
  const { t, i18n } = useTranslation()
  const { t: tf } = useTranslation(NAMESPACES.front)
  const reviewDate = formatDate(situation.reviewDate, i18n.language)
  const identity = useIdentity(situation.id)
  const level = (situation as SituationFacts).level
  const contact = (c: { name: string; contact: string }) => [c.name, c.contact].filter(Boolean).join(', ')
  return (
    <section className="plan-section circle" aria-labelledby="section-person">
      <h2 id="section-person">{title}</h2>
      <dl className="facts facts-inline">
        <div>
          <dt>{t('situation.person')}</dt>
          <dd>{situation.personName}</dd>
        </div>
        <div>
          <dt>{t('situation.coordinator')}</dt>
          <dd>{situation.coordinator?.name ?? t('situation.noCoordinator')}</dd>
        </div>
        <div>
          <dt>{t('situations.reviewDate')}</dt>
          <dd>{reviewDate ?? t('situation.noReviewDate')}</dd>
        </div>
        <div>
          <dt>{t('situations.role')}</dt>
          <dd>{t(`role.${situation.role}`)}</dd>
        </div>
        <div>
          <dt>{tf('level.label')}</dt>
          <dd data-level={level ?? ''}>{level ? tf(`level.${level}`) : tf('level.none')}</dd>
        </div>
        {identity?.birthDate && (
          <div>
            <dt>{tf('identity.birthDate')}</dt>
            <dd>{formatDate(identity.birthDate, i18n.language)}</dd>
          </div>
        )}
        {identity && contact(identity.trustedPerson) && (
          <div>
            <dt>{tf('identity.trustedPerson')}</dt>
            <dd>{contact(identity.trustedPerson)}</dd>
          </div>
        )}
        {identity && identity.legalProtection !== 'none' && (
          <div>
            <dt>{tf('identity.legalProtection')}</dt>
            <dd>{[tf(`protection.${identity.legalProtection}`), contact(identity.legalProtectionHolder)].filter(Boolean).join(' — ')}</dd>
          </div>
        )}
        {identity && contact(identity.generalPractitioner) && (
          <div>
            <dt>{tf('identity.generalPractitioner')}</dt>
            <dd>{contact(identity.generalPractitioner)}</dd>
          </div>
        )}
      </dl>
      <h3 className="subheading">{t('situation.circle')}</h3>
      <ul className="circle-list">
        {situation.members.map((member) => (
          <li key={member.id} className="member" data-member-id={member.id}>
            <div className="member-line">
              <span className="member-name">
                {member.name}
                {member.id === situation.me.memberId && <span className="muted"> ({t('situation.you')})</span>}
              </span>
              <span className="member-badges">
                <Badge tone="neutral">{t(`role.${member.role}`)}</Badge>
                {member.sector && <Badge tone={SECTOR_TONE[member.sector]}>{t(`sector.${member.sector}`)}</Badge>}
                {member.careTeam && member.role !== 'person' && <Badge tone="green">{t('situation.careTeam')}</Badge>}
              </span>
            </div>
            {member.organisation && member.organisation !== member.name && <div className="member-org">{member.organisation}</div>}
            {member.mission && <div className="member-mission">{member.mission}</div>}
            {!member.userId && <div className="muted small">{t('situation.noAccount')}</div>}
          </li>
        ))}
      </ul>
    </section>
  )
}
