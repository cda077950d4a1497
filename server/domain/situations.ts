import * as Y from 'yjs'
import { nanoid } from 'nanoid'
import type { Part } from '../../shared/schema/roots.ts'
import type { DocumentKey } from '../../shared/protocol/document-key.ts'
import { initializePlan } from '../../shared/schema/plan.ts'
import { initializeHealth, initializePerson } from '../../shared/schema/person.ts'
import { defaultCareTeam, type PlanKind, type Role, type Sector } from '../../shared/domain/roles.ts'
import type { ResponseLevel, SituationStage } from '../../shared/domain/situation-fields.ts'
import type { SituationRows, MemberRow, SituationRow } from '../storage/situations.ts'
import type { DocumentStore } from '../storage/updates.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import { emptyIdentity, type PersonIdentity } from '../../shared/domain/intake.ts'
import { assertSituationOpen } from './open-situation.ts'
import { recordLevelEvent } from './intake-level.ts'

/** The user id the server's own edits are bound to. */
export const SERVER_AUTHOR = 'server'

export interface NewSituation {
  id?: string
  title: string
  kind: PlanKind
  personName?: string
  reviewDate?: string | null
  stage?: Exclude<SituationStage, 'closed'>
  level?: ResponseLevel | null
  /** INSEE code of the person's commune. */
  territory?: string | null
}

export interface NewMember {
  userId: string | null
  name: string
  role: Role
  sector?: Sector | null
  organisation?: string
  profession?: string
  mission?: string
  contact?: string
  careTeam?: boolean
}

export interface SituationDeps {
  situations: SituationRows
  store: DocumentStore
  bindings: ClientBindingRows
}

/**
 * Creates a situation: its row, the creator as coordinator, and the three
 * documents with their fixed nested types created here, by the server, so no
 * two clients can ever create competing copies.
 */
export async function createSituation(
  deps: SituationDeps,
  input: NewSituation,
  creator: { userId: string; name: string; organisation?: string; sector?: Sector | null; mission?: string; profession?: string },
  now = new Date(),
): Promise<{ situation: SituationRow; coordinator: MemberRow }> {
  const situation: SituationRow = {
    id: input.id ?? nanoid(12),
    title: input.title,
    kind: input.kind,
    personName: input.personName ?? '',
    status: 'open',
    reviewDate: input.reviewDate ?? null,
    createdAt: now.toISOString(),
    createdBy: creator.userId,
    stage: input.stage ?? 'preparation',
    level: input.level ?? null,
    territory: input.territory ?? null,
    closedAt: null,
    closedReason: null,
  }
  const initial: Record<Part, Uint8Array> = {
    plan: await initialState(deps, { situationId: situation.id, part: 'plan' }, (doc) => initializePlan(doc, situation)),
    health: await initialState(deps, { situationId: situation.id, part: 'health' }, initializeHealth),
    person: await initialState(deps, { situationId: situation.id, part: 'person' }, initializePerson),
  }
  await deps.situations.insertSituation(situation)
  const coordinator = await addMember(deps, situation.id, {
    userId: creator.userId,
    name: creator.name,
    role: 'coordinator',
    sector: creator.sector ?? null,
    organisation: creator.organisation ?? '',
    mission: creator.mission ?? 'Coordination',
    profession: creator.profession ?? '',
  }, now)
  for (const [part, bytes] of Object.entries(initial)) {
    await deps.store.append({ situationId: situation.id, part: part as Part }, bytes)
  }
  return { situation, coordinator }
}

async function initialState(deps: SituationDeps, key: DocumentKey, init: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const doc = new Y.Doc()
  init(doc)
  await deps.bindings.bindStored(key, doc.clientID, SERVER_AUTHOR)
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

export async function addMember(deps: { situations: Pick<SituationRows, 'insertMember'> }, situationId: string, input: NewMember, now = new Date()): Promise<MemberRow> {
  const member: MemberRow = {
    id: nanoid(12),
    situationId,
    userId: input.userId,
    name: input.name,
    role: input.role,
    sector: input.sector ?? null,
    organisation: input.organisation ?? '',
    profession: input.profession ?? '',
    mission: input.mission ?? '',
    contact: input.contact ?? '',
    careTeam: input.careTeam ?? defaultCareTeam(input.role, input.sector ?? null),
    planHidden: false,
    createdAt: now.toISOString(),
    removedAt: null,
  }
  await deps.situations.insertMember(member)
  return member
}

/**
 * Changes the response level (coordinator only, checked by the caller): the
 * level can move over time and each change is on the life line.
 */
export async function changeLevel(
  deps: { situations: SituationRows; records: import('../storage/records.ts').RecordRows; audit: import('../storage/audit.ts').AuditRows },
  situation: SituationRow,
  level: ResponseLevel | null,
  actor: { userId: string; address: string },
  now = new Date(),
): Promise<void> {
  assertSituationOpen(situation)
  if (situation.level === level) return
  await deps.situations.setLevel(situation.id, level)
  await recordLevelEvent(deps, situation.id, level, actor.userId, now)
  await deps.audit.append({ situationId: situation.id, userId: actor.userId, action: 'situation.level', detail: { from: situation.level, to: level }, address: actor.address })
}

/**
 * Opening a situation's page (view right checked by the caller): the active
 * circle, and the opening in the audit trail, since every access to a
 * person's record is audited.
 */
export async function openSituation(
  deps: { situations: Pick<SituationRows, 'activeMembers'>; audit: Pick<import('../storage/audit.ts').AuditRows, 'append'> },
  situationId: string,
  actor: { userId: string; address: string },
): Promise<MemberRow[]> {
  await deps.audit.append({ situationId, userId: actor.userId, action: 'situation.open', address: actor.address })
  return await deps.situations.activeMembers(situationId)
}

/** The person's identity (part 1 of the plan); read access is checked by the caller, and each read is audited. */
export async function readIdentity(
  deps: { identities: import('../storage/person-identity.ts').IdentityRows; audit: import('../storage/audit.ts').AuditRows },
  situation: SituationRow,
  actor: { userId: string; address: string },
) {
  const row = await deps.identities.get(situation.id)
  await deps.audit.append({ situationId: situation.id, userId: actor.userId, action: 'identity.read', address: actor.address })
  return { identity: row?.data ?? emptyIdentity(situation.personName), updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null }
}

/** The coordinator writes the identity; the situation's person name follows it. */
export async function writeIdentity(
  deps: { identities: import('../storage/person-identity.ts').IdentityRows; audit: import('../storage/audit.ts').AuditRows; situations: SituationRows },
  situation: SituationRow,
  identity: PersonIdentity,
  actor: { userId: string; address: string },
  now = new Date(),
): Promise<void> {
  assertSituationOpen(situation)
  const previous = (await deps.identities.get(situation.id))?.data
  await deps.identities.put({ situationId: situation.id, data: identity, updatedAt: now.toISOString(), updatedBy: actor.userId })
  if (identity.name && identity.name !== situation.personName) await deps.situations.setPersonName(situation.id, identity.name)
  // Which fields changed, never their values: the audit trail holds no personal data.
  const changed = Object.keys(identity).filter((key) => JSON.stringify(previous?.[key as keyof PersonIdentity]) !== JSON.stringify(identity[key as keyof PersonIdentity]))
  await deps.audit.append({ situationId: situation.id, userId: actor.userId, action: 'identity.update', detail: { fields: changed }, address: actor.address })
}
