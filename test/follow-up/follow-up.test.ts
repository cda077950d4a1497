import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayInParis } from '../../shared/domain/dates.ts'
import { createTestApp, loginCookie } from '../helpers/app.ts'
import { pdfText } from '../helpers/pdf.ts'
import { saveVersion } from '../../server/domain/versions.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { readActions, readGoals } from '../../shared/schema/plan.ts'
import { docFromState } from '../../server/domain/compare.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

let concerto: TestApp
const cookies: Record<string, string> = {}
const as = (who: string) => cookies[who]!

beforeAll(async () => {
  concerto = await createTestApp()
  for (const who of ['coordination', 'infirmier', 'medecin', 'social', 'yanis', 'famille', 'observateur']) cookies[who] = await loginCookie(concerto.app, `${who}@demo.test`)
})
afterAll(() => concerto.dispose())

const api = (path: string, cookie: string, init: RequestInit = {}) =>
  concerto.app.request(path, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } })
const post = (path: string, cookie: string, body: unknown = {}) => api(path, cookie, { method: 'POST', body: JSON.stringify(body) })
const json = async <T = any>(response: Response | Promise<Response>): Promise<T> => (await (await response).json()) as T
const situation = (id: string, cookie = as('coordination')) => json<{ stage: string; status: string; reviewDate: string | null; closedReason: string | null }>(api(`/api/situations/${id}`, cookie))
const todo = (cookie: string) => json<{ kind: string; situationId: string | null; title: string; dueDate: string; href: string }[]>(api('/api/me/todo', cookie))

const createSituation = async (body: Record<string, unknown>) => {
  const response = await post('/api/situations', as('coordination'), { personName: 'Personne Test', ...body })
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: string }).id
}

const monthsAgo = (months: number) => {
  const date = new Date()
  date.setUTCMonth(date.getUTCMonth() - months)
  return date
}

const planGoalsAndActions = async (situationId: string) => {
  const [state] = await concerto.rooms.encodeStates([documentName(situationId, 'plan')])
  const doc = docFromState(state!)
  try {
    return { goals: readGoals(doc).filter((g) => !g.deletedAt), actions: readActions(doc).filter((a) => !a.deletedAt) }
  } finally {
    doc.destroy()
  }
}

/** Runs a meeting from convening to its end, as the coordinator. */
const holdMeeting = async (situationId: string, body: Record<string, unknown> = {}) => {
  const meeting = await json<{ id: string }>(post(`/api/situations/${situationId}/meetings`, as('coordination'), { kind: 'synthesis', startsAt: new Date().toISOString() }))
  expect((await post(`/api/situations/${situationId}/meetings/${meeting.id}/start`, as('coordination'))).status).toBe(200)
  const ended = await post(`/api/situations/${situationId}/meetings/${meeting.id}/end`, as('coordination'), body)
  expect(ended.status).toBe(200)
  return (await ended.json()) as { id: string; version: { id: string } }
}

