import { buildPlanModel, type PlanModel } from '../export/plan-model.ts'
import { renderPlanPdf } from '../export/pdf/plan-pdf.ts'
import { docFromState } from './compare.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { VersionRows } from '../storage/versions.ts'
import type { RecordRows, CommitmentRow } from '../storage/records.ts'
import type { UserRows } from '../storage/users.ts'
import type { AuditRows } from '../storage/audit.ts'
import { readPlanMeta } from '../../shared/schema/plan.ts'
import { parseContext, rebuildContext, type RecordedContext } from './version-context.ts'
import type * as Y from 'yjs'

export interface ExportDeps {
  situations: SituationRows
  versions: VersionRows
  records: RecordRows
  users: UserRows
  audit: Pick<AuditRows, 'forSituation'>
  /** The follow-up sections at a moment (co-evaluation; issue 18). */
  followUpAt?: (input: import('./follow-up-minutes.ts').FollowUpMinutesInput) => Promise<import('./follow-up-minutes.ts').FollowUpMinutes>
}

/**
 * The circle, coordinator and review date a version was made in: recorded
 * with it since migration 009, rebuilt for older versions from the members'
 * dates and the handover audit trail, with the version's own plan copy of
 * the review date.
 */
export async function versionContext(deps: Pick<ExportDeps, 'situations' | 'audit'>, situationId: string, version: { createdAt: string; context?: string | null }, plan: Y.Doc): Promise<RecordedContext | null> {
  return parseContext(version.context) ?? await rebuildContext(deps, situationId, version.createdAt, readPlanMeta(plan).reviewDate)
}

/** Commitments as they stood at a moment: the latest statement per action made by then. */
export async function commitmentsAt(records: Pick<RecordRows, 'commitmentHistory'>, situationId: string, at: string): Promise<Map<string, CommitmentRow>> {
  const map = new Map<string, CommitmentRow>()
  for (const row of await records.commitmentHistory(situationId)) if (row.at <= at) map.set(row.actionId, row)
  return map
}

/** The printable model of one validated version, or null if it does not exist. */
export async function versionPlanModel(deps: ExportDeps, situationId: string, versionId: string, withPerson: boolean): Promise<PlanModel | null> {
  const situation = await deps.situations.situationById(situationId)
  const version = await deps.versions.byId(situationId, versionId)
  if (!situation || !version) return null
  const parts = await deps.versions.parts(version.id)
  if (!parts.plan) return null
  const plan = docFromState(parts.plan)
  const person = withPerson && parts.person ? docFromState(parts.person) : null
  try {
    const context = await versionContext(deps, situationId, version, plan)
    const commitments = await commitmentsAt(deps.records, situationId, version.createdAt)
    const agreement = (await deps.records.agreements(situationId)).get(version.id) ?? null
    // The names the model shows, read beforehand: the version's author, its statements' and the circle's (the documents' authors).
    const names = await deps.users.names([version.createdBy, ...(agreement ? [agreement.userId] : []), ...[...commitments.values()].map((row) => row.userId)], situationId)
    const model = buildPlanModel({
      // What the version was made in, not today's circle (a 2022 plan names its 2022 coordinator).
      situation: context ? { title: situation.title, personName: context.personName || situation.personName, reviewDate: context.reviewDate } : situation,
      members: context?.members ?? (await deps.situations.activeMembers(situationId)),
      coordinatorId: context ? context.coordinatorId : undefined,
      plan,
      person,
      commitments,
      agreement,
      version,
      userName: (userId) => names.get(userId) ?? '',
    })
    if (!deps.followUpAt) return model
    const goals = model.goals.map((g) => ({ id: g.id, title: g.title }))
    const actions = model.goals.flatMap((g) => g.actions.map((a) => ({ id: a.id, title: a.title })))
    return { ...model, followUp: await deps.followUpAt({ situationId, until: version.createdAt, goals, actions, withPersonViews: withPerson }) }
  } finally {
    plan.destroy()
    person?.destroy()
  }
}

/**
 * A version's plan as a PDF (the person's views only when the reader may see
 * them), audited as `export.pdf`; null when the version or its plan is absent.
 */
export async function versionPlanPdf(
  deps: ExportDeps & { audit: Pick<AuditRows, 'forSituation' | 'append'> },
  input: { situationId: string; versionId: string; withPerson: boolean; userId: string; address?: string | null },
): Promise<Uint8Array<ArrayBuffer> | null> {
  const model = await versionPlanModel(deps, input.situationId, input.versionId, input.withPerson)
  if (!model) return null
  const pdf = await renderPlanPdf(model)
  await deps.audit.append({ situationId: input.situationId, userId: input.userId, action: 'export.pdf', target: input.versionId, address: input.address })
  return new Uint8Array(pdf)
}
