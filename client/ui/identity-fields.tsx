import { useTranslation } from 'react-i18next'
import { LEGAL_PROTECTIONS, type PersonIdentity } from '../../shared/domain/intake.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import { SelectField, TextField } from './fields.tsx'

/** The person's identity fields (intake form and part 1 of the plan): shared by intake and circle, so here rather than in either. */
export function IdentityFields({ value, onChange, disabled }: { value: PersonIdentity; onChange: (next: PersonIdentity) => void; disabled?: boolean }) {
  const { t } = useTranslation(NAMESPACES.front)
  const set = <K extends keyof PersonIdentity>(key: K, next: PersonIdentity[K]) => onChange({ ...value, [key]: next })
  return (
    <>
      <TextField label={t('identity.name')} required value={value.name} onChange={(v) => set('name', v)} disabled={disabled} name="personName" />
      <TextField label={t('identity.birthDate')} type="date" value={value.birthDate ?? ''} onChange={(v) => set('birthDate', v || null)} disabled={disabled} name="birthDate" />
      <TextField label={t('identity.address')} wide value={value.address} onChange={(v) => set('address', v)} disabled={disabled} name="address" />
      <TextField label={t('identity.phone')} type="tel" value={value.phone} onChange={(v) => set('phone', v)} disabled={disabled} name="phone" />
      <TextField label={t('identity.trustedPerson')} value={value.trustedPerson.name} onChange={(v) => set('trustedPerson', { ...value.trustedPerson, name: v })} disabled={disabled} name="trustedPerson" />
      <TextField label={t('identity.trustedPersonContact')} value={value.trustedPerson.contact} onChange={(v) => set('trustedPerson', { ...value.trustedPerson, contact: v })} disabled={disabled} />
      <SelectField
        label={t('identity.legalProtection')}
        value={value.legalProtection}
        onChange={(v) => set('legalProtection', v)}
        options={LEGAL_PROTECTIONS.map((p) => ({ value: p, label: t(`protection.${p}`) }))}
        disabled={disabled}
        name="legalProtection"
      />
      {value.legalProtection !== 'none' && (
        <>
          <TextField label={t('identity.legalProtectionHolder')} value={value.legalProtectionHolder.name} onChange={(v) => set('legalProtectionHolder', { ...value.legalProtectionHolder, name: v })} disabled={disabled} />
          <TextField label={t('identity.legalProtectionHolderContact')} value={value.legalProtectionHolder.contact} onChange={(v) => set('legalProtectionHolder', { ...value.legalProtectionHolder, contact: v })} disabled={disabled} />
        </>
      )}
      <TextField label={t('identity.parentalAuthority')} wide value={value.parentalAuthority} onChange={(v) => set('parentalAuthority', v)} disabled={disabled} />
      <TextField label={t('identity.generalPractitioner')} value={value.generalPractitioner.name} onChange={(v) => set('generalPractitioner', { ...value.generalPractitioner, name: v })} disabled={disabled} name="generalPractitioner" />
      <TextField label={t('identity.generalPractitionerContact')} value={value.generalPractitioner.contact} onChange={(v) => set('generalPractitioner', { ...value.generalPractitioner, contact: v })} disabled={disabled} />
    </>
  )
}