describe('the plan’s stage', () => {
  it('a PAG validated 13 months ago is toReview and appears in its coordinator’s À faire, and in nobody else’s', async () => {
    const id = await createSituation({ title: 'Monsieur PAG ancien', kind: 'pag' })
    const coordinatorId = (await concerto.situations.activeMembers(id)).find((m) => m.role === 'coordinator')!.userId!
    // The validation itself went through the app's own hooks, dated 13 months back.
    await saveVersion({ rooms: concerto.rooms, versions: concerto.versions, ...concerto.followUp.versionHooks }, id, { label: 'GOS de l’an dernier' }, coordinatorId, monthsAgo(13))
    await concerto.followUp.jobs.tick()
    const read = await situation(id)
    expect(read.stage).toBe('toReview')
    // A PAG is reviewed at least once a year: validation + 1 year.
    const validated = monthsAgo(13)
    expect(read.reviewDate!.slice(0, 7)).toBe(`${validated.getUTCFullYear() + 1}-${String(validated.getUTCMonth() + 1).padStart(2, '0')}`)
    const items = await todo(as('coordination'))
    expect(items).toContainEqual(expect.objectContaining({ kind: 'review', situationId: id, situationTitle: 'Monsieur PAG ancien', href: `#/situations/${id}` }))
    const dates = items.map((item) => item.dueDate)
    expect(dates).toEqual([...dates].sort())
    // Someone who cannot view the situation gets nothing from it.
    expect((await todo(as('infirmier'))).some((item) => item.situationId === id)).toBe(false)
    // The move is audited and on the life line.
    const timeline = await json<{ kind: string; title: string }[]>(api(`/api/situations/${id}/timeline`, as('coordination')))
    expect(timeline.map((t) => t.title)).toEqual(expect.arrayContaining(['Plan validé', 'Plan à revoir']))
    expect((await concerto.audit.forSituation(id)).map((row) => row.action)).toEqual(expect.arrayContaining(['stage.validated', 'stage.toReview']))
  })

  it('a discharge recorded on the life line moves a plan to toReview, and the stage entry does not repeat the clinical title', async () => {
    const id = await createSituation({ title: 'Madame Sortie', kind: 'pps' })
    expect((await post(`/api/situations/${id}/versions`, as('coordination'), { label: 'Synthèse' })).status).toBe(201)
    expect((await situation(id)).stage).toBe('validated')
    const event = await post(`/api/situations/${id}/timeline`, as('coordination'), { date: todayInParis(), kind: 'hospitalisation', title: 'Sortie de cardiologie après décompensation' })
    expect(event.status).toBe(201)
    expect((await situation(id)).stage).toBe('toReview')
    const timeline = await json<{ kind: string; title: string; detail: string }[]>(api(`/api/situations/${id}/timeline`, as('coordination')))
    const stageEntry = timeline.find((t) => t.kind === 'stage' && t.title === 'Plan à revoir')!
    expect(stageEntry.detail).not.toContain('cardiologie')
    expect(await todo(as('coordination'))).toContainEqual(expect.objectContaining({ kind: 'review', situationId: id }))
  })

  it('a plan in preparation is not moved by a life-line event; a coordinator handover puts a followed plan to review', async () => {
    const id = await createSituation({ title: 'Monsieur Relais', kind: 'ppcs' })
    await post(`/api/situations/${id}/timeline`, as('coordination'), { date: '2026-01-05', kind: 'rupture', title: 'Rupture' })
    expect((await situation(id)).stage).toBe('preparation')
    await post(`/api/situations/${id}/versions`, as('coordination'), { label: 'V1' })
    const member = await json<{ id: string }>(post(`/api/situations/${id}/members`, as('coordination'), { name: 'Dr Relais', role: 'professional', sector: 'health' }))
    // A member without an account cannot coordinate; one with an account can (the demo's GP).
    expect((await post(`/api/situations/${id}/handover`, as('coordination'), { memberId: member.id })).status).toBe(400)
    const gp = (await concerto.situations.activeMembers('madame-b')).find((m) => m.userId === 'user-medecin')!
    const added = (await concerto.situations.activeMembers(id)).length
    expect(added).toBeGreaterThan(0)
    await concerto.situations.insertMember({ ...gp, id: `${id}-gp`, situationId: id, createdAt: new Date().toISOString() })
    expect((await post(`/api/situations/${id}/handover`, as('coordination'), { memberId: `${id}-gp` })).status).toBe(200)
    expect((await situation(id, as('medecin'))).stage).toBe('toReview')
  })

  it('a closed PAG needs a reason from the MDPH list; a PPS closes without one', async () => {
    const id = await createSituation({ title: 'Mademoiselle Fin', kind: 'pag' })
    const none = await post(`/api/situations/${id}/close`, as('coordination'), {})
    expect(none.status).toBe(400)
    expect(await none.json()).toMatchObject({ field: 'reason' })
    expect((await post(`/api/situations/${id}/close`, as('coordination'), { reason: 'on arrête' })).status).toBe(400)
    expect((await situation(id)).status).toBe('open')
    expect((await post(`/api/situations/${id}/close`, as('coordination'), { reason: 'moved' })).status).toBe(200)
    expect(await situation(id)).toMatchObject({ status: 'closed', stage: 'closed', closedReason: 'moved' })
    const timeline = await json<{ title: string; detail: string }[]>(api(`/api/situations/${id}/timeline`, as('coordination')))
    expect(timeline).toContainEqual(expect.objectContaining({ title: 'Situation close', detail: 'Motif : Déménagement dans un autre département' }))
    const pps = await createSituation({ title: 'Madame Sans Motif', kind: 'pps' })
    expect((await post(`/api/situations/${pps}/close`, as('coordination'), {})).status).toBe(200)
  })
})

