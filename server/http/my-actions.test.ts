import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { eventually } from '../../test/helpers/clients.ts'
import { editAs } from '../domain/edits.ts'
import { findRow } from '../../shared/schema/rows.ts'
import { planRoots } from '../../shared/schema/plan.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

/** No socket needed: the reassignment is made through the same room the live clients use, as the coordinator. */
let concerto: Awaited<ReturnType<typeof createTestApp>>
beforeAll(async () => {
  concerto = await createTestApp()
})
afterAll(async () => concerto.dispose())

type MyAction = { id: string; situationId: string; situationTitle: string; title: string; owner: string; dueDate: string; status: string; overdue: boolean }
const myActions = async (cookie: string) => (await (await concerto.app.request('/api/me/actions', { headers: { cookie } })).json()) as MyAction[]

describe('GET /api/me/actions', () => {
  it('lists the nurse’s seeded actions from the first start, sorted by due date, overdue marked', async () => {
    const nurse = await loginCookie(concerto.app, 'infirmier@demo.test')
    const actions = await myActions(nurse)
    expect(actions.map((a) => a.id)).toEqual(['monsieur-x-pill', 'madame-b-etp', 'monsieur-x-wifecheck'])
    expect(actions.map((a) => a.dueDate)).toEqual([...actions.map((a) => a.dueDate)].sort())
    expect(actions.find((a) => a.id === 'monsieur-x-pill')!.overdue).toBe(true)
    expect(actions.find((a) => a.id === 'madame-b-etp')!.overdue).toBe(false)
    expect(Object.keys(actions[0]!)).toEqual(expect.arrayContaining(['id', 'situationId', 'situationTitle', 'title', 'owner', 'dueDate', 'status', 'overdue']))
    expect((await concerto.app.request('/api/me/actions')).status).toBe(401)
  })

  it('drops an action reassigned in the plan within seconds', async () => {
    const nurse = await loginCookie(concerto.app, 'infirmier@demo.test')
    await editAs(concerto, keyOf('monsieur-x/plan'), 'user-coordination', (doc) => {
      findRow(planRoots(doc).actions, 'monsieur-x-wifecheck')!.set('owner', 'Plateforme de répit du Val-de-Loire')
    })
    await eventually(async () => expect((await myActions(nurse)).map((a) => a.id)).not.toContain('monsieur-x-wifecheck'), { timeoutMs: 5000 })
  })

  it('counts my open actions and flags plans past review on "Mes situations"', async () => {
    const nurse = await loginCookie(concerto.app, 'infirmier@demo.test')
    const list = (await (await concerto.app.request('/api/situations', { headers: { cookie: nurse } })).json()) as { id: string; openActions: number; reviewOverdue: boolean }[]
    expect(list.find((s) => s.id === 'madame-b')).toMatchObject({ reviewOverdue: true })
    expect(list.find((s) => s.id === 'monsieur-x')!.reviewOverdue).toBe(false)
    expect(list.find((s) => s.id === 'madame-b')!.openActions).toBe(1)
  })
})
