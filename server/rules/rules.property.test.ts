import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import type { Role } from '../../shared/domain/roles.ts'
import type { Part } from '../../shared/schema/roots.ts'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import {
  ACTION_STATUSES,
  GOAL_STATUSES,
  addAction,
  addAssessmentNeed,
  addGoal,
  addUnmet,
  findUnmetRow,
  initializePlan,
  planRoots,
  readActions,
  readGoals,
  readUnmet,
  removeAssessmentNeed,
  setUnmetCoding,
} from '../../shared/schema/plan.ts'
import { SERAFIN_PH_CODES } from '../../shared/domain/serafin-ph.ts'
import { MISSING_ANSWERS } from '../../shared/domain/territory.ts'
import { OPINIONS, initializePerson, personRoots, relativeViewKey, writeRelativeView, writeView } from '../../shared/schema/person.ts'
import { findRow, removeRow, restoreRow, updateRow } from '../../shared/schema/rows.ts'
import { checkUpdate, withoutKnownStructs } from '../sync/update-check.ts'
import { resolveEffects } from './resolve.ts'
import { checkEffects, type Violation } from './check.ts'

/**
 * Property tests of the document-rules check (seeded PRNG, as lib0's own
 * tests): random sequences of legitimate edits made with the shared writers
 * by each role always pass; the same sequences with one forged struct or
 * delete are always refused, with the rule that forbids it.
 *
 * The server's document is a Y.Doc here; each edit is made on a replica with
 * the actor's own client id, and judged exactly as the room judges it:
 * structs the document has are cut out, then the effects are resolved
 * against the stored document and checked.
 */

interface Actor {
  userId: string
  role: Role
  clientId: number
}

const SEEDS = Array.from({ length: 16 }, (_, index) => 1000 + index * 7919)
const STEPS = 40

class World {
  readonly doc = new Y.Doc()
  readonly owners = new Map<number, string>()
  readonly rowIds = new Set<string>()
  private nextId = 0

  constructor(
    readonly part: Part,
    readonly gen: prng.PRNG,
  ) {}

  id(prefix: string): string {
    return `${prefix}-${this.nextId++}`
  }

  /** Makes a change as the actor; returns the rule that refused it, or null, and applies it when accepted. */
  edit(actor: Actor, change: (replica: Y.Doc) => void): Violation | null {
    const replica = new Y.Doc()
    replica.clientID = actor.clientId
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(this.doc))
    const before = Y.encodeStateVector(replica)
    replica.transact(() => change(replica))
    const update = Y.encodeStateAsUpdate(replica, before)
    replica.destroy()
    return this.judge(actor, update)
  }

  judge(actor: Actor, received: Uint8Array): Violation | null {
    const known = (client: number) => Y.getState(this.doc.store, client)
    let check = checkUpdate(received, known)
    if (!check.ok) throw new Error(check.reason)
    let update = received
    if (check.redeclares) {
      update = withoutKnownStructs(update, known, check.decoded.structs.map((struct) => struct.id.client))
      check = checkUpdate(update, known)
      if (!check.ok) throw new Error(check.reason)
    }
    const violation = checkEffects(resolveEffects(this.doc, check.decoded), {
      part: this.part,
      writer: { userId: actor.userId, role: actor.role },
      ownerOf: (client) => this.owners.get(client),
      rowIds: () => this.rowIds,
    })
    if (!violation) {
      for (const client of check.newClients.keys()) if (!this.owners.has(client)) this.owners.set(client, actor.userId)
      Y.applyUpdate(this.doc, update)
    }
    return violation
  }
}

const date = (gen: prng.PRNG): string | null =>
  prng.bool(gen) ? null : `20${prng.int32(gen, 24, 35)}-${String(prng.int32(gen, 1, 12)).padStart(2, '0')}-${String(prng.int32(gen, 1, 28)).padStart(2, '0')}`
const words = (gen: prng.PRNG) => prng.word(gen, 1, 12)

/** Text of an XmlElement's children written only by `client` (the actor's own words). */
function ownTexts(fragment: Y.XmlFragment | Y.XmlElement, client: number, found: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlText) {
      let item = child._start
      let own = item !== null
      while (item) {
        if (!item.deleted && item.id.client !== client) own = false
        item = item.right
      }
      if (own && child.length > 0) found.push(child)
    } else if (child instanceof Y.XmlElement) ownTexts(child, client, found)
  }
  return found
}

function appendParagraph(fragment: Y.XmlFragment, text: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  fragment.push([paragraph])
  paragraph.insert(0, [new Y.XmlText(text)])
}

