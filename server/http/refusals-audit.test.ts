import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { eventually, login, openRawSocket } from '../../test/helpers/clients.ts'
import { rowsOf, sql } from '../../test/helpers/rows.ts'

/**
 * Issue 13 (audit): refusals that happen outside the document rules are in
 * the audit trail too, with the rule that refused them and never what the
 * request carried: a foreign Origin on the sync upgrade and on an API call,
 * and a change to a closed situation over HTTP (409).
 */
let server: TestServer
let cookie: string
const EVIL = 'https://evil.example'
const SECRET = 'Texte secret de la version'

interface Row {
  situationId: string | null
  userId: string | null
  action: string
  detail: Record<string, unknown>
  address: string | null
}
const refusals = async (action: string): Promise<Row[]> =>
  (
    await rowsOf<Omit<Row, 'detail'> & { detail: string }>(
      server.concerto.sql,
      sql`SELECT situation_id AS "situationId", user_id AS "userId", action, detail, address FROM audit_events WHERE action = ${action} ORDER BY id`,
    )
  ).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }))
const allAudit = async () => JSON.stringify(await rowsOf(server.concerto.sql, sql`SELECT * FROM audit_events`))

beforeAll(async () => {
  server = await startTestServer()
  cookie = await login(server.url, 'coordination@demo.test')
}, 60_000)
afterAll(async () => server?.dispose())

describe('refusals outside the document rules are audited with their rule', () => {
  it('a cross-origin sync upgrade is refused and audited as sync.refused with the rule origin-mismatch', async () => {
    const socket = openRawSocket(`${server.wsUrl}/sync/monsieur-x/plan`, cookie, { origin: EVIL })
    expect(await socket.opened).toEqual({ ok: false, status: 403 })
    // Appended without holding up the refusal (docs/decisions/018): read once it has landed.
    const rows = await eventually(async () => {
      const found = (await refusals('sync.refused')).filter((row) => row.detail.rule === 'origin-mismatch')
      expect(found).toHaveLength(1)
      return found
    })
    expect(rows[0]).toMatchObject({ situationId: null, userId: null, detail: { rule: 'origin-mismatch', status: 403, method: 'GET' } })
    expect(rows[0]!.address).toBeTruthy()
    expect(await allAudit()).not.toContain('evil.example')
  })

  it('a cross-origin API call is refused and audited as http.refused with the rule origin-mismatch', async () => {
    const response = await fetch(`${server.url}/api/situations/monsieur-x/versions`, {
      method: 'POST',
      headers: { cookie, origin: EVIL, 'content-type': 'application/json' },
      body: JSON.stringify({ label: SECRET }),
    })
    expect(response.status).toBe(403)
    // Appended without holding up the refusal (docs/decisions/018): read once it has landed.
    const rows = await eventually(async () => {
      const found = (await refusals('http.refused')).filter((row) => row.detail.rule === 'origin-mismatch')
      expect(found).toHaveLength(1)
      return found
    })
    expect(rows[0]!.detail).toEqual({ rule: 'origin-mismatch', status: 403, method: 'POST' })
    expect(await allAudit()).not.toContain('evil.example')
    expect(await allAudit()).not.toContain(SECRET)
  })

  it('a change to a closed situation over HTTP answers 409 and is audited as http.refused with the rule closed-situation-read-only', async () => {
    const closed = await fetch(`${server.url}/api/situations/yanis/close`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'goalsReached' }),
    })
    expect(closed.status).toBe(200)
    const response = await fetch(`${server.url}/api/situations/yanis/versions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ label: SECRET }),
    })
    expect(response.status).toBe(409)
    const rows = await eventually(async () => {
      const found = (await server.concerto.audit.forSituation('yanis')).filter((event) => event.action === 'http.refused')
      expect(found).toHaveLength(1)
      return found
    })
    expect(rows[0]).toMatchObject({ situationId: 'yanis', userId: 'user-coordination' })
    expect(rows[0]!.detail).toEqual({ rule: 'closed-situation-read-only', status: 409, method: 'POST' })
    expect(await allAudit()).not.toContain(SECRET)
  })
})
