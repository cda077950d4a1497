import * as Y from 'yjs'
import { documentName, type AssessmentDomain } from '../../shared/schema/roots.ts'
import { addAssessmentNeed, addUnmet, findUnmetRow, setUnmetCoding } from '../../shared/schema/plan.ts'
import type { MissingAnswer } from '../../shared/domain/territory.ts'
import type { PlanKind } from '../../shared/domain/roles.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'
import { createSituation } from '../domain/situations.ts'
import { editAs } from '../domain/edits.ts'
import type { ConcertoApp } from '../app.ts'

/**
 * The territory's part of the demo (issue 19): the three demo situations
 * get a commune of Indre-et-Loire (37), a response level and coded needs;
 * `pilotage@demo.test` gets the pilot right on 37; and, unless told not to,
 * a set of fictional situations (no names: "Situation fictive n°…") spread
 * over the département's communes, with coded unmet needs and a few
 * ruptures and hospitalisations, so the observatory shows real bars and
 * some suppressed cells. Those extras cost ~300 ms, so only `npm start`'s
 * demo seeds them (server/main.ts); test apps seed without them.
 */

export const DEMO_DEPARTEMENT = '37'

const DEMO_TERRITORY: Record<string, { territory: string; level: ResponseLevel }> = {
  'monsieur-x': { territory: '37208', level: 4 }, // Saint-Avertin
  yanis: { territory: '37261', level: 3 }, // Tours
  'madame-b': { territory: '37122', level: 2 }, // Joué-lès-Tours
}

const DEMO_NEEDS: Record<string, { assessment: Partial<Record<AssessmentDomain, string[]>>; unmet: { needCodes: string[]; missingAnswer: MissingAnswer; missingSince: string }[] }> = {
  'monsieur-x': {
    assessment: { health: ['1.1.1', '1.1.8'], autonomy: ['1.2.1.1', '1.2.1.3'], participation: ['1.3.4.1'], caregivers: ['1.2.1.4'] },
    unmet: [{ needCodes: ['1.3.4.1'], missingAnswer: 'absentService', missingSince: '2025-10-03' }],
  },
  yanis: {
    assessment: { autonomy: ['1.2.1.2'], participation: ['1.3.3.2', '1.3.2.1', '1.3.5.1'] },
    unmet: [{ needCodes: ['1.3.3.2'], missingAnswer: 'place', missingSince: '2025-06-30' }],
  },
  'madame-b': {
    assessment: { health: ['1.1.6', '1.1.10'], participation: ['1.3.4.1'] },
    unmet: [],
  },
}

/** Fictional communes of Indre-et-Loire and how many fictional situations each holds (some under 5 on purpose). */
const COMMUNES: [code: string, situations: number][] = [
  ['37261', 16], // Tours
  ['37122', 9], // Joué-lès-Tours
  ['37208', 6], // Saint-Avertin
  ['37003', 6], // Amboise
  ['37072', 5], // Chinon
  ['37132', 3], // Loches
  ['37214', 2], // Saint-Cyr-sur-Loire
  ['37031', 1], // Bourgueil
]

/** Unmet needs cycled over the fictional situations: work and housing most often, a few rare ones (shown "< 5"). */
const NEED_CYCLE: string[][] = [
  ['1.3.3.2'],
  ['1.3.2.1'],
  ['1.3.3.2', '1.3.4.2'],
  ['1.2.1.3'],
  ['1.3.2.1', '1.3.5.1'],
  ['1.3.3.2'],
  ['1.3.3.1'],
  ['1.3.2.1'],
  ['1.1.1'],
  ['1.3.3.2', '1.3.2.1'],
  ['1.3.4.2'],
  ['1.2.1.3'],
]
const ANSWERS: MissingAnswer[] = ['place', 'waitingList', 'absentService', 'place', 'blocked', 'waitingList']
const KINDS: PlanKind[] = ['pag', 'pag', 'pps', 'pag', 'ppcs']

const dayBefore = (days: number, now = new Date()): string => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10)