describe('interim follow-up and co-evaluation', () => {
  it('a progress request reaches the action’s owner and the answer shows on the action and in the next minutes', async () => {
    const { actions } = await planGoalsAndActions('madame-b')
    const etp = actions.find((a) => a.title === 'Séances d’éducation thérapeutique')!
    expect((await post('/api/situations/madame-b/progress-requests', as('infirmier'))).status).toBe(403)
    const asked = await json<{ requests: { actionId: string; ownerName: string }[]; unreachable: { title: string }[] }>(post('/api/situations/madame-b/progress-requests', as('coordination'), { message: 'Point avant la synthèse' }))
    expect(asked.requests).toContainEqual(expect.objectContaining({ actionId: etp.id }))
    // The pharmacy has no account: it is listed as unreachable, not silently skipped.
    expect(asked.unreachable.map((a) => a.title)).toContain('Préparation des doses à administrer')

    const mine = await json<{ actionId: string; situationId: string }[]>(api('/api/me/progress-requests', as('infirmier')))
    expect(mine).toContainEqual(expect.objectContaining({ actionId: etp.id, situationId: 'madame-b' }))
    expect(await todo(as('infirmier'))).toContainEqual(expect.objectContaining({ kind: 'progress', situationId: 'madame-b' }))
    expect((await json<unknown[]>(api('/api/me/progress-requests', as('yanis')))).length).toBe(0)

    // Someone else cannot answer for the nurse; blocked needs its reason.
    expect((await post(`/api/situations/madame-b/actions/${etp.id}/progress`, as('social'), { status: 'done' })).status).toBe(403)
    expect((await post(`/api/situations/madame-b/actions/${etp.id}/progress`, as('infirmier'), { status: 'blocked' })).status).toBe(400)
    expect((await post(`/api/situations/madame-b/actions/${etp.id}/progress`, as('infirmier'), { status: 'blocked', note: 'Salle indisponible en juin' })).status).toBe(201)
    expect((await json<unknown[]>(api('/api/me/progress-requests', as('infirmier')))).length).toBe(0)
    const onPlan = await json<{ answers: { actionId: string; status: string; note: string }[] }>(api('/api/situations/madame-b/progress', as('medecin')))
    expect(onPlan.answers).toContainEqual(expect.objectContaining({ actionId: etp.id, actionTitle: 'Séances d’éducation thérapeutique', status: 'blocked', note: 'Salle indisponible en juin' }))

    const meeting = await holdMeeting('madame-b')
    const minutes = await (await api(`/api/situations/madame-b/meetings/${meeting.id}/minutes`, as('medecin'))).text()
    expect(minutes).toContain('Point d’étape des actions')
    expect(minutes).toMatch(/Séances d’éducation thérapeutique<\/td><td>Sophie[^<]*<\/td><td>Bloqué — « Salle indisponible en juin »/)
    // The minutes after the next meeting do not repeat it.
    const next = await holdMeeting('madame-b')
    expect(await (await api(`/api/situations/madame-b/meetings/${next.id}/minutes`, as('medecin'))).text()).not.toContain('Salle indisponible')
  })

  it('the person’s co-evaluation appears beside the circle’s in the minutes and the PDF, and only who reads the person part sees it', async () => {
    const { goals } = await planGoalsAndActions('yanis')
    const goal = goals[0]!
    const before = await json<{ id: string }>(post('/api/situations/yanis/versions', as('coordination'), { label: 'Avant la révision' }))
    expect((await post('/api/situations/yanis/co-evaluations', as('yanis'), { goalId: goal.id, rating: 'great' })).status).toBe(400)
    expect((await post('/api/situations/yanis/co-evaluations', as('yanis'), { goalId: 'nope', rating: 'partly' })).status).toBe(400)
    expect((await post('/api/situations/yanis/co-evaluations', as('famille'), { goalId: goal.id, rating: 'partly' })).status).toBe(403)
    expect((await post('/api/situations/yanis/co-evaluations', as('yanis'), { goalId: goal.id, rating: 'partly', comment: 'J’aime l’atelier bois' })).status).toBe(201)
    expect((await post('/api/situations/yanis/co-evaluations', as('coordination'), { goalId: goal.id, rating: 'reached', comment: 'Stage validé' })).status).toBe(201)
    const view = await json<{ side: string; goals: { goalId: string; circle: { rating: string } | null; person: { rating: string; byName: string } | null }[] }>(api('/api/situations/yanis/co-evaluations', as('yanis')))
    expect(view.side).toBe('person')
    expect(view.goals.find((g) => g.goalId === goal.id)).toMatchObject({ circle: { rating: 'reached' }, person: { rating: 'partly' } })

    // A PAG is reviewed at least once a year: a review date further away is refused at the meeting's end.
    const tooFar = await json<{ id: string }>(post('/api/situations/yanis/meetings', as('coordination'), { kind: 'gos', startsAt: new Date().toISOString() }))
    await post(`/api/situations/yanis/meetings/${tooFar.id}/start`, as('coordination'))
    const refused = await post(`/api/situations/yanis/meetings/${tooFar.id}/end`, as('coordination'), { reviewDate: '2031-01-01' })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ field: 'reviewDate' })
    const meeting = await holdMeeting('yanis', { reviewDate: '2027-06-01' })
    const minutes = await (await api(`/api/situations/yanis/meetings/${meeting.id}/minutes`, as('coordination'))).text()
    expect(minutes).toContain('Co-évaluation des objectifs')
    expect(minutes).toContain(`<tr><td>${goal.title.replace(/’/g, '’')}</td><td>Atteint — « Stage validé »</td><td>En partie — « J’aime l’atelier bois »</td></tr>`)
    const pdf = await api(`/api/situations/yanis/meetings/${meeting.id}/minutes.pdf`, as('coordination'))
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).toContain('Co-évaluation des objectifs')
    expect(text).toMatch(/Atteint — « Stage validé ».*En partie — « J’aime l’atelier bois »/)
    // The version validated at that meeting carries both views in its PDF.
    const versionPdf = await api(`/api/situations/yanis/versions/${meeting.version.id}/pdf`, as('coordination'))
    expect(await pdfText(new Uint8Array(await versionPdf.arrayBuffer()))).toContain('En partie — « J’aime l’atelier bois »')
    // The compare view shows both views at each end: none before, both in the version of the review.
    const older = before
    const compared = await json<{ coEvaluation: { from: { goalId: string; person: unknown }[]; to: { goalId: string; person: { rating: string } | null; circle: { rating: string } | null }[] } }>(
      api(`/api/situations/yanis/versions/${older.id}/compare/${meeting.version.id}`, as('coordination')),
    )
    expect(compared.coEvaluation.from.find((g) => g.goalId === goal.id)).toBeUndefined()
    expect(compared.coEvaluation.to.find((g) => g.goalId === goal.id)).toMatchObject({ person: { rating: 'partly' }, circle: { rating: 'reached' } })
    // The person's easy-read minutes: who does what, when, both views, the next review; nobody outside the circle.
    const easy = await json<{ actions: { who: string }[]; coEvaluation: { person: { rating: string } | null; circle: { rating: string } | null }[]; reviewDate: string }>(api(`/api/situations/yanis/meetings/${meeting.id}/easy`, as('yanis')))
    expect(easy.actions.length).toBeGreaterThan(0)
    expect(easy.coEvaluation).toContainEqual(expect.objectContaining({ person: expect.objectContaining({ rating: 'partly' }), circle: expect.objectContaining({ rating: 'reached' }) }))
    expect(easy.reviewDate).toBe('2027-06-01')
    expect((await api(`/api/situations/yanis/meetings/${meeting.id}/easy`, as('infirmier'))).status).toBe(404)
    // The IME educator reads the plan: the circle's column, and the person's (he reads the person part too).
    const educator = await (await api(`/api/situations/yanis/meetings/${meeting.id}/minutes`, as('social'))).text()
    expect(educator).toContain('Atteint — « Stage validé »')
  })
})

describe('reminder preferences', () => {
  it('a user turns the daily digest off and on, for themselves only', async () => {
    expect(await json(api('/api/me/reminders', as('medecin')))).toEqual({ digest: true })
    expect((await api('/api/me/reminders', as('medecin'), { method: 'POST', body: JSON.stringify({ digest: 'no' }) })).status).toBe(400)
    expect(await json(api('/api/me/reminders', as('medecin'), { method: 'POST', body: JSON.stringify({ digest: false }) }))).toEqual({ digest: false })
    expect(await json(api('/api/me/reminders', as('medecin')))).toEqual({ digest: false })
    expect(await json(api('/api/me/reminders', as('infirmier')))).toEqual({ digest: true })
    expect((await concerto.app.request('/api/me/todo')).status).toBe(401)
  })
})