// ---------- the plan ----------

function planWorld(seed: number) {
  const world = new World('plan', prng.create(seed))
  const coordinator: Actor = { userId: 'user-coordinator', role: 'coordinator', clientId: 101 }
  const professional: Actor = { userId: 'user-professional', role: 'professional', clientId: 102 }
  const server = new Y.Doc()
  initializePlan(server, { kind: 'pps', title: 'Plan' })
  Y.applyUpdate(world.doc, Y.encodeStateAsUpdate(server))
  for (const actor of [coordinator, professional]) {
    const goalId = world.id('goal')
    world.rowIds.add(goalId)
    expect(world.edit(actor, (doc) => addGoal(doc, { id: goalId, title: words(world.gen), domain: 'health', dueDate: '2027-06-30' }, actor))).toBeNull()
  }
  expect(world.edit(coordinator, (doc) => {
    addAssessmentNeed(doc, 'autonomy', '1.2.1.1', coordinator)
    addUnmet(doc, { id: world.id('unmet'), need: 'Une place en SAMSAH', needCodes: ['1.2.1.1'], missingAnswer: 'place', missingSince: '2026-03-01' }, coordinator)
  })).toBeNull()
  return { world, actors: [coordinator, professional] }
}

function legitimatePlanEdit(world: World, actor: Actor): (doc: Y.Doc) => void {
  const { gen } = world
  const author = { userId: actor.userId }
  const goals = readGoals(world.doc)
  const actions = readActions(world.doc)
  const choice = prng.int32(gen, 0, 12)
  switch (choice) {
    case 0: {
      const id = world.id('goal')
      world.rowIds.add(id)
      return (doc) => addGoal(doc, { id, title: words(gen), domain: prng.oneOf(gen, [...ASSESSMENT_DOMAINS]), dueDate: date(gen) }, author)
    }
    case 1: {
      const id = world.id('action')
      world.rowIds.add(id)
      const goalId = prng.oneOf(gen, goals).id
      return (doc) => addAction(doc, { id, goalId, title: words(gen), start: date(gen), dueDate: date(gen), sector: prng.oneOf(gen, ['care', 'help'] as const) }, author)
    }
    case 2: {
      const goal = prng.oneOf(gen, goals)
      const fields = { status: prng.oneOf(gen, [...GOAL_STATUSES]), dueDate: date(gen), title: words(gen) }
      return (doc) => updateRow(findRow(planRoots(doc).goals, goal.id)!, fields, author)
    }
    case 3: {
      const goal = prng.oneOf(gen, goals)
      return (doc) => {
        const row = findRow(planRoots(doc).goals, goal.id)!
        if (row.get('deletedAt')) restoreRow(row, author)
        else removeRow(row, author)
      }
    }
    case 4: {
      if (actions.length === 0) return legitimatePlanEdit(world, actor)
      const action = prng.oneOf(gen, actions)
      const status = prng.oneOf(gen, [...ACTION_STATUSES])
      return (doc) => updateRow(findRow(planRoots(doc).actions, action.id)!, { status, dueDate: date(gen) }, author)
    }
    case 5: {
      const domain = prng.oneOf(gen, [...ASSESSMENT_DOMAINS])
      const text = words(gen)
      return (doc) => appendParagraph(planRoots(doc).assessment.get(domain)!, text)
    }
    case 6: {
      // Plan text is shared: any writer edits anyone's words.
      const domain = prng.oneOf(gen, [...ASSESSMENT_DOMAINS])
      return (doc) => {
        const fragment = planRoots(doc).assessment.get(domain)!
        if (fragment.length > 1) fragment.delete(prng.int32(gen, 1, fragment.length - 1), 1)
        else appendParagraph(fragment, 'x')
      }
    }
    case 7:
      return (doc) => doc.getMap('futureRoot').set(words(gen), { any: words(gen) })
    case 9: {
      // Coding a need in the assessment, or bringing back one removed.
      const domain = prng.oneOf(gen, [...ASSESSMENT_DOMAINS])
      const code = prng.oneOf(gen, [...SERAFIN_PH_CODES])
      codedNeedEdits++
      return (doc) => addAssessmentNeed(doc, domain, code, author)
    }
    case 10: {
      // Removing a coded need (a tombstone), anyone's.
      const coded = [...planRoots(world.doc).assessmentNeeds.keys()]
      if (coded.length === 0) return legitimatePlanEdit(world, actor)
      const [domain, code] = prng.oneOf(gen, coded).split(/:(.*)/) as [(typeof ASSESSMENT_DOMAINS)[number], string]
      codedNeedEdits++
      return (doc) => removeAssessmentNeed(doc, domain, code, author)
    }
    case 11: {
      const id = world.id('unmet')
      return (doc) => addUnmet(doc, { id, need: words(gen), needCodes: [prng.oneOf(gen, [...SERAFIN_PH_CODES])], missingAnswer: prng.oneOf(gen, [...MISSING_ANSWERS]), missingSince: date(gen) }, author)
    }
    case 12: {
      const unmet = readUnmet(world.doc)
      if (unmet.length === 0) return legitimatePlanEdit(world, actor)
      const row = prng.oneOf(gen, unmet)
      const needCodes = Array.from({ length: prng.int32(gen, 0, 3) }, () => prng.oneOf(gen, [...SERAFIN_PH_CODES]))
      const missingAnswer = prng.bool(gen) ? null : prng.oneOf(gen, [...MISSING_ANSWERS])
      codedNeedEdits++
      return (doc) => setUnmetCoding(findUnmetRow(doc, row.id)!, { needCodes, missingAnswer, missingSince: date(gen) }, author)
    }
    default: {
      const goal = prng.oneOf(gen, goals)
      return (doc) => findRow(planRoots(doc).goals, goal.id)!.set('extraField', words(gen))
    }
  }
}

