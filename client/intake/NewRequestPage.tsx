import { useEffect, useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'
import { emptyIdentity, PERSON_AGREES, REQUESTER_KINDS, URGENCIES, type PersonAgrees, type PersonIdentity, type RequesterKind, type Urgency } from '../../shared/domain/intake.ts'
import { CommunePicker, type Commune } from './CommunePicker.tsx'
import { navigate, requestHref, requestsHref } from '../app/router.ts'
import { useMe } from '../app/session.tsx'
import { Button, Notice } from '../ui/primitives.tsx'
import { createRequest, servicesQuery, type NewSupportRequest } from './api.ts'
import { CheckboxField, FieldGroup, SelectField, TextArea, TextField } from '../ui/fields.tsx'
import { IdentityFields } from '../ui/identity-fields.tsx'
import { FRONT_NS } from './strings.ts'

/** "Nouvelle demande": a request for support, recorded by the coordinator or sent by a professional of the territory. */
export function NewRequestPage() {
  const { t } = useTranslation(FRONT_NS)
  const { t: tc } = useTranslation()
  const me = useMe()
  const queryClient = useQueryClient()
  // Where the request goes: chosen when Concerto knows several services, implied when it knows one.
  const services = useQuery(servicesQuery)
  const [chosenService, setChosenService] = useState('')
  const serviceList = services.data ?? []
  const serviceId = serviceList.length === 1 ? serviceList[0]!.id : chosenService
  const noService = services.isSuccess && serviceList.length === 0
  const [requesterKind, setRequesterKind] = useState<RequesterKind>('professional')
  const [requesterIsMe, setRequesterIsMe] = useState(false)
  const [requesterName, setRequesterName] = useState('')
  const [requesterOrganisation, setRequesterOrganisation] = useState('')
  const [requesterContact, setRequesterContact] = useState('')
  const [person, setPerson] = useState<PersonIdentity>(emptyIdentity())
  const [reason, setReason] = useState('')
  const [difficulties, setDifficulties] = useState('')
  const [urgency, setUrgency] = useState<Urgency>('routine')
  const [personInformed, setPersonInformed] = useState(false)
  const [personAgrees, setPersonAgrees] = useState<PersonAgrees>('unknown')
  const [consentHow, setConsentHow] = useState('')
  const [level, setLevel] = useState<string>('')
  const [commune, setCommune] = useState<Commune | null>(null)
  const create = useMutation({
    mutationFn: (body: NewSupportRequest) => createRequest(body),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['requests'] })
      navigate(requestHref(created.id))
    },
  })

  useEffect(() => {
    document.title = `${t('form.title')} — ${tc('app.name')}`
  }, [t, tc])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate({
        ...(serviceId ? { serviceId } : {}),
        requesterKind,
        requesterIsMe,
        requesterName: requesterIsMe && !requesterName ? me.name : requesterName,
        requesterOrganisation,
        requesterContact,
        person,
        reason,
        difficulties,
        urgency,
        personInformed,
        personAgrees,
        consentHow,
        level: level ? (Number(level) as ResponseLevel) : null,
        territory: commune?.code ?? null,
    })
  }
  const busy = create.isPending || create.isSuccess

  return (
    <main id="main" className="page front-page">
      <p>
        <a href={requestsHref}>{t('nav.backToList')}</a>
      </p>
      <h1>{t('form.title')}</h1>
      <p className="muted">{t('form.intro')}</p>
      {noService && <Notice tone="warning">{t('form.noService')}</Notice>}
      <form className="front-form" onSubmit={submit} noValidate={false}>
        {serviceList.length > 1 && (
          <FieldGroup legend={t('form.serviceSection')}>
            <SelectField
              label={t('form.service')}
              required
              value={chosenService}
              onChange={setChosenService}
              options={[{ value: '', label: t('form.serviceChoose') }, ...serviceList.map((service) => ({ value: service.id, label: service.name }))]}
              name="serviceId"
            />
          </FieldGroup>
        )}
        <FieldGroup legend={t('form.requester')}>
          <SelectField label={t('form.requesterKind')} value={requesterKind} onChange={setRequesterKind} options={REQUESTER_KINDS.map((k) => ({ value: k, label: t(`requesterKind.${k}`) }))} name="requesterKind" />
          <CheckboxField label={t('form.requesterIsMe')} checked={requesterIsMe} onChange={setRequesterIsMe} name="requesterIsMe" />
          <TextField label={t('form.requesterName')} required={!requesterIsMe} value={requesterName} onChange={setRequesterName} name="requesterName" />
          <TextField label={t('form.requesterOrganisation')} value={requesterOrganisation} onChange={setRequesterOrganisation} name="requesterOrganisation" />
          <TextField label={t('form.requesterContact')} wide value={requesterContact} onChange={setRequesterContact} name="requesterContact" />
        </FieldGroup>
        <FieldGroup legend={t('form.person')}>
          <IdentityFields value={person} onChange={setPerson} />
          <div className="field field-wide">
            <CommunePicker value={commune} onChange={setCommune} label={t('form.territory')} />
          </div>
        </FieldGroup>
        <FieldGroup legend={t('form.reasonSection')}>
          <TextArea label={t('form.reason')} required value={reason} onChange={setReason} name="reason" />
          <TextArea label={t('form.difficulties')} value={difficulties} onChange={setDifficulties} rows={4} name="difficulties" />
          <SelectField label={t('form.urgency')} value={urgency} onChange={setUrgency} options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))} name="urgency" />
          <SelectField
            label={t('level.label')}
            hint={t('form.levelHint')}
            value={level}
            onChange={setLevel}
            options={[{ value: '', label: t('level.none') }, ...[1, 2, 3, 4].map((l) => ({ value: String(l), label: t(`level.${l}`) }))]}
            name="level"
          />
        </FieldGroup>
        <FieldGroup legend={t('form.consentSection')}>
          <CheckboxField label={t('form.personInformed')} checked={personInformed} onChange={setPersonInformed} name="personInformed" />
          <SelectField label={t('form.personAgrees')} value={personAgrees} onChange={setPersonAgrees} options={PERSON_AGREES.map((a) => ({ value: a, label: t(`agrees.${a}`) }))} name="personAgrees" />
          <TextField label={t('form.consentHow')} hint={t('form.consentHowHint')} wide value={consentHow} onChange={setConsentHow} name="consentHow" />
        </FieldGroup>
        {create.isError && <Notice tone="error">{t('form.failed')}</Notice>}
        <Button type="submit" variant="primary" disabled={busy || noService}>
          {busy ? t('form.sending') : t('form.submit')}
        </Button>
      </form>
    </main>
  )
}
