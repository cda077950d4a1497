import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

describe('keeping and erasing, the person’s right of access, and the audit page', () => {
  let concerto: TestApp
  let coordinator: string
  let yanis: string
  let mother: string
  let yanisSituation: string
  beforeAll(async () => {
    // No grace between archiving and erasing here, so the erasure follows the date at once (the archive stage has its own tests below).
    process.env.RETENTION_ARCHIVE_GRACE_DAYS = '0'
    concerto = await createTestApp()
    delete process.env.RETENTION_ARCHIVE_GRACE_DAYS
    coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
    yanis = await loginCookie(concerto.app, 'yanis@demo.test')
    mother = await loginCookie(concerto.app, 'famille@demo.test')
    const list = (await (await concerto.app.request('/api/situations', { headers: { cookie: yanis } })).json()) as { id: string; title: string }[]
    yanisSituation = list.find((s) => s.title.startsWith('Yanis'))!.id
  })
  afterAll(() => concerto.dispose())

  const call = (cookie: string, method: string, path: string, body?: unknown) =>
    concerto.app.request(path, { method, headers: { 'content-type': 'application/json', cookie }, body: body === undefined ? undefined : JSON.stringify(body) })
  const json = async <T = Record<string, unknown>>(response: Response | Promise<Response>) => (await (await response).json()) as T

  it('the person downloads everything held about them as JSON and PDF; nobody else can', async () => {
    await call(coordinator, 'GET', `/api/situations/${yanisSituation}`)
    const response = await call(yanis, 'GET', `/api/situations/${yanisSituation}/my-data.json`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toContain('attachment')
    const data = await json<{ situation: { title: string }; plan: { goals: unknown[] }; personSection: { lifeProject: string }; versions: unknown[]; accessLog: { name: string }[] }>(response)
    expect(data.situation.title).toMatch(/^Yanis/)
    expect(data.plan.goals.length).toBeGreaterThan(1)
    expect(data.personSection.lifeProject.length).toBeGreaterThan(10)
    expect(data.accessLog.length).toBeGreaterThan(0)
    const pdf = await call(yanis, 'GET', `/api/situations/${yanisSituation}/my-data.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    expect((await call(coordinator, 'GET', `/api/situations/${yanisSituation}/my-data.json`)).status).toBe(403)
    expect((await call(mother, 'GET', `/api/situations/${yanisSituation}/my-data.pdf`)).status).toBe(403)
  })

  it('"Qui a consulté mon dossier" names who opened which part, for the person only', async () => {
    await call(coordinator, 'GET', `/api/situations/${yanisSituation}/identity`)
    const log = await json<{ name: string; role: string; opened: string }[]>(call(yanis, 'GET', `/api/situations/${yanisSituation}/access-log`))
    expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'coordinator', opened: 'identity' })]))
    expect(JSON.stringify(log)).not.toMatch(/address|127\.0\.0\.1/)
    expect((await call(mother, 'GET', `/api/situations/${yanisSituation}/access-log`)).status).toBe(403)
  })

  it('the audit trail filters by member, part and kind, and exports CSV', async () => {
    const all = await json<{ userId: string; kind: string; part: string | null }[]>(call(coordinator, 'GET', `/api/situations/${yanisSituation}/audit-trail`))
    expect(all.length).toBeGreaterThan(2)
    const me = await json<{ id: string }>(call(coordinator, 'GET', '/api/me'))
    const mine = await json<{ userId: string }[]>(call(coordinator, 'GET', `/api/situations/${yanisSituation}/audit-trail?member=${me.id}`))
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((row) => row.userId === me.id)).toBe(true)
    const identity = await json<{ kind: string; part: string }[]>(call(coordinator, 'GET', `/api/situations/${yanisSituation}/audit-trail?kind=identity&part=plan`))
    expect(identity.length).toBeGreaterThan(0)
    expect(identity.every((row) => row.kind === 'identity' && row.part === 'plan')).toBe(true)
    const csv = await call(coordinator, 'GET', `/api/situations/${yanisSituation}/audit-trail.csv?kind=identity`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const bytes = Buffer.from(await csv.arrayBuffer())
    // A byte order mark first, so spreadsheets read the accents (Response.text() would strip it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.split('\r\n')[0]).toBe('"date","membre","action","famille","partie","cible","détail"')
    expect(text.split('\r\n').filter(Boolean).length).toBe(identity.length + 1)
    expect((await call(mother, 'GET', `/api/situations/${yanisSituation}/audit-trail`)).status).toBe(403)
  })

  it('closing keeps the reason and sets a retention date; past it, the job erases the content and keeps who erased what, when', async () => {
    const created = await json<{ id: string }>(call(coordinator, 'POST', '/api/situations', { title: 'Madame Effacée', kind: 'pps', personName: 'Madame Effacée' }))
    const id = created.id
    await call(coordinator, 'PUT', `/api/situations/${id}/identity`, { name: 'Madame Effacée', address: '1 rue Secrète' })
    await call(coordinator, 'POST', `/api/situations/${id}/members`, { name: 'Voisine', role: 'relative', contact: '06' })
    await call(coordinator, 'POST', `/api/situations/${id}/versions`, { label: 'V1' })
    const open = await json<{ id: string }>(call(coordinator, 'POST', '/api/situations', { title: 'Monsieur Ouvert', kind: 'pps' }))
    expect((await call(coordinator, 'POST', `/api/situations/${id}/close`, { reason: 'moved' })).status).toBe(200)
    const closed = await json<{ closedReason: string; retainUntil: string; closedAt: string }>(call(coordinator, 'GET', `/api/situations/${id}`))
    expect(closed.closedReason).toBe('moved')
    expect(new Date(closed.retainUntil).getUTCFullYear()).toBe(new Date(closed.closedAt).getUTCFullYear() + 20)

    // Not yet due: nothing erased.
    expect((await concerto.retention.run(new Date())).erased).not.toContain(id)
    // The rooms opened by the version must have unloaded first (UNLOAD_DELAY_MS=0 in tests).
    await new Promise((resolve) => setTimeout(resolve, 50))
    const run = await concerto.retention.run(new Date(Date.parse(closed.retainUntil) + 1000))
    expect(run.erased).toEqual([id])
    expect(run.erased).not.toContain(open.id)

    const after = await json<{ title: string; personName: string; erasedAt: string; access: Record<string, string>; members: { role: string }[] }>(call(coordinator, 'GET', `/api/situations/${id}`))
    expect(after.title).toBe('Situation effacée')
    expect(after.personName).toBe('')
    expect(after.erasedAt).toBeTruthy()
    expect(after.access).toEqual({ plan: 'none', health: 'none', person: 'none' })
    expect(after.members.map((m) => m.role)).toEqual(['coordinator'])
    const count = (sql: string) => concerto.db.prepare(sql).pluck().get(id) as number
    expect(count("SELECT count(*) FROM doc_updates WHERE doc LIKE ? || '/%'")).toBe(0)
    expect(count('SELECT count(*) FROM versions WHERE situation_id = ?')).toBe(0)
    expect(count('SELECT count(*) FROM person_identity WHERE situation_id = ?')).toBe(0)
    const audit = await json<{ action: string; userId: string | null; detail: { erased: Record<string, number> } }[]>(call(coordinator, 'GET', `/api/situations/${id}/audit`))
    const erase = audit.find((row) => row.action === 'situation.erase')!
    expect(erase.userId).toBeNull()
    expect(erase.detail.erased).toMatchObject({ versions: 1, person_identity: 1 })
    expect(JSON.stringify(audit)).not.toContain('Secrète')
    // The other situation is untouched, and a second run erases nothing more.
    expect(await json(call(coordinator, 'GET', `/api/situations/${open.id}`))).toMatchObject({ title: 'Monsieur Ouvert' })
    expect((await concerto.retention.run(new Date(Date.parse(closed.retainUntil) + 2000))).erased).toEqual([])
  })

  it('a request redirected without a situation is erased after its own period, the waiting ones never', async () => {
    const body = { requesterKind: 'family', requesterName: 'Sa fille', person: { name: 'Monsieur Orienté' }, reason: 'Conseil', urgency: 'routine', personInformed: true, personAgrees: 'yes' }
    const redirected = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', body))
    await call(coordinator, 'POST', `/api/requests/${redirected.id}/redirect`, { to: 'CCAS', reason: 'aide ménagère' })
    const waiting = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', body))
    expect((await concerto.retention.run(new Date())).erasedRequests).toEqual([])
    const later = new Date(Date.now() + 21 * 366 * 86_400_000)
    expect((await concerto.retention.run(later)).erasedRequests).toEqual([redirected.id])
    expect((await call(coordinator, 'GET', `/api/requests/${redirected.id}`)).status).toBe(404)
    expect((await call(coordinator, 'GET', `/api/requests/${waiting.id}`)).status).toBe(200)
  })
})

describe('the retention job archives before it erases (issue 15)', () => {
  let concerto: TestApp
  let coordinator: string
  beforeAll(async () => {
    // The default grace period: 30 days between archiving and erasing.
    concerto = await createTestApp()
    coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
  })
  afterAll(() => concerto.dispose())

  const call = (cookie: string, method: string, path: string, body?: unknown) =>
    concerto.app.request(path, { method, headers: { 'content-type': 'application/json', cookie }, body: body === undefined ? undefined : JSON.stringify(body) })
  const json = async <T = Record<string, unknown>>(response: Response | Promise<Response>) => (await (await response).json()) as T
  const DAY = 86_400_000
  const closedSituation = async (title: string) => {
    const { id } = await json<{ id: string }>(call(coordinator, 'POST', '/api/situations', { title, kind: 'pps', personName: title }))
    await call(coordinator, 'PUT', `/api/situations/${id}/identity`, { name: title, address: '9 rue Discrète' })
    await call(coordinator, 'POST', `/api/situations/${id}/close`, { reason: 'moved' })
    const { retainUntil } = await json<{ retainUntil: string }>(call(coordinator, 'GET', `/api/situations/${id}`))
    return { id, due: Date.parse(retainUntil) }
  }
  const auditOf = async (id: string) => json<{ action: string; userId: string | null; at: string; detail: Record<string, unknown> }[]>(call(coordinator, 'GET', `/api/situations/${id}/audit`))

  it('past the retention date the situation is archived, kept for the grace period, then erased, both steps audited without its text', async () => {
    const { id, due } = await closedSituation('Madame Archivée')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const first = await concerto.retention.run(new Date(due + 1000))
    expect(first.archived).toEqual([id])
    expect(first.erased).toEqual([])
    const archivedAt = concerto.db.prepare('SELECT archived_at FROM situations WHERE id = ?').pluck().get(id) as string
    expect(archivedAt).toBe(new Date(due + 1000).toISOString())
    // Still there, read-only (closed), during the grace period; a second run archives nothing again.
    expect(await json(call(coordinator, 'GET', `/api/situations/${id}`))).toMatchObject({ title: 'Madame Archivée', status: 'closed' })
    // Out of the lists while it waits for its erasure.
    expect((await json<{ id: string }[]>(call(coordinator, 'GET', '/api/situations'))).map((row) => row.id)).not.toContain(id)
    const during = await concerto.retention.run(new Date(due + 29 * DAY))
    expect(during).toMatchObject({ archived: [], erased: [] })
    expect(concerto.db.prepare('SELECT count(*) FROM person_identity WHERE situation_id = ?').pluck().get(id)).toBe(1)

    const after = await concerto.retention.run(new Date(due + 1000 + 30 * DAY))
    expect(after.erased).toEqual([id])
    expect(await json(call(coordinator, 'GET', `/api/situations/${id}`))).toMatchObject({ title: 'Situation effacée' })
    // Erased, its stub is listed again: the coordinator opens the erasure's audit trail from it.
    expect((await json<{ id: string; title: string }[]>(call(coordinator, 'GET', '/api/situations'))).find((row) => row.id === id)).toMatchObject({ title: 'Situation effacée' })
    const audit = await auditOf(id)
    const archive = audit.find((row) => row.action === 'situation.archive')!
    expect(archive).toMatchObject({ userId: null, at: new Date(due + 1000).toISOString() })
    expect(archive.detail).toMatchObject({ by: 'retention', kind: 'pps', eraseAfter: new Date(due + 1000 + 30 * DAY).toISOString() })
    const erase = audit.find((row) => row.action === 'situation.erase')!
    expect(erase).toMatchObject({ userId: null, at: new Date(due + 1000 + 30 * DAY).toISOString() })
    expect(erase.detail).toMatchObject({ by: 'retention', archivedAt })
    expect(JSON.stringify(audit)).not.toMatch(/Discrète|Archivée/)
  })

  it('a situation reopened during the grace period is no longer archived and is never erased while open', async () => {
    const { id, due } = await closedSituation('Monsieur Repris')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await concerto.retention.run(new Date(due + 1000))).archived).toEqual([id])
    expect((await call(coordinator, 'POST', `/api/situations/${id}/reopen`, {})).status).toBe(200)
    const later = await concerto.retention.run(new Date(due + 60 * DAY))
    expect(later.erased).not.toContain(id)
    expect(concerto.db.prepare('SELECT archived_at FROM situations WHERE id = ?').pluck().get(id)).toBeNull()
    expect((await auditOf(id)).some((row) => row.action === 'situation.unarchive')).toBe(true)
    expect(await json(call(coordinator, 'GET', `/api/situations/${id}`))).toMatchObject({ title: 'Monsieur Repris', status: 'open' })
  })
})
