/**
 * A situation's HTTP records beside its live documents: validated versions
 * and the person's agreement, the timeline, consent, and who wrote with which
 * Yjs client id. Declared once here for the server's routes and the client.
 */

export type AgreementStatus = 'agreed' | 'notAgreed' | 'pending'

/** The person's (or legal representative's) word on one version. */
export interface Agreement {
  status: AgreementStatus
  comment: string | null
  by: string
  byName: string
  at: string
}

/** `GET /api/situations/:id/versions`: validated versions, newest first. */
export interface VersionSummary {
  id: string
  label: string
  createdAt: string
  createdBy: string
  meetingId: string | null
  agreement?: Agreement | null
}

export interface VersionDetail extends VersionSummary {
  /** How `parts` is written. */
  encoding: 'yjs-update-v1-base64'
  /** Base64 Yjs updates, one per part the caller may read. */
  parts: { plan?: string; person?: string; health?: string }
}

/** `GET /api/situations/:id/authors`: who wrote with which Yjs client id (the server's client-id binding). */
export type Authors = Record<string, { userId: string; name: string; role: string | null }>

/** The timeline's kinds as the client lists them: the entries derived from meetings and versions, then those one adds. */
export const TIMELINE_EVENT_KINDS = ['meeting', 'version', 'handover', 'rupture', 'transition', 'hospitalisation', 'move', 'newService', 'event'] as const
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number]

/** `GET /api/situations/:id/timeline`: one dated entry of the parcours. */
export interface TimelineEvent {
  id: string
  date: string
  /** The server's TimelineEntry types it as text (server/domain/timeline.ts): not checked yet, see the note of issue 16. */
  kind: TimelineEventKind
  title: string
  detail: string | null
  by: string | null
  /** `health` for a clinical entry, listed only for readers of the health part. */
  part?: 'plan' | 'health'
}

export interface ConsentRecord {
  id: string
  status: 'agreed' | 'objected'
  how: string | null
  givenByMember: string | null
  recordedBy: string | null
  givenAt: string
  recordedAt: string
  comment: string | null
}

/** `GET /api/situations/:id/consent`. */
export interface ConsentState {
  /** The latest record (the one in force). */
  current: ConsentRecord | null
  objection: boolean
  history: ConsentRecord[]
}
