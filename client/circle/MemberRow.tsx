import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES, SECTORS, type Role, type Sector } from '../../shared/domain/roles.ts'
import type { Member } from '../../shared/api/members.ts'
import { Badge, Button } from '../ui/primitives.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'
import { CheckboxField, SelectField, TextField } from '../ui/fields.tsx'
import type { MemberInput } from '../api/circle.ts'

const SECTOR_TONE = { health: 'blue', social: 'violet', medicosocial: 'green', mainstream: 'amber' } as const
export const MEMBER_ROLES = ROLES.filter((role): role is Exclude<Role, 'coordinator'> => role !== 'coordinator')

/** The role, sector, organisation, mission, contact and care-team fields, shared by the add and edit forms. */
export function MemberFields({ value, onChange, withRole = true }: { value: MemberInput; onChange: (next: MemberInput) => void; withRole?: boolean }) {
  const { t } = useTranslation(NAMESPACES.front)
  const { t: tc } = useTranslation()
  const set = <K extends keyof MemberInput>(key: K, next: MemberInput[K]) => onChange({ ...value, [key]: next })
  return (
    <>
      <TextField label={t('circle.name')} required value={value.name} onChange={(v) => set('name', v)} name="memberName" />
      {withRole && <SelectField label={t('circle.role')} value={value.role} onChange={(v) => set('role', v)} options={MEMBER_ROLES.map((r) => ({ value: r, label: tc(`role.${r}`) }))} name="memberRole" />}
      <SelectField
        label={t('circle.sector')}
        value={value.sector ?? ''}
        onChange={(v) => set('sector', (v || null) as Sector | null)}
        options={[{ value: '', label: t('circle.noSector') }, ...SECTORS.map((s) => ({ value: s, label: tc(`sector.${s}`) }))]}
        name="memberSector"
      />
      <TextField label={t('circle.organisation')} value={value.organisation} onChange={(v) => set('organisation', v)} name="memberOrganisation" />
      <TextField label={t('circle.mission')} wide value={value.mission} onChange={(v) => set('mission', v)} name="memberMission" />
      <TextField label={t('circle.contact')} value={value.contact} onChange={(v) => set('contact', v)} name="memberContact" />
      <CheckboxField label={t('circle.careTeamField')} checked={value.careTeam ?? false} onChange={(v) => set('careTeam', v)} name="memberCareTeam" />
    </>
  )
}

/** One member of the circle: who does what, and for the coordinator, change, remove, hand over. */
export function MemberRow({
  member,
  isMe,
  manage,
  onSave,
  onRemove,
  onHandOver,
}: {
  member: Member
  isMe: boolean
  manage: boolean
  onSave: (patch: Partial<MemberInput>) => Promise<void>
  onRemove: () => Promise<void>
  onHandOver: () => Promise<void>
}) {
  const { t } = useTranslation(NAMESPACES.front)
  const { t: tc } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState<MemberInput>({
    name: member.name,
    role: member.role === 'coordinator' ? 'professional' : member.role,
    sector: member.sector,
    organisation: member.organisation,
    mission: member.mission,
    contact: member.contact,
    careTeam: member.careTeam,
  })
  const save = async (event: FormEvent) => {
    event.preventDefault()
    const { role, ...rest } = draft
    // A coordinator's role only moves by handover: the role is not sent for them.
    try {
      await onSave(member.role === 'coordinator' ? rest : { ...rest, role })
      setEditing(false)
    } catch {
      // The page shows the error; the form stays open with what was typed.
    }
  }
  return (
    <li className="member circle-member" data-member-id={member.id} data-role={member.role}>
      <div className="member-line">
        <span className="member-name">
          {member.name}
          {isMe && <span className="muted"> ({tc('situation.you')})</span>}
        </span>
        <span className="member-badges">
          <Badge tone="neutral">{tc(`role.${member.role}`)}</Badge>
          {member.sector && <Badge tone={SECTOR_TONE[member.sector]}>{tc(`sector.${member.sector}`)}</Badge>}
          {member.careTeam && member.role !== 'person' && <Badge tone="green">{t('circle.careTeam')}</Badge>}
          {!member.userId && <Badge tone="neutral">{t('circle.noAccount')}</Badge>}
        </span>
      </div>
      {member.organisation && <div className="member-org">{member.organisation}</div>}
      {member.mission && <div className="member-mission">{member.mission}</div>}
      {member.contact && <div className="muted small">{member.contact}</div>}
      {manage && !editing && (
        <div className="member-actions">
          <Button variant="ghost" className="btn-small" onClick={() => setEditing(true)} aria-label={t('circle.edit', { name: member.name })}>
            {t('circle.editShort')}
          </Button>
          {member.role !== 'coordinator' && (
            <Button variant="ghost" className="btn-small" onClick={() => window.confirm(t('circle.removeConfirm', { name: member.name })) && void onRemove()}>
              {t('circle.remove', { name: member.name })}
            </Button>
          )}
          {member.role === 'professional' && member.userId && (
            <Button variant="ghost" className="btn-small" onClick={() => window.confirm(t('circle.handoverConfirm', { name: member.name })) && void onHandOver()}>
              {t('circle.handover', { name: member.name })}
            </Button>
          )}
        </div>
      )}
      {editing && (
        <form className="front-form member-edit" onSubmit={(event) => void save(event)} aria-label={t('circle.edit', { name: member.name })}>
          <div className="front-grid">
            <MemberFields value={draft} onChange={setDraft} withRole={member.role !== 'coordinator'} />
          </div>
          <div className="member-actions">
            <Button type="submit" variant="primary">
              {t('circle.save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('circle.cancel')}</Button>
          </div>
        </form>
      )}
    </li>
  )
}
