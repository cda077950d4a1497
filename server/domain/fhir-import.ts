import * as Y from 'yjs'
import { documentName } from '../../shared/schema/roots.ts'
import { nanoid } from 'nanoid'
import type * as fhir4 from 'fhir/r4'
import { addAction, addGoal, addUnmet, assessmentFragment, initializePlan } from '../../shared/schema/plan.ts'
import { healthRoots, initializeHealth, initializePerson, personRoots, writeView } from '../../shared/schema/person.ts'
// Plain text made into paragraphs: written without the editor's schema (not loaded at start).
import { writeBuiltRichText as writeRichText } from '../../shared/editor/yjs-rich-text.ts'
import { paragraph, richDoc } from '../../shared/editor/rich-text.ts'
import { readBundle, BundleReadError, type ImportedPlan } from '../export/fhir/read-bundle.ts'
import { validateBundle, describeProblem } from '../export/fhir/validate/index.ts'
import { addMember, createSituation, SERVER_AUTHOR, writeIdentity, type SituationDeps } from './situations.ts'
import { DomainError } from './errors.ts'
import type { LiveDocuments } from './live-documents.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { IdentityRows } from '../storage/person-identity.ts'
import { emptyIdentity } from '../../shared/domain/intake.ts'

export interface FhirImportDeps extends SituationDeps {
  rooms: Pick<LiveDocuments, 'change'>
  audit: AuditRows
  /** Where part 1 of the plan (the person's identity) is kept. */
  identities?: IdentityRows
}

export interface Importer {
  userId: string
  name: string
  address: string
}

/**
 * Checks a bundle with every validator and reads it into a plan, writing
 * nothing: the first problem (with up to 20 more) comes back as a 400.
 */
export async function checkImport(bundle: unknown): Promise<ImportedPlan> {
  const problems = await validateBundle(bundle)
  if (problems.length > 0) {
    throw new DomainError(400, `invalid FHIR bundle: ${describeProblem(problems[0]!)}`, { problems: problems.slice(0, 20) })
  }
  try {
    return readBundle(bundle as fhir4.Bundle)
  } catch (error) {
    if (error instanceof BundleReadError) throw new DomainError(400, `invalid FHIR bundle: ${error.message}`, { problems: [{ validator: 'bundle', path: error.path, message: error.message }] })
    throw error
  }
}

const richText = (text: string) => richDoc(...text.split('\n').map(paragraph))

/**
 * Opens a new situation from a TDDUI/CDS bundle: the importer is its
 * coordinator (the situation-creation use case), the circle's members are
 * listed without accounts until invited, and the plan, the health detail
 * and the person's section are written as the server's own edits. Every
 * check runs before the first write, so a refused bundle creates nothing.
 */
interface ImportIds {
  goals: Map<string, string>
  actions: string[]
  unmet: string[]
  /** Bundle member key → member id in the new situation. */
  members: Map<string, string>
}

function writePlanContent(doc: Y.Doc, plan: ImportedPlan, ids: ImportIds, author: { userId: string }): void {
  for (const entry of plan.assessment) {
    const fragment = assessmentFragment(doc, entry.domain)
    if (fragment && entry.text) writeRichText(fragment, richText(entry.text))
    const at = new Date().toISOString()
    for (const code of entry.codes) doc.getMap<unknown>('assessmentNeeds').set(`${entry.domain}:${code}`, { domain: entry.domain, code, by: author.userId, at, removedAt: null })
  }
  for (const goal of plan.goals) {
    addGoal(doc, { id: ids.goals.get(goal.key)!, title: goal.title, domain: goal.domain ?? undefined, expectedResult: goal.expectedResult, dueDate: goal.dueDate, status: goal.status }, author)
  }
  plan.actions.forEach((action, index) => {
    const owner = action.owner === null ? null : 'memberKey' in action.owner ? (ids.members.get(action.owner.memberKey) ?? null) : action.owner.organisation
    const goalId = action.goalKey ? ids.goals.get(action.goalKey) : undefined
    // An action outside any goal keeps an empty goalId: the plan shows it apart.
    addAction(doc, { id: ids.actions[index]!, goalId: goalId ?? '', title: action.title, owner, sector: action.sector ?? undefined, start: action.start, dueDate: action.dueDate, frequency: action.frequency, status: action.status }, author)
  })
  plan.unmet.forEach((unmet, index) => {
    const row = addUnmet(doc, { id: ids.unmet[index]!, need: unmet.need, targetAnswer: unmet.targetAnswer, alternativeAnswer: unmet.alternativeAnswer }, author)
    if (unmet.needCodes.length > 0) row.set('needCodes', unmet.needCodes)
  })
}

