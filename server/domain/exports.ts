import { buildPlanModel, type PlanModel } from '../export/plan-model.ts'
import { docFromState } from './compare.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { VersionRows } from '../storage/versions.ts'
import type { RecordRows, CommitmentRow } from '../storage/records.ts'
import type { UserRows } from '../storage/users.ts'

export interface ExportDeps {
  situations: SituationRows
  versions: VersionRows
  records: RecordRows
  users: UserRows
}

/** Commitments as they stood at a moment: the latest statement per action made by then. */
export function commitmentsAt(records: RecordRows, situationId: string, at: string): Map<string, CommitmentRow> {
  const map = new Map<string, CommitmentRow>()
  for (const row of records.commitmentHistory(situationId)) if (row.at <= at) map.set(row.actionId, row)
  return map
}

/** The printable model of one validated version, or null if it does not exist. */
export function versionPlanModel(deps: ExportDeps, situationId: string, versionId: string, withPerson: boolean): PlanModel | null {
  const situation = deps.situations.situationById(situationId)
  const version = deps.versions.byId(situationId, versionId)
  if (!situation || !version) return null
  const parts = deps.versions.parts(version.id)
  if (!parts.plan) return null
  const plan = docFromState(parts.plan)
  const person = withPerson && parts.person ? docFromState(parts.person) : null
  try {
    return buildPlanModel({
      situation,
      members: deps.situations.activeMembers(situationId),
      plan,
      person,
      commitments: commitmentsAt(deps.records, situationId, version.createdAt),
      agreement: deps.records.agreements(situationId).get(version.id) ?? null,
      version,
      userName: (userId) => deps.users.byId(userId)?.name ?? '',
    })
  } finally {
    plan.destroy()
    person?.destroy()
  }
}
