import { queryOptions } from '@tanstack/react-query'
import { request } from './http.ts'
import type { MyAction, SituationDetail, SituationSummary } from '../../shared/api/situations.ts'
import type { AgreementStatus, Authors, ConsentState, TimelineEvent, TimelineEventKind as TimelineKind, VersionDetail, VersionSummary } from '../../shared/api/records.ts'

const base = (situationId: string) => `/api/situations/${encodeURIComponent(situationId)}`

export const fetchSituations = (): Promise<SituationSummary[]> => request<SituationSummary[]>('GET', '/api/situations')
/** "Mes situations"; invalidated by whatever changes a situation's summary (circle, closure, a new situation). */
export const situationsQuery = queryOptions({ queryKey: ['situations'], queryFn: fetchSituations })

/** Rejects with ApiError(404) when the caller is not a member (or the id is unknown). */
export const fetchSituation = (situationId: string): Promise<SituationDetail> => request<SituationDetail>('GET', base(situationId))

/** "Mes actions": every plan action I (or my organisation) own, by due date. */
export const fetchMyActions = (): Promise<MyAction[]> => request<MyAction[]>('GET', '/api/me/actions')
export const myActionsQuery = queryOptions({ queryKey: ['me', 'actions'], queryFn: fetchMyActions })

/** Validated versions, newest first, each with the person's agreement record. */
export const fetchVersions = (situationId: string): Promise<VersionSummary[]> => request<VersionSummary[]>('GET', `${base(situationId)}/versions`)

export const fetchVersion = (situationId: string, versionId: string): Promise<VersionDetail> =>
  request<VersionDetail>('GET', `${base(situationId)}/versions/${encodeURIComponent(versionId)}`)

export const createVersion = (situationId: string, label: string): Promise<VersionSummary> => request<VersionSummary>('POST', `${base(situationId)}/versions`, { label })

/** The person's (or legal representative's) agreement to a version; 403 for anyone else. */
export const recordAgreement = (situationId: string, versionId: string, status: AgreementStatus, comment?: string): Promise<unknown> =>
  request('POST', `${base(situationId)}/versions/${encodeURIComponent(versionId)}/agreement`, { status, ...(comment ? { comment } : {}) })

/** Who wrote with which Yjs client id in one part. */
export const fetchAuthors = (situationId: string, part: 'person' | 'plan'): Promise<Authors> => request<Authors>('GET', `${base(situationId)}/authors?part=${part}`)

export const fetchTimeline = (situationId: string): Promise<TimelineEvent[]> => request<TimelineEvent[]>('GET', `${base(situationId)}/timeline`)

export const addTimelineEvent = (situationId: string, event: { date: string; kind: TimelineKind; title: string; detail?: string; part?: 'plan' | 'health' }): Promise<TimelineEvent> =>
  request<TimelineEvent>('POST', `${base(situationId)}/timeline`, event)

export const fetchConsent = (situationId: string): Promise<ConsentState> => request<ConsentState>('GET', `${base(situationId)}/consent`)

export const recordConsent = (situationId: string, body: { status: 'agreed' | 'objected'; how?: string; givenByMemberId?: string; comment?: string }): Promise<unknown> =>
  request('POST', `${base(situationId)}/consent`, body)
