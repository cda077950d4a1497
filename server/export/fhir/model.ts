import * as Y from 'yjs'
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from '../../../shared/schema/roots.ts'
import { assessmentFragment, planRoots, readActions, readGoals, readPlanMeta, readUnmet, type ActionSector, type ActionStatus, type GoalStatus } from '../../../shared/schema/plan.ts'
import { healthRoots, LIFE_DOMAINS, LIFE_PROMPTS, lifeSectionKey, personRoots, readView, type View } from '../../../shared/schema/person.ts'
import { richTextToPlain } from '../../../shared/editor/yjs-rich-text.ts'
import type { PlanKind, Role, Sector } from '../../../shared/domain/roles.ts'
import type { SituationStage } from '../../../shared/domain/situation-fields.ts'
import type { MemberRow, SituationRow } from '../../storage/situations.ts'
import type { AgreementRow } from '../../storage/records.ts'
import type { MeetingKind, MeetingRow } from '../../storage/meetings.ts'

/**
 * Everything one FHIR export says, as plain values: read from a version's
 * documents and the SQL records, already cut to what the reader may see
 * (no person part without the person right, no health detail without the
 * health right). The bundle is built from this alone (bundle.ts), and the
 * import reads a bundle back into the same shape (read-bundle.ts), so
 * export → import → export can be compared field by field.
 */
export interface FhirPlanModel {
  finess: string
  situation: { id: string; title: string; kind: PlanKind; personName: string; stage: SituationStage; status: 'open' | 'closed'; createdAt: string; closedAt: string | null }
  version: { id: string; label: string; createdAt: string; createdByMemberId: string | null }
  previousVersionId: string | null
  planTitle: string
  reviewDate: string | null
  /** Part 1 of the plan (read by whoever reads the circle): null when none was recorded. */
  identity: { birthDate: string | null; phone: string; address: string } | null
  members: FhirMember[]
  /** Assessment text and coded needs (SERAFIN-PH) per domain; domains with neither are left out. */
  assessment: { domain: AssessmentDomain; text: string; codes: string[] }[]
  /** Clinical detail of the health part: null unless the reader has the health right. */
  healthDetail: string | null
  goals: { id: string; title: string; domain: AssessmentDomain | null; expectedResult: string; dueDate: string | null; status: GoalStatus; view: FhirView | null }[]
  actions: {
    id: string
    goalId: string | null
    title: string
    /** A member of the circle, or an outside organisation typed in. */
    owner: { memberId: string } | { organisation: string } | null
    sector: ActionSector | null
    start: string | null
    dueDate: string | null
    frequency: string | null
    status: ActionStatus
    view: FhirView | null
  }[]
  unmet: { id: string; need: string; targetAnswer: string; alternativeAnswer: string; needCodes: string[] }[]
  /** The person's section: null without the person right. */
  person: { lifeProject: string; sections: { key: string; text: string }[]; expectations: string } | null
  agreement: { status: AgreementRow['status']; comment: string; memberId: string | null; at: string } | null
  meetings: { id: string; kind: MeetingKind; title: string; startsAt: string; endedAt: string | null; status: MeetingRow['status']; inviteeMemberIds: string[] }[]
  /** The version's PDF, base64, as the same reader would download it. */
  pdf: { base64: string; title: string } | null
}

export interface FhirMember {
  id: string
  name: string
  role: Role
  sector: Sector | null
  organisation: string
  profession: string
  mission: string
  contact: string
  createdAt: string
}

export type FhirView = Pick<View, 'opinion' | 'comment' | 'at'>

export interface FhirModelInput {
  finess: string
  situation: SituationRow
  members: MemberRow[]
  plan: Y.Doc
  person: Y.Doc | null
  health: Y.Doc | null
  version: { id: string; label: string; createdAt: string; createdBy: string }
  previousVersionId: string | null
  agreement: AgreementRow | null
  meetings: MeetingRow[]
  pdf: Uint8Array | null
  identity?: { birthDate: string | null; phone: string; address: string } | null
}

const SERAFIN_CODE = /^1(?:\.\d{1,2}){1,3}$/

/** SERAFIN-PH codes stored on a row or in the assessment (read as plain values: the field is optional). */
const codesOf = (value: unknown): string[] =>
  Array.isArray(value) ? [...new Set(value.filter((code): code is string => typeof code === 'string' && SERAFIN_CODE.test(code)))] : []

/** Coded needs of the assessment (`assessmentNeeds`, keyed `<domain>:<code>`, tombstoned by `removedAt`). */
function assessmentCodes(plan: Y.Doc): Map<AssessmentDomain, string[]> {
  const result = new Map<AssessmentDomain, string[]>()
  const needs = plan.getMap<unknown>('assessmentNeeds')
  for (const value of needs.values()) {
    if (typeof value !== 'object' || value === null) continue
    const entry = value as Record<string, unknown>
    const domain = entry.domain as AssessmentDomain
    if (!ASSESSMENT_DOMAINS.includes(domain) || typeof entry.code !== 'string' || !SERAFIN_CODE.test(entry.code)) continue
    if (typeof entry.removedAt === 'string' && entry.removedAt !== '') continue
    result.set(domain, [...(result.get(domain) ?? []), entry.code].sort())
  }
  return result
}