/** How many coded-need edits the legitimate sequences made (the property must exercise them). */
let codedNeedEdits = 0

/** A coded need every forgery below can aim at (made by the first legitimate writer). */
const FORGED_NEED = 'autonomy:1.2.1.1'

const PLAN_FORGERIES: { rule: string; make: (world: World, actor: Actor) => (doc: Y.Doc) => void }[] = [
  { rule: 'coded-needs-stay', make: () => (doc) => planRoots(doc).assessmentNeeds.delete(FORGED_NEED) },
  { rule: 'coded-needs-well-formed', make: (_, actor) => (doc) => planRoots(doc).assessmentNeeds.set('autonomy:9.9.9', { domain: 'autonomy', code: '9.9.9', by: actor.userId, at: new Date().toISOString(), removedAt: null }) },
  { rule: 'coded-needs-well-formed', make: (_, actor) => (doc) => planRoots(doc).assessmentNeeds.set(FORGED_NEED, { domain: 'health', code: '1.1.1', by: actor.userId, at: new Date().toISOString(), removedAt: null }) },
  { rule: 'by-names-writer', make: () => (doc) => addAssessmentNeed(doc, 'health', '1.1.1', { userId: 'someone-else' }) },
  { rule: 'enumerations', make: (_, actor) => (doc) => updateRow(planRoots(doc).unmet.get(0), { missingAnswer: 'never' }, actor) },
  { rule: 'enumerations', make: (_, actor) => (doc) => updateRow(planRoots(doc).unmet.get(0), { needCodes: ['1.2.1.1', 'not-a-code'] }, actor) },
  { rule: 'rows-are-tombstoned', make: (world) => (doc) => planRoots(doc).goals.delete(prng.int32(world.gen, 0, planRoots(doc).goals.length - 1), 1) },
  { rule: 'fixed-fragments-stay', make: (world) => (doc) => planRoots(doc).assessment.set(prng.oneOf(world.gen, [...ASSESSMENT_DOMAINS]), new Y.XmlFragment()) },
  { rule: 'fixed-fragments-stay', make: (world) => (doc) => planRoots(doc).assessment.delete(prng.oneOf(world.gen, [...ASSESSMENT_DOMAINS])) },
  { rule: 'row-identity-stays', make: () => (doc) => planRoots(doc).goals.get(0).delete('id') },
  { rule: 'calendar-dates', make: (_, actor) => (doc) => updateRow(planRoots(doc).goals.get(0), { dueDate: '2026-02-30' }, actor) },
  { rule: 'enumerations', make: (_, actor) => (doc) => updateRow(planRoots(doc).goals.get(0), { status: 'bogus' }, actor) },
  { rule: 'by-names-writer', make: () => (doc) => updateRow(planRoots(doc).goals.get(0), { status: 'open' }, { userId: 'someone-else' }) },
  { rule: 'nested-types-stay', make: () => (doc) => planRoots(doc).goals.get(0).set('title', new Y.Text('remplacé')) },
]

// ---------- the person's section ----------

/** How many times a sequence erased the actor's own words (the property must exercise it). */
let ownDeletes = 0

