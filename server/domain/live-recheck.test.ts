import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { Revocation } from '../../shared/protocol/revocation.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { applyAnnouncedRevocation } from './announced-revocation.ts'
import type { LiveDocuments } from './live-documents.ts'

/**
 * What a cluster node does when another node changed rights (its
 * announcement arrives, or its re-check timer finds the change): here one
 * in-process server, whose rows are changed behind its back as another
 * node would change them in the shared database.
 */
let server: TestServer
const clients: TestClient[] = []
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await server.dispose()
})

const connectAs = async (email: string) => {
  const client = connectClient(server.wsUrl, 'monsieur-x/plan', await login(server.url, email))
  clients.push(client)
  await client.synced
  return client
}
/** A membership ended by another node: the row changes, this node is told nothing. */
const removeElsewhere = (userId: string) =>
  sql`UPDATE members SET removed_at = ${new Date().toISOString()} WHERE situation_id = 'monsieur-x' AND user_id = ${userId} AND removed_at IS NULL`.execute(server.concerto.sql)

describe('revocations decided on another node', () => {
  it('closes the socket of a member removed elsewhere with 4410 when that node’s announcement arrives, and announces nothing again', async () => {
    const nurse = await connectAs('infirmier@demo.test')
    await removeElsewhere('user-infirmier')
    const announced: Revocation[] = []
    const rooms: LiveDocuments = { ...server.concerto.rooms, announce: (revocation) => void announced.push(revocation) }
    await applyAnnouncedRevocation({ rooms, access: server.concerto.access }, { type: 'rights-changed', situationId: 'monsieur-x' })
    await eventually(() => expect(nurse.closeCodes).toContain(CloseCode.accessRevoked))
    expect(announced).toEqual([])
  })

  it('closes, at the periodic re-check, the socket of a member removed elsewhere whose announcement was lost', async () => {
    const social = await connectAs('social@demo.test')
    const gp = await connectAs('medecin@demo.test')
    await removeElsewhere('user-social')
    expect(social.closeCodes).toEqual([])
    expect(await server.concerto.recheckLive()).toBe(1)
    await eventually(() => expect(social.closeCodes).toContain(CloseCode.accessRevoked))
    expect(gp.closeCodes).toEqual([])
  })

  it('closes, at the periodic re-check, a socket whose session was ended elsewhere (logout on another node)', async () => {
    const observer = await connectAs('observateur@demo.test')
    await sql`DELETE FROM sessions WHERE user_id = 'user-observateur'`.execute(server.concerto.sql)
    expect(await server.concerto.recheckLive()).toBeGreaterThanOrEqual(1)
    await eventually(() => expect(observer.closeCodes).toContain(CloseCode.accessRevoked))
  })
})
