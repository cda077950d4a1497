import type * as Y from 'yjs'
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from '../../shared/schema/roots.ts'
import { assessmentFragment, readActions, readGoals, readPlanMeta, readUnmet, type ActionStatus, type GoalStatus } from '../../shared/schema/plan.ts'
import { readView, readRelativeViews, type View } from '../../shared/schema/person.ts'
import { richTextToPlain } from '../../shared/editor/yjs-rich-text.ts'
import type { PlanKind, Role, Sector } from '../../shared/domain/roles.ts'
import type { MemberRow, SituationRow } from '../storage/situations.ts'
import type { CommitmentRow, AgreementRow } from '../storage/records.ts'

/**
 * A printable plan: everything the PDF and the minutes show, read from a
 * version's documents and the SQL records (the authority for the
 * coordinator, commitments and agreement), resolved to names. Pure.
 */
export interface PlanModel {
  title: string
  kind: PlanKind
  personName: string
  reviewDate: string | null
  coordinator: string | null
  members: { name: string; role: Role; sector: Sector | null; organisation: string; mission: string }[]
  assessment: { domain: AssessmentDomain; text: string }[]
  goals: {
    id: string
    title: string
    domain: AssessmentDomain | null
    expectedResult: string
    dueDate: string | null
    status: GoalStatus
    personView: View | null
    relativeViews: (View & { byName: string })[]
    actions: {
      id: string
      title: string
      owner: string
      sector: 'care' | 'help' | null
      start: string | null
      dueDate: string | null
      frequency: string | null
      status: ActionStatus
      commitment: { status: CommitmentRow['status']; byName: string; at: string } | null
    }[]
  }[]
  unmet: { need: string; targetAnswer: string; alternativeAnswer: string }[]
  version: { label: string; createdAt: string; createdByName: string } | null
  agreement: { status: AgreementRow['status']; comment: string; byName: string; at: string } | null
  /** The goals' co-evaluation as it stood at the version (issue 18). */
  followUp?: import('./follow-up-sections.ts').FollowUpMinutes
}

export interface PlanModelInput {
  situation: Pick<SituationRow, 'title' | 'personName' | 'reviewDate'>
  /** The circle to print: a version's recorded circle, or today's for a live export. */
  members: Pick<MemberRow, 'id' | 'name' | 'role' | 'sector' | 'organisation' | 'mission'>[]
  /** The coordinator to print (a version's recorded one); by default the last member with that role. */
  coordinatorId?: string | null
  plan: Y.Doc
  person: Y.Doc | null
  commitments: Map<string, CommitmentRow>
  agreement: AgreementRow | null
  version: { label: string; createdAt: string; createdBy: string } | null
  userName: (userId: string) => string
}

export function buildPlanModel(input: PlanModelInput): PlanModel {
  const { plan, members } = input
  const memberName = (id: string | null): string => {
    if (!id) return '—'
    const member = members.find((m) => m.id === id)
    if (!member) return id // an organisation typed in
    return member.organisation ? `${member.name} (${member.organisation})` : member.name
  }
  const meta = readPlanMeta(plan)
  const coordinator = input.coordinatorId !== undefined ? members.find((m) => m.id === input.coordinatorId) : members.filter((m) => m.role === 'coordinator').at(-1)
  const actions = readActions(plan).filter((a) => a.deletedAt === null)
  return {
    title: input.situation.title,
    kind: meta.kind,
    personName: input.situation.personName,
    reviewDate: input.situation.reviewDate ?? meta.reviewDate,
    coordinator: coordinator ? memberName(coordinator.id) : null,
    members: members.map((m) => ({ name: m.name, role: m.role, sector: m.sector, organisation: m.organisation, mission: m.mission })),
    assessment: ASSESSMENT_DOMAINS.map((domain) => {
      const fragment = assessmentFragment(plan, domain)
      return { domain, text: fragment ? richTextToPlain(fragment) : '' }
    }).filter((entry) => entry.text.trim() !== ''),
    goals: readGoals(plan)
      .filter((g) => g.deletedAt === null)
      .map((goal) => ({
        id: goal.id,
        title: goal.title,
        domain: goal.domain,
        expectedResult: goal.expectedResult,
        dueDate: goal.dueDate,
        status: goal.status,
        personView: input.person ? readView(input.person, goal.id) : null,
        relativeViews: input.person ? readRelativeViews(input.person, goal.id).map((view) => ({ ...view, byName: input.userName(view.by) })) : [],
        actions: actions
          .filter((a) => a.goalId === goal.id)
          .map((action) => {
            const commitment = input.commitments.get(action.id)
            return {
              id: action.id,
              title: action.title,
              owner: memberName(action.owner),
              sector: action.sector,
              start: action.start,
              dueDate: action.dueDate,
              frequency: action.frequency,
              status: action.status,
              // The partner who committed (recorded by the coordinator for partners without an account).
              commitment: commitment ? { status: commitment.status, byName: members.find((m) => m.id === commitment.memberId)?.name ?? input.userName(commitment.userId), at: commitment.at } : null,
            }
          }),
      })),
    unmet: readUnmet(plan)
      .filter((u) => u.deletedAt === null)
      .map((u) => ({ need: u.need, targetAnswer: u.targetAnswer, alternativeAnswer: u.alternativeAnswer })),
    version: input.version && { label: input.version.label, createdAt: input.version.createdAt, createdByName: input.userName(input.version.createdBy) },
    agreement: input.agreement && { status: input.agreement.status, comment: input.agreement.comment, byName: input.userName(input.agreement.userId), at: input.agreement.at },
  }
}