const fragmentText = (fragment: unknown): string => (fragment instanceof Y.XmlFragment ? richTextToPlain(fragment).trim() : '')

export function buildFhirModel(input: FhirModelInput): FhirPlanModel {
  const { plan, person, members, situation } = input
  const meta = readPlanMeta(plan)
  const memberIds = new Set(members.map((m) => m.id))
  const view = (rowId: string): FhirView | null => {
    const found = person ? readView(person, rowId) : null
    return found && { opinion: found.opinion, comment: found.comment, at: found.at }
  }
  const codes = assessmentCodes(plan)
  const goals = readGoals(plan).filter((g) => g.deletedAt === null)
  const goalIds = new Set(goals.map((g) => g.id))
  const versionMember = members.find((m) => m.userId === input.version.createdBy)
  const healthDetail = input.health ? fragmentText(healthRoots(input.health).notes) || null : null
  const agreementMember = input.agreement && members.find((m) => m.id === input.agreement!.memberId)
  return {
    finess: input.finess,
    situation: {
      id: situation.id,
      title: situation.title,
      kind: situation.kind,
      personName: situation.personName,
      stage: situation.stage,
      status: situation.status,
      createdAt: situation.createdAt,
      closedAt: situation.closedAt,
    },
    version: { id: input.version.id, label: input.version.label, createdAt: input.version.createdAt, createdByMemberId: versionMember?.id ?? null },
    previousVersionId: input.previousVersionId,
    planTitle: meta.title || situation.title,
    reviewDate: situation.reviewDate ?? meta.reviewDate,
    identity: input.identity ? { birthDate: input.identity.birthDate, phone: input.identity.phone, address: input.identity.address } : null,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
      sector: m.sector,
      organisation: m.organisation,
      profession: m.profession,
      mission: m.mission,
      contact: m.contact,
      createdAt: m.createdAt,
    })),
    // The health need is kept whenever there is clinical detail to carry, even with an empty summary.
    assessment: ASSESSMENT_DOMAINS.map((domain) => ({ domain, text: fragmentText(assessmentFragment(plan, domain)), codes: codes.get(domain) ?? [] })).filter(
      (entry) => entry.text !== '' || entry.codes.length > 0 || (entry.domain === 'health' && healthDetail !== null),
    ),
    healthDetail,
    goals: goals.map((goal) => ({
      id: goal.id,
      title: goal.title,
      domain: goal.domain,
      expectedResult: goal.expectedResult,
      dueDate: goal.dueDate,
      status: goal.status,
      view: view(goal.id),
    })),
    actions: readActions(plan)
      .filter((a) => a.deletedAt === null)
      .map((action) => ({
        id: action.id,
        goalId: action.goalId && goalIds.has(action.goalId) ? action.goalId : null,
        title: action.title,
        owner: action.owner === null ? null : memberIds.has(action.owner) ? { memberId: action.owner } : { organisation: action.owner },
        sector: action.sector,
        start: action.start,
        dueDate: action.dueDate,
        frequency: action.frequency,
        status: action.status,
        view: view(action.id),
      })),
    unmet: readUnmet(plan)
      .filter((u) => u.deletedAt === null)
      .map((u) => {
        const row = planRoots(plan).unmet.toArray().find((r) => r instanceof Y.Map && r.get('id') === u.id)
        return { id: u.id, need: u.need, targetAnswer: u.targetAnswer, alternativeAnswer: u.alternativeAnswer, needCodes: codesOf(row?.get('needCodes')) }
      }),
    person: person
      ? {
          lifeProject: fragmentText(personRoots(person).lifeProject),
          sections: LIFE_DOMAINS.flatMap((domain) =>
            LIFE_PROMPTS.map((prompt) => {
              const key = lifeSectionKey(domain, prompt)
              return { key, text: fragmentText(personRoots(person).lifeProjectSections.get(key)) }
            }),
          ).filter((section) => section.text !== ''),
          expectations: fragmentText(personRoots(person).expectations),
        }
      : null,
    agreement: input.agreement
      ? { status: input.agreement.status, comment: input.agreement.comment, memberId: agreementMember ? agreementMember.id : null, at: input.agreement.at }
      : null,
    meetings: input.meetings.map((m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      startsAt: m.startsAt,
      endedAt: m.endedAt,
      status: m.status,
      inviteeMemberIds: m.invitees.flatMap((i) => (i.memberId && memberIds.has(i.memberId) ? [i.memberId] : [])),
    })),
    pdf: input.pdf && { base64: Buffer.from(input.pdf).toString('base64'), title: `${situation.title} — ${input.version.label}` },
  }
}
