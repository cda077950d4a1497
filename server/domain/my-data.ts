import * as Y from 'yjs'
import { documentName } from '../../shared/schema/roots.ts'
import { healthRoots, personRoots, parseView } from '../../shared/schema/person.ts'
import { richTextToPlain } from '../../shared/editor/yjs-rich-text.ts'
import { buildPlanModel, type PlanModel } from '../export/plan-model.ts'
import type { PolicyContext } from '../auth/policy.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { ConsentRows } from '../storage/consent.ts'
import type { IdentityRows } from '../storage/person-identity.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import type { RecordRows } from '../storage/records.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'
import type { VersionRows } from '../storage/versions.ts'
import type { LiveDocuments } from './live-documents.ts'
import { accessLog, type AccessEntry } from './access-log.ts'
import { DomainError } from './errors.ts'
import { retentionDateOf, type RetentionYears } from './retention-policy.ts'
import { emptyIdentity, type PersonIdentity } from '../../shared/domain/intake.ts'
import { speaksForPerson } from '../../shared/domain/roles.ts'

export interface MyDataDeps {
  situations: SituationRows
  identities: IdentityRows
  versions: VersionRows
  meetings: MeetingRows
  records: RecordRows
  consent: ConsentRows
  audit: AuditRows
  users: UserRows
  rooms: LiveDocuments
  retentionYears: RetentionYears
}

/** Everything Concerto holds about the person in one situation (their right of access, RGPD art. 15). */
export interface MyData {
  exportedAt: string
  situation: {
    id: string
    title: string
    kind: string
    status: string
    stage: string
    level: number | null
    territory: string | null
    createdAt: string
    closedAt: string | null
    closedReason: string | null
    retainUntil: string | null
  }
  identity: PersonIdentity
  circle: { name: string; role: string; sector: string | null; organisation: string; mission: string; contact: string; hasAccount: boolean }[]
  plan: PlanModel
  health: { notes: string }
  personSection: { lifeProject: string; expectations: string; sections: Record<string, string>; views: Record<string, unknown> }
  versions: { id: string; label: string; createdAt: string; createdBy: string; agreement: { status: string; comment: string; at: string } | null }[]
  meetings: { id: string; kind: string; title: string; startsAt: string; status: string }[]
  timeline: { date: string; kind: string; title: string; detail: string }[]
  consent: { status: string; how: string; givenAt: string; recordedAt: string; comment: string }[]
  accessLog: AccessEntry[]
}

/** Only the person and the legal representative exercise the person's right of access. */
export function assertPersonOrRepresentative(context: PolicyContext): void {
  if (!context.member || !speaksForPerson(context.member.role)) throw new DomainError(403, 'only the person or their legal representative')
}

const fromState = (state: Uint8Array): Y.Doc => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

export async function collectMyData(deps: MyDataDeps, context: PolicyContext, now = new Date()): Promise<MyData> {
  assertPersonOrRepresentative(context)
  const situation = context.situation
  if (situation.erasedAt) throw new DomainError(410, 'this situation was erased at the end of its retention period')
  const members = await deps.situations.activeMembers(situation.id)
  // The names shown, read beforehand: the versions' authors, the commitments' and the circle's (the documents' authors).
  const names = await deps.users.names(
    [...(await deps.versions.list(situation.id)).map((v) => v.createdBy), ...[...(await deps.records.commitments(situation.id)).values()].map((row) => row.userId)],
    situation.id,
  )
  const userName = (userId: string) => names.get(userId) ?? ''
  const [planState, personState, healthState] = await deps.rooms.encodeStates((['plan', 'person', 'health'] as const).map((part) => documentName(situation.id, part)))
  const plan = fromState(planState!)
  const person = fromState(personState!)
  const health = fromState(healthState!)
  try {
    const roots = personRoots(person)
    const sections: Record<string, string> = {}
    roots.lifeProjectSections.forEach((fragment, key) => {
      if (fragment instanceof Y.XmlFragment) sections[key] = richTextToPlain(fragment)
    })
    const views: Record<string, unknown> = {}
    roots.views.forEach((value, key) => {
      const view = parseView(value)
      if (view) views[key] = view
    })
    const agreements = await deps.records.agreements(situation.id)
    return {
      exportedAt: now.toISOString(),
      situation: {
        id: situation.id,
        title: situation.title,
        kind: situation.kind,
        status: situation.status,
        stage: situation.stage,
        level: situation.level,
        territory: situation.territory,
        createdAt: situation.createdAt,
        closedAt: situation.closedAt,
        closedReason: situation.closedReason,
        retainUntil: retentionDateOf(situation, deps.retentionYears),
      },
      identity: (await deps.identities.get(situation.id))?.data ?? emptyIdentity(situation.personName),
      circle: members.map((m) => ({ name: m.name, role: m.role, sector: m.sector, organisation: m.organisation, mission: m.mission, contact: m.contact, hasAccount: m.userId !== null })),
      plan: buildPlanModel({ situation, members, plan, person, commitments: await deps.records.commitments(situation.id), agreement: null, version: null, userName }),
      health: { notes: richTextToPlain(healthRoots(health).notes) },
      personSection: { lifeProject: richTextToPlain(roots.lifeProject), expectations: richTextToPlain(roots.expectations), sections, views },
      versions: (await deps.versions.list(situation.id)).map((v) => {
        const agreement = agreements.get(v.id)
        return { id: v.id, label: v.label, createdAt: v.createdAt, createdBy: userName(v.createdBy), agreement: agreement ? { status: agreement.status, comment: agreement.comment, at: agreement.at } : null }
      }),
      meetings: (await deps.meetings.list(situation.id)).map((m) => ({ id: m.id, kind: m.kind, title: m.title, startsAt: m.startsAt, status: m.status })),
      timeline: (await deps.records.events(situation.id)).map((e) => ({ date: e.date, kind: e.kind, title: e.title, detail: e.detail })),
      consent: (await deps.consent.history(situation.id)).map((c) => ({ status: c.status, how: c.how, givenAt: c.givenAt, recordedAt: c.recordedAt, comment: c.comment })),
      accessLog: await accessLog(deps, situation.id, members),
    }
  } finally {
    plan.destroy()
    person.destroy()
    health.destroy()
  }
}