export async function seedTerritory(app: ConcertoApp, options: { pilotUserId: string; coordinatorId: string; extras: boolean }): Promise<void> {
  const deps = { situations: app.situations, store: app.store, bindings: app.bindings, rooms: app.rooms }
  await app.pilots.grant(options.pilotUserId, DEMO_DEPARTEMENT, null)
  for (const [situationId, fields] of Object.entries(DEMO_TERRITORY)) {
    await app.situations.setTerritory(situationId, fields.territory)
    await app.situations.setLevel(situationId, fields.level)
    const needs = DEMO_NEEDS[situationId]!
    await editAs(deps, { situationId, part: 'plan' }, options.coordinatorId, (doc) => {
      const author = { userId: options.coordinatorId }
      for (const [domain, codes] of Object.entries(needs.assessment)) for (const code of codes) addAssessmentNeed(doc, domain as AssessmentDomain, code, author)
      needs.unmet.forEach((coding, index) => {
        const row = findUnmetRow(doc, `${situationId}-unmet-${index + 1}`)
        if (row) setUnmetCoding(row, coding, author)
      })
    })
    const docName = documentName(situationId, 'plan')
    const room = app.rooms.get(docName)
    if (room) await app.needsProjection.projectNow({ situationId, part: 'plan' }, room.doc)
  }
  if (options.extras) await seedTerritoryExtras(app)
}

/**
 * Fictional situations written cheaply: each is created by the app's own
 * use case (row, coordinator, three documents), then one update adds its
 * unmet goal to the stored plan and the projection is written from that
 * document, without loading a room per situation.
 */
export async function seedTerritoryExtras(app: ConcertoApp): Promise<void> {
  const deps = { situations: app.situations, store: app.store, bindings: app.bindings }
  const creatorId = 'user-territory-demo'
  await app.users.insert({ id: creatorId, email: null, login: null, name: 'Coordination territoriale (fictive)', passwordHash: null, createdAt: new Date().toISOString() })
  const creator = { userId: creatorId, name: 'Coordination territoriale (fictive)', organisation: 'DAC Touraine (fictif)', sector: 'medicosocial' as const, mission: 'Coordination' }
  let n = 0
  for (const [territory, count] of COMMUNES) {
    for (let i = 0; i < count; i++, n++) {
      const id = `territoire-${String(n + 1).padStart(3, '0')}`
      const { situation } = await createSituation(deps, {
        id,
        title: `Situation fictive n°${n + 1}`,
        kind: KINDS[n % KINDS.length]!,
        territory,
        level: (((n * 7) % 4) + 1) as ResponseLevel,
        reviewDate: dayBefore(n % 3 === 0 ? 20 + n : -60 - n),
        stage: 'followUp',
      }, creator, new Date(Date.now() - (400 + n * 3) * 86_400_000))
      const stored = await app.store.load({ situationId: situation.id, part: 'plan' })
      const doc = new Y.Doc()
      for (const row of stored.updates) Y.applyUpdate(doc, row.bytes)
      const before = Y.encodeStateVector(doc)
      addUnmet(doc, {
        id: `${id}-unmet-1`,
        need: 'Réponse cible non disponible',
        needCodes: NEED_CYCLE[n % NEED_CYCLE.length]!,
        missingAnswer: KINDS[n % KINDS.length] === 'pag' ? ANSWERS[n % ANSWERS.length]! : null,
        missingSince: dayBefore(30 + ((n * 37) % 540)),
      }, { userId: creatorId })
      await app.bindings.bindStored({ situationId: situation.id, part: 'plan' }, doc.clientID, creatorId)
      await app.store.append({ situationId: situation.id, part: 'plan' }, Y.encodeStateAsUpdate(doc, before))
      await app.needsProjection.projectNow({ situationId: situation.id, part: 'plan' }, doc)
      doc.destroy()
      // Ruptures and hospitalisations over the last months: some months above the threshold, some under.
      const event = async (kind: 'rupture' | 'hospitalisation', monthsBack: number) => {
        const date = dayInMonthBack(monthsBack, 1 + (n % 20))
        await app.records.insertEvent({ id: `${id}-${kind}`, situationId: id, date, kind, title: kind === 'rupture' ? 'Rupture de parcours' : 'Hospitalisation', detail: '', createdBy: creatorId, createdAt: `${date}T12:00:00.000Z` })
      }
      if (n % 2 === 0) await event('rupture', 1 + (n % 4))
      if (n % 3 !== 0) await event('hospitalisation', 1 + (n % 7))
    }
  }
}

/** A day in the month `monthsBack` months before this one (day clamped to 28). */
const dayInMonthBack = (monthsBack: number, day: number, now = new Date()): string => {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, Math.min(day, 28)))
  return date.toISOString().slice(0, 10)
}
