import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { createTestApp } from '../../test/helpers/app.ts'
import type { LiveConnection, LiveDocuments } from './live-documents.ts'
import { closeSessionConnections, revalidateSituation } from './revocation.ts'
import type { Revocation } from '../../shared/protocol/revocation.ts'

/**
 * The rights are real (SQLite, the access service, the policy); the live
 * connections are a plain list standing in for the room registry, so each
 * test says exactly which connection was closed with which code.
 */
type Principal = LiveConnection['principal']
let app: Awaited<ReturnType<typeof createTestApp>>
let open: Principal[]
let closed: { userId: string; part: string; situationId: string; code: number }[]

let announced: Revocation[] = []
const connections: Pick<LiveDocuments, 'closeWhere' | 'announce'> = {
  announce: (revocation) => void announced.push(revocation),
  closeWhere(predicate, code) {
    const hit = open.filter((principal) => predicate({ principal }))
    open = open.filter((principal) => !hit.includes(principal))
    closed.push(...hit.map(({ userId, part, situationId }) => ({ userId, part, situationId, code })))
    return hit.length
  },
}
const rooms = connections as LiveDocuments
const connect = (userId: string, situationId: string, part: string, access: Principal['access']): Principal => {
  const principal = { userId, sessionId: `session-${userId}`, situationId, part, access }
  open.push(principal)
  return principal
}

beforeEach(async () => {
  app = await createTestApp()
  open = []
  closed = []
  announced = []
})
afterEach(async () => app.dispose())

describe('revalidating live connections after a change of rights', () => {
  it('leaves every connection open when nothing changed', async () => {
    connect('user-coordination', 'yanis', 'plan', 'write')
    connect('user-famille', 'yanis', 'plan', 'read')
    connect('user-yanis', 'yanis', 'person', 'write')
    expect(await revalidateSituation({ rooms, access: app.access }, 'yanis')).toBe(0)
    expect(open).toHaveLength(3)
  })

  it('closes with 4410 the connections of a member who lost the part, and only theirs', async () => {
    connect('user-famille', 'yanis', 'plan', 'read')
    connect('user-famille', 'yanis', 'person', 'write')
    connect('user-coordination', 'yanis', 'plan', 'write')
    const mother = (await app.situations.memberOfUser('yanis', 'user-famille'))!
    await app.situations.updateMember({ ...mother, planHidden: true })
    expect(await revalidateSituation({ rooms, access: app.access }, 'yanis')).toBe(1)
    expect(closed).toEqual([{ userId: 'user-famille', part: 'plan', situationId: 'yanis', code: CloseCode.accessRevoked }])
    expect(announced).toEqual([{ type: 'rights-changed', situationId: 'yanis' }])
  })

  it('closes with 4509 a connection whose mode changed (a writer who became a reader when the situation closed)', async () => {
    connect('user-coordination', 'yanis', 'plan', 'write')
    connect('user-famille', 'yanis', 'plan', 'read')
    await app.situations.setStatus('yanis', 'closed')
    expect(await revalidateSituation({ rooms, access: app.access }, 'yanis')).toBe(1)
    expect(closed).toEqual([{ userId: 'user-coordination', part: 'plan', situationId: 'yanis', code: CloseCode.accessChanged }])
  })

  it('does not touch connections to other situations, nor connections that named no real part', async () => {
    connect('user-social', 'madame-b', 'plan', 'write')
    connect('user-social', 'yanis', 'nonsense', 'write')
    const educator = (await app.situations.memberOfUser('yanis', 'user-social'))!
    await app.situations.removeMember('yanis', educator.id, new Date().toISOString())
    expect(await revalidateSituation({ rooms, access: app.access }, 'yanis')).toBe(0)
    expect(open).toHaveLength(2)
  })

  it('closes every connection of a session, or of a user, with 4410', () => {
    connect('user-social', 'madame-b', 'plan', 'write')
    connect('user-social', 'yanis', 'plan', 'write')
    connect('user-medecin', 'madame-b', 'plan', 'write')
    expect(closeSessionConnections(rooms, { sessionId: 'session-user-social' })).toBe(2)
    expect(closeSessionConnections(rooms, { userId: 'user-medecin' })).toBe(1)
    expect(closeSessionConnections(rooms, {})).toBe(0)
    expect(closed.every((entry) => entry.code === CloseCode.accessRevoked)).toBe(true)
    // What was closed here is announced to the other nodes of a cluster, which close theirs.
    expect(announced).toEqual([
      { type: 'session-ended', sessionId: 'session-user-social' },
      { type: 'user-sessions-ended', userId: 'user-medecin' },
    ])
  })
})
