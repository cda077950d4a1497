import type * as fhir4 from 'fhir/r4'
import { buildBundle } from '../export/fhir/bundle.ts'
import { buildFhirModel } from '../export/fhir/model.ts'
import { DEFAULT_FINESS } from '../export/fhir/profiles.ts'
import { renderPlanPdf } from '../export/pdf/plan-pdf.ts'
import { docFromState } from './compare.ts'
import { versionContext, versionPlanModel, type ExportDeps } from './exports.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import type { MemberRow, SituationRow } from '../storage/situations.ts'
import type { RecordedContext } from './version-context.ts'
import type { IdentityRows } from '../storage/person-identity.ts'

export interface FhirExportDeps extends ExportDeps {
  meetings: Pick<MeetingRows, 'list'>
  /** Part 1 of the plan (birth date, phone, address), readable by whoever reads the circle. */
  identities?: IdentityRows
}

export interface FhirExportRights {
  /** The reader may read the person's section (views, life project, expectations). */
  person: boolean
  /** The reader may read the clinical detail of the health part. */
  health: boolean
}

/** The Bundle as a download: the same export, and the download in the audit trail (null, and nothing audited, when the version does not exist). */
export async function downloadVersionBundle(
  deps: FhirExportDeps & { audit: Pick<AuditRows, 'append'> },
  situationId: string,
  versionId: string,
  rights: FhirExportRights,
  actor: { userId: string; address: string },
  options: { finess?: string } = {},
): Promise<fhir4.Bundle | null> {
  const bundle = await exportVersionBundle(deps, situationId, versionId, rights, options)
  if (bundle) await deps.audit.append({ situationId, userId: actor.userId, action: 'export.fhir', target: versionId, address: actor.address })
  return bundle
}

/**
 * The FHIR transaction Bundle of one validated version, cut to what this
 * reader may read: the same rights as the version's PDF, which travels
 * inside as a DocumentReference and is rendered from the same model the PDF
 * route uses. Null when the version does not exist.
 */
export async function exportVersionBundle(
  deps: FhirExportDeps,
  situationId: string,
  versionId: string,
  rights: FhirExportRights,
  { finess = DEFAULT_FINESS }: { finess?: string } = {},
): Promise<fhir4.Bundle | null> {
  const situation = await deps.situations.situationById(situationId)
  const version = await deps.versions.byId(situationId, versionId)
  if (!situation || !version) return null
  const printable = await versionPlanModel(deps, situationId, versionId, rights.person)
  if (!printable) return null
  const pdf = await renderPlanPdf(printable)
  const parts = await deps.versions.parts(version.id)
  if (!parts.plan) return null
  const older = await deps.versions.list(situationId)
  const previous = older[older.findIndex((row) => row.id === version.id) + 1] ?? null
  const plan = docFromState(parts.plan)
  const person = rights.person && parts.person ? docFromState(parts.person) : null
  const health = rights.health && parts.health ? docFromState(parts.health) : null
  try {
    const context = await versionContext(deps, situationId, version, plan)
    const model = buildFhirModel({
      finess,
      situation: context ? { ...situation, personName: context.personName || situation.personName, reviewDate: context.reviewDate } : situation,
      members: circleAt(context, situation, await deps.situations.activeMembers(situationId)),
      plan,
      person,
      health,
      version,
      previousVersionId: previous?.id ?? null,
      agreement: (await deps.records.agreements(situationId)).get(version.id) ?? null,
      meetings: (await deps.meetings.list(situationId)).filter((meeting) => meeting.createdAt <= version.createdAt),
      pdf,
      identity: (await deps.identities?.get(situationId))?.data ?? null,
    })
    return buildBundle(model)
  } finally {
    plan.destroy()
    person?.destroy()
    health?.destroy()
  }
}

/**
 * The circle the version was made in (recorded with it, or rebuilt for older
 * versions: see versionContext), completed with today's rows for what the
 * record does not keep (profession, contact, account, join date).
 */
function circleAt(context: RecordedContext | null, situation: SituationRow, active: MemberRow[]): MemberRow[] {
  if (!context) return active
  return context.members.map((member) => {
    const row = active.find((m) => m.id === member.id)
    const base: MemberRow = row ?? {
      id: member.id,
      situationId: situation.id,
      userId: null,
      name: member.name,
      role: member.role,
      sector: member.sector,
      organisation: member.organisation,
      profession: '',
      mission: member.mission,
      contact: '',
      careTeam: false,
      planHidden: false,
      createdAt: situation.createdAt,
      removedAt: null,
    }
    return { ...base, name: member.name, role: member.role, sector: member.sector, organisation: member.organisation, mission: member.mission }
  })
}