function personWorld(seed: number) {
  const world = new World('person', prng.create(seed))
  const person: Actor = { userId: 'user-person', role: 'person', clientId: 201 }
  const legal: Actor = { userId: 'user-legal', role: 'legalRepresentative', clientId: 202 }
  const relative: Actor = { userId: 'user-relative', role: 'relative', clientId: 203 }
  const other: Actor = { userId: 'user-other-relative', role: 'relative', clientId: 204 }
  const server = new Y.Doc()
  initializePerson(server)
  Y.applyUpdate(world.doc, Y.encodeStateAsUpdate(server))
  for (const id of ['goal-a', 'goal-b', 'action-c']) world.rowIds.add(id)
  const at = new Date().toISOString()
  expect(world.edit(person, (doc) => {
    appendParagraph(personRoots(doc).lifeProject, 'Mes mots à moi.')
    writeView(doc, 'goal-a', { opinion: 'agree', comment: 'oui', by: person.userId, at })
  })).toBeNull()
  expect(world.edit(relative, (doc) => writeRelativeView(doc, 'goal-a', { opinion: 'unsure', comment: 'peut-être', by: relative.userId, at }))).toBeNull()
  expect(world.edit(other, (doc) => appendParagraph(personRoots(doc).expectations, 'Les mots d’un autre proche.'))).toBeNull()
  return { world, actors: [person, legal, relative, other] }
}

function legitimatePersonEdit(world: World, actor: Actor): (doc: Y.Doc) => void {
  const { gen } = world
  const rowId = prng.oneOf(gen, [...world.rowIds])
  const view = () => ({ opinion: prng.oneOf(gen, [...OPINIONS]), comment: words(gen), by: actor.userId, at: new Date().toISOString() })
  const speaksForPerson = actor.role === 'person' || actor.role === 'legalRepresentative'
  const root = prng.oneOf(gen, ['lifeProject', 'expectations'] as const)
  switch (prng.int32(gen, 0, 4)) {
    case 0:
      return speaksForPerson ? (doc) => writeView(doc, rowId, view()) : (doc) => writeRelativeView(doc, rowId, view())
    case 1:
      return speaksForPerson
        ? (doc) => personRoots(doc).views.delete(rowId)
        : (doc) => personRoots(doc).relativeViews.delete(relativeViewKey(rowId, actor.userId))
    case 2:
      return (doc) => appendParagraph(personRoots(doc)[root], words(gen))
    case 3: {
      const section = prng.oneOf(gen, [...personRoots(world.doc).lifeProjectSections.keys()])
      return (doc) => appendParagraph(personRoots(doc).lifeProjectSections.get(section)!, words(gen))
    }
    default:
      // Erasing one's own words.
      return (doc) => {
        const own = ownTexts(personRoots(doc)[root], actor.clientId)
        if (own.length === 0) appendParagraph(personRoots(doc)[root], 'x')
        else {
          ownDeletes++
          const text = prng.oneOf(gen, own)
          const start = prng.int32(gen, 0, text.length - 1)
          text.delete(start, prng.int32(gen, 1, text.length - start))
        }
      }
  }
}

interface PersonForgery {
  rule: string
  roles: Role[]
  /** A change made with the writers, or raw bytes crafted by hand. */
  make?: (world: World, actor: Actor) => (doc: Y.Doc) => void
  raw?: (world: World, actor: Actor) => Uint8Array
}

const PERSON_FORGERIES: PersonForgery[] = [
  { rule: 'views-by-person', roles: ['relative'], make: (_, actor) => (doc) => writeView(doc, 'goal-b', { opinion: 'agree', comment: '', by: actor.userId, at: new Date().toISOString() }) },
  { rule: 'views-by-person', roles: ['relative'], make: () => (doc) => personRoots(doc).views.delete('goal-a') },
  { rule: 'relative-views-own-key', roles: ['person', 'legalRepresentative'], make: () => (doc) => personRoots(doc).relativeViews.delete(relativeViewKey('goal-a', 'user-relative')) },
  {
    rule: 'relative-views-own-key',
    roles: ['relative'],
    make: (_, actor) => (doc) => personRoots(doc).relativeViews.set(`goal-a:user-person:${actor.userId}`, { opinion: 'agree', comment: '', by: actor.userId, at: '2026-01-01T00:00:00Z' }),
  },
  { rule: 'by-names-writer', roles: ['person', 'legalRepresentative', 'relative'], make: (_, actor) => (doc) => (actor.role === 'relative' ? personRoots(doc).relativeViews.set(relativeViewKey('goal-b', actor.userId), { opinion: 'agree', comment: '', by: 'user-person', at: '2026-01-01T00:00:00Z' }) : writeView(doc, 'goal-b', { opinion: 'agree', comment: '', by: 'user-relative', at: '2026-01-01T00:00:00Z' })) },
  { rule: 'authored-text-stays', roles: ['relative', 'legalRepresentative'], make: () => (doc) => personRoots(doc).lifeProject.delete(personRoots(doc).lifeProject.length > 1 ? 1 : 0, 1) },
  { rule: 'fixed-fragments-stay', roles: ['person', 'relative'], make: () => (doc) => personRoots(doc).lifeProjectSections.delete('wellbeing.hope') },
  // A struct re-declaring the person's view item under the actor's own key, and a new item pointing at it.
  { rule: 'views-by-person', roles: ['relative'], raw: (world, actor) => redeclaredView(world, actor) },
]

