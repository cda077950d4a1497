import { addDays, parisDayOf, todayInParis } from '../../shared/domain/dates.ts'
import { speaksForPerson } from '../../shared/domain/roles.ts'
import type { AccessService } from '../auth/access.ts'
import { can, accessToPart, canDecideRequest } from '../auth/policy.ts'
import type { FollowUpReads } from '../storage/follow-up-reads.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { ProgressRows } from '../storage/progress.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { TodoItem, TodoKind } from '../../shared/api/follow-up.ts'

export const TODO_KINDS = ['review', 'action', 'progress', 'agreement', 'commitment', 'invitation', 'request'] as const satisfies readonly TodoKind[]
/** One thing waiting for a user (DESIGN.md 5b "To do"): the wire shape of shared/api/follow-up.ts. */
export type { TodoItem, TodoKind }

export interface TodoDeps {
  situations: SituationRows
  access: AccessService
  planActions: PlanActionRows
  progress: ProgressRows
  reads: FollowUpReads
}

/** Days after the ask before an answer is due. */
const ANSWER_WITHIN_DAYS = 7
const AGREEMENT_WITHIN_DAYS = 14


const URGENCY: Record<string, string> = { urgent: 'urgente', soon: 'à traiter vite', routine: 'courante' }

const situationHref = (id: string) => `#/situations/${id}`
const rowHref = (id: string, rowId: string) => `#/situations/${id}?row=${encodeURIComponent(rowId)}`

/**
 * Everything waiting for one user, across the situations they belong to,
 * sorted by due date. Each situation is checked with the policy first: no
 * item comes from a situation the user cannot view, and plan rows only
 * from situations whose plan the user may read. Closed situations wait for
 * nothing.
 */
export async function todoFor(deps: TodoDeps, userId: string, now = new Date()): Promise<{ items: TodoItem[]; skipped: string[] }> {
  const today = todayInParis(now)
  const items: TodoItem[] = []
  const skipped: string[] = []
  for (const member of await deps.situations.membershipsOfUser(userId)) {
    const context = await deps.access.context(member.situationId, userId)
    if (!context || !can(context, 'view')) continue
    const situation = context.situation
    if (situation.status === 'closed') continue
    const base = { situationId: situation.id, situationTitle: situation.title }
    const readsPlan = accessToPart(context, 'plan') !== 'none'

    if (member.role === 'coordinator') {
      const due = situation.reviewDate !== null && situation.reviewDate <= today
      if (situation.stage === 'toReview' || due) {
        items.push({ ...base, kind: 'review', title: 'Revoir le plan avec la personne et le cercle', dueDate: situation.reviewDate && situation.reviewDate <= today ? situation.reviewDate : today, href: situationHref(situation.id) })
      }
    }

    if (readsPlan) {
      const owners = [member.id, ...(member.organisation ? [member.organisation] : [])]
      const owned = await deps.planActions.forOwners(situation.id, owners)
      const open = owned.filter((a) => a.status !== 'done' && a.status !== 'dropped')
      for (const action of open) {
        if (action.dueDate !== null && action.dueDate < today) {
          items.push({ ...base, kind: 'action', title: `Action en retard : ${action.title}`, dueDate: action.dueDate, href: rowHref(situation.id, action.actionId) })
        }
      }
      for (const request of await deps.progress.openForMember(situation.id, member.id)) {
        const action = await deps.planActions.forAction(situation.id, request.actionId)
        items.push({ ...base, kind: 'progress', title: `Point d’étape demandé : ${action?.title ?? 'action'}`, dueDate: addDays(parisDayOf(request.requestedAt), ANSWER_WITHIN_DAYS), href: '#/actions' })
      }
      // A PAG's partners commit to their actions once a version is validated.
      if (situation.kind === 'pag' && (situation.stage === 'validated' || situation.stage === 'followUp')) {
        const version = await deps.reads.latestVersion(situation.id)
        const commitments = await deps.reads.commitments(situation.id)
        if (version) {
          for (const action of open) {
            const status = commitments.get(action.actionId)
            if (status === undefined || status === 'proposed') {
              items.push({ ...base, kind: 'commitment', title: `Engagement attendu : ${action.title}`, dueDate: addDays(parisDayOf(version.createdAt), AGREEMENT_WITHIN_DAYS), href: rowHref(situation.id, action.actionId) })
            }
          }
        }
      }
    }

    if (speaksForPerson(member.role)) {
      const version = await deps.reads.latestVersion(situation.id)
      const agreement = await deps.reads.latestVersionAgreement(situation.id)
      if (version && (agreement === null || agreement === 'pending') && situation.stage !== 'preparation') {
        items.push({ ...base, kind: 'agreement', title: `Donner mon avis sur le plan « ${version.label} »`, dueDate: addDays(parisDayOf(version.createdAt), AGREEMENT_WITHIN_DAYS), href: `#/situations/${situation.id}/moi` })
      }
    }
  }

  for (const invitation of await deps.reads.invitationsSentBy(userId, now.toISOString())) {
    const context = await deps.access.context(invitation.situationId, userId)
    if (!context || !can(context, 'view') || context.situation.status === 'closed') continue
    items.push({ kind: 'invitation', situationId: invitation.situationId, situationTitle: context.situation.title, title: `Invitation sans réponse : ${invitation.name}`, dueDate: parisDayOf(invitation.expiresAt), href: `#/situations/${invitation.situationId}` })
  }

  // Intake requests wait for the coordinators of the service each is addressed to (decision 016), no one else.
  const requests = await deps.reads.waitingRequests(userId)
  if (requests === null) skipped.push('request')
  else {
    for (const request of requests) {
      if (!canDecideRequest({ serviceRole: request.serviceRole, recordedIt: false })) continue
      const urgency = URGENCY[request.urgency]
      items.push({ kind: 'request', situationId: null, situationTitle: '', title: `Demande à examiner${urgency ? ` (${urgency})` : ''}`, dueDate: parisDayOf(request.createdAt), href: '#/demandes' })
    }
  }

  items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title, 'fr'))
  return { items, skipped }
}