function writePersonContent(doc: Y.Doc, plan: ImportedPlan, ids: ImportIds): void {
  const roots = personRoots(doc)
  if (plan.person.lifeProject) writeRichText(roots.lifeProject, richText(plan.person.lifeProject))
  if (plan.person.expectations) writeRichText(roots.expectations, richText(plan.person.expectations))
  for (const section of plan.person.sections) {
    const fragment = roots.lifeProjectSections.get(section.key)
    if (fragment instanceof Y.XmlFragment) writeRichText(fragment, richText(section.text))
  }
  // The views were the person's; the import writes a copy, signed by the server, not by any account.
  plan.goals.forEach((goal) => goal.view && writeView(doc, ids.goals.get(goal.key)!, { ...goal.view, by: SERVER_AUTHOR }))
  plan.actions.forEach((action, index) => action.view && writeView(doc, ids.actions[index]!, { ...action.view, by: SERVER_AUTHOR }))
}

const writeHealthContent = (doc: Y.Doc, plan: ImportedPlan): void => {
  if (plan.healthDetail) writeRichText(healthRoots(doc).notes, richText(plan.healthDetail))
}

/**
 * Writes the content into scratch documents first: anything the writers
 * would refuse (a text the editor schema rejects) fails here, before the
 * situation exists.
 */
function rehearse(plan: ImportedPlan, ids: ImportIds, author: { userId: string }): void {
  const docs = { plan: new Y.Doc(), person: new Y.Doc(), health: new Y.Doc() }
  try {
    initializePlan(docs.plan, { kind: plan.kind, title: plan.title })
    initializePerson(docs.person)
    initializeHealth(docs.health)
    writePlanContent(docs.plan, plan, ids, author)
    writePersonContent(docs.person, plan, ids)
    writeHealthContent(docs.health, plan)
  } catch (error) {
    throw new DomainError(400, `invalid FHIR bundle: its content cannot be written into a plan (${(error as Error).message})`)
  } finally {
    Object.values(docs).forEach((doc) => doc.destroy())
  }
}

/**
 * Opens a new situation from a TDDUI/CDS bundle: the importer is its
 * coordinator (the situation-creation use case), the circle's members are
 * listed without accounts until invited, and the plan, the health detail
 * and the person's section are written as the server's own edits. Every
 * check, and a rehearsal of every write, runs before the first write, so a
 * refused bundle creates nothing.
 */
export async function importBundle(deps: FhirImportDeps, bundle: unknown, importer: Importer): Promise<{ id: string }> {
  const plan = await checkImport(bundle)
  const author = { userId: importer.userId }
  const ids: ImportIds = {
    goals: new Map(plan.goals.map((goal) => [goal.key, nanoid(12)])),
    actions: plan.actions.map(() => nanoid(12)),
    unmet: plan.unmet.map(() => nanoid(12)),
    members: new Map(plan.members.map((member) => [member.key, `pending:${member.key}`])),
  }
  rehearse(plan, ids, author)
  const { situation } = await createSituation(
    deps,
    { title: plan.title, kind: plan.kind, personName: plan.personName, reviewDate: plan.reviewDate, stage: plan.stage },
    { userId: importer.userId, name: importer.name },
  )
  const { birthDate, phone, address } = plan.identity
  if (deps.identities && (birthDate || phone || address)) {
    await writeIdentity({ identities: deps.identities, audit: deps.audit, situations: deps.situations }, situation, { ...emptyIdentity(plan.personName), birthDate, phone, address }, {
      userId: importer.userId,
      address: importer.address,
    })
  }
  for (const member of plan.members) {
    const row = await addMember(deps, situation.id, { userId: null, name: member.name, role: member.role, sector: member.sector, organisation: member.organisation, profession: member.profession, mission: member.mission, contact: member.contact })
    ids.members.set(member.key, row.id)
  }
  await deps.rooms.change(documentName(situation.id, 'plan'), 'fhir import', (doc) => writePlanContent(doc, plan, ids, author))
  if (plan.healthDetail) await deps.rooms.change(documentName(situation.id, 'health'), 'fhir import', (doc) => writeHealthContent(doc, plan))
  await deps.rooms.change(documentName(situation.id, 'person'), 'fhir import', (doc) => writePersonContent(doc, plan, ids))
  await deps.audit.append({
    situationId: situation.id,
    userId: importer.userId,
    action: 'situation.import',
    detail: { format: 'fhir-r4-tddui', goals: plan.goals.length, actions: plan.actions.length, members: plan.members.length },
    address: importer.address,
  })
  return { id: situation.id }
}
