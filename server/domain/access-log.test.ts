import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { createSituation } from './situations.ts'
import { accessLog } from './access-log.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'access-log'
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 9, 0) + minutes * 60_000)

beforeAll(async () => {
  app = await createTestApp()
  await createSituation(app, { id: S, title: 'Journal', kind: 'pps' }, { userId: 'user-coordination', name: 'Claire Martin', organisation: 'DAC' })
  const append = (userId: string | null, action: string, minutes: number, target: string | null = null, detail: Record<string, unknown> = {}) =>
    app.audit.append({ situationId: S, userId, action, target, detail, address: '10.9.8.7' }, at(minutes))
  await append('user-coordination', 'sync.connect', 0, 'plan', { mode: 'write' })
  await append('user-coordination', 'sync.connect', 5, 'plan', { mode: 'write' }) // a reconnect: same visit
  await append('user-coordination', 'sync.connect', 30, 'plan', { mode: 'write' }) // a new visit
  await append('user-medecin', 'identity.read', 40)
  await append('user-coordination', 'member.add', 45, 'm-1') // a change, not a read
  await append('user-coordination', 'export.pdf', 50, 'v-1')
})
afterAll(async () => app.dispose())

describe('who opened the case ("Qui a consulté mon dossier")', () => {
  it('lists the reads newest first, merging a reconnect within ten minutes into one visit, and leaves changes out', async () => {
    const log = await accessLog(app, S, await app.situations.activeMembers(S))
    expect(log.map((entry) => [entry.at, entry.opened, entry.userId])).toEqual([
      [at(50).toISOString(), 'pdf', 'user-coordination'],
      [at(40).toISOString(), 'identity', 'user-medecin'],
      [at(30).toISOString(), 'plan', 'user-coordination'],
      [at(0).toISOString(), 'plan', 'user-coordination'],
    ])
  })

  it('names readers with their role and organisation in the circle, a former reader by their account, and never an address', async () => {
    const log = await accessLog(app, S, await app.situations.activeMembers(S))
    expect(log.find((entry) => entry.opened === 'plan')).toMatchObject({ name: 'Claire Martin', role: 'coordinator', organisation: 'DAC', mode: 'write' })
    expect(log.find((entry) => entry.opened === 'identity')).toMatchObject({ name: 'Dr Paul Lefèvre', role: null, mode: null })
    expect(JSON.stringify(log)).not.toContain('10.9.8.7')
  })
})