/** The forged-struct attack of issue 13 point 1, as raw bytes. */
function redeclaredView(world: World, actor: Actor): Uint8Array {
  const target = personRoots(world.doc).views._map.get('goal-a')!.id
  const forger = new Y.Doc()
  forger.clientID = target.client
  if (target.clock > 0) forger.getText('pad').insert(0, 'x'.repeat(target.clock))
  const key = relativeViewKey('goal-a', actor.userId)
  forger.getMap('relativeViews').set(key, { opinion: 'agree', comment: '', by: actor.userId, at: '2026-01-01T00:00:00Z' })
  forger.clientID = actor.clientId + 1000
  forger.getMap('relativeViews').set(key, { opinion: 'disagree', comment: '', by: 'user-person', at: '2026-01-01T00:00:00Z' })
  return Y.encodeStateAsUpdate(forger)
}

describe('document rules: property tests', () => {
  it('random legitimate plan edits by each writer always pass', () => {
    for (const seed of SEEDS) {
      const { world, actors } = planWorld(seed)
      for (let step = 0; step < STEPS; step++) {
        const actor = prng.oneOf(world.gen, actors)
        const violation = world.edit(actor, legitimatePlanEdit(world, actor))
        expect(violation, `seed ${seed} step ${step}`).toBeNull()
      }
    }
    expect(codedNeedEdits).toBeGreaterThan(20)
  })

  it('the same plan sequences with one forged struct or delete are always refused', () => {
    for (const seed of SEEDS) {
      const { world, actors } = planWorld(seed)
      const forgedAt = prng.int32(world.gen, 0, STEPS - 1)
      // Every forgery is tried, each at a random step of a random sequence.
      const forgery = PLAN_FORGERIES[SEEDS.indexOf(seed) % PLAN_FORGERIES.length]!
      for (let step = 0; step < STEPS; step++) {
        const actor = prng.oneOf(world.gen, actors)
        if (step === forgedAt) {
          const violation = world.edit(actor, forgery.make(world, actor))
          expect(violation?.rule, `seed ${seed} step ${step}: ${forgery.rule}`).toBe(forgery.rule)
        } else {
          expect(world.edit(actor, legitimatePlanEdit(world, actor)), `seed ${seed} step ${step}`).toBeNull()
        }
      }
    }
  })

  it('random legitimate edits of the person’s section by each role always pass', () => {
    for (const seed of SEEDS) {
      const { world, actors } = personWorld(seed)
      for (let step = 0; step < STEPS; step++) {
        const actor = prng.oneOf(world.gen, actors)
        const violation = world.edit(actor, legitimatePersonEdit(world, actor))
        expect(violation, `seed ${seed} step ${step}`).toBeNull()
      }
    }
    expect(ownDeletes).toBeGreaterThan(10)
  })

  it('the same person sequences with one forged struct or delete are always refused', () => {
    for (const seed of SEEDS) {
      const { world, actors } = personWorld(seed)
      const forgedAt = prng.int32(world.gen, 0, STEPS - 1)
      const forgery = PERSON_FORGERIES[SEEDS.indexOf(seed) % PERSON_FORGERIES.length]!
      for (let step = 0; step < STEPS; step++) {
        if (step === forgedAt) {
          const actor = prng.oneOf(world.gen, actors.filter((candidate) => forgery.roles.includes(candidate.role)))
          const violation = forgery.raw ? world.judge(actor, forgery.raw(world, actor)) : world.edit(actor, forgery.make!(world, actor))
          expect(violation?.rule, `seed ${seed} step ${step}: ${forgery.rule} by ${actor.role}`).toBe(forgery.rule)
          continue
        }
        const actor = prng.oneOf(world.gen, actors)
        expect(world.edit(actor, legitimatePersonEdit(world, actor)), `seed ${seed} step ${step}`).toBeNull()
      }
    }
  })
})
