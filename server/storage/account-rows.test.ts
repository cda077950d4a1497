import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIdentityRows } from './person-identity.ts'
import { createInvitationRows, type InvitationRow, type InvitationRows } from './invitations.ts'
import { createOidcRows } from './oidc.ts'
import { createOutboxRows } from './outbox.ts'
import { createServiceRows } from './services.ts'
import type { SqlDb } from './sql/schema.ts'
import { TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'
import { createPilotRightRows } from './territory-pilots.ts'
import { createUserPreferenceRows } from './user-preferences.ts'
import { createUserRows, type UserRows } from './users.ts'

const AT = '2026-12-04T10:00:00.000Z'

const account = (id: string, email: string | null, login: string | null = null) => ({ id, email, login, name: `Name ${id}`, passwordHash: null, createdAt: AT })

/** A situation with one member, written through the data layer (both engines share the SQL). */
async function insertSituation(sql: SqlDb, id: string, memberUserId: string | null): Promise<void> {
  await sql.insertInto('situations').values({ id, title: id, kind: 'pps', created_at: AT, created_by: null, review_date: null, level: null, territory: null, closed_at: null, closed_reason: null, erased_at: null, service_id: null, archived_at: null }).execute()
  if (memberUserId) {
    await sql
      .insertInto('members')
      .values({ id: `${id}-m`, situation_id: id, user_id: memberUserId, name: 'Member', role: 'professional', sector: null, created_at: AT, removed_at: null })
      .execute()
  }
}

const invitation = (id: string, overrides: Partial<InvitationRow> = {}) => ({
  id,
  tokenHash: new Uint8Array(randomBytes(32)),
  purpose: 'join' as const,
  situationId: 's1',
  role: 'relative',
  name: 'Oncle',
  email: 'oncle@example.test',
  login: null,
  sector: null,
  organisation: '',
  mission: '',
  memberId: null,
  userId: null,
  createdBy: 'u1',
  createdAt: AT,
  expiresAt: '2026-12-11T10:00:00.000Z',
  linkHanded: true,
  ...overrides,
})

describe.each(TEST_ENGINES)('account rows on %s', (_engine, start) => {
  let engine: TestEngine
  let users: UserRows
  let invitations: InvitationRows
  beforeAll(async () => {
    engine = await start()
    users = createUserRows(engine.sql)
    invitations = createInvitationRows(engine.sql)
    await users.insert({ ...account('u1', 'Ana.Martin@Example.org', 'ana'), passwordHash: 'hash-1' })
    await users.insert(account('u2', null, 'Bruno.L'))
    await insertSituation(engine.sql, 's1', 'u2')
  })
  afterAll(async () => engine?.close())

  it('reads an account back as written, and counts accounts as a number', async () => {
    expect(await users.byId('u1')).toEqual({
      id: 'u1',
      email: 'Ana.Martin@Example.org',
      login: 'ana',
      name: 'Name u1',
      passwordHash: 'hash-1',
      createdAt: AT,
      deactivatedAt: null,
      emailVerifiedAt: null,
    })
    expect(await users.byId('nobody')).toBeUndefined()
    expect(await users.count()).toBe(2)
  })

  it('finds an account by e-mail or login name whatever their case', async () => {
    expect((await users.byIdentifier('ana.martin@example.org'))?.id).toBe('u1')
    expect((await users.byIdentifier('ANA'))?.id).toBe('u1')
    expect((await users.byIdentifier('bruno.l'))?.id).toBe('u2')
    expect(await users.byIdentifier('someone@example.org')).toBeUndefined()
  })

  it('refuses a second account with the same e-mail or login name in another case', async () => {
    await expect(users.insert(account('u3', 'ana.martin@EXAMPLE.org'))).rejects.toThrow()
    await expect(users.insert(account('u4', null, 'BRUNO.l'))).rejects.toThrow()
    await expect(users.insert(account('u1', 'other@example.org'))).rejects.toThrow()
    expect(await users.count()).toBe(2)
  })

  it('marks an e-mail proven only while it is still the account’s address, compared without case', async () => {
    expect(await users.markEmailVerified('u1', 'old@example.org', AT)).toBe(false)
    expect(await users.markEmailVerified('u1', 'ANA.MARTIN@example.org', AT)).toBe(true)
    expect((await users.byId('u1'))?.emailVerifiedAt).toBe(AT)
    expect(await users.markEmailVerified('u2', 'bruno.l', AT)).toBe(false)
  })

  it('deactivates an account once, and changes its name, password and address', async () => {
    await users.insert(account('u5', 'five@example.org'))
    expect(await users.deactivate('u5', AT)).toBe(true)
    expect(await users.deactivate('u5', AT)).toBe(false)
    await users.setName('u5', 'Cinq')
    await users.setPassword('u5', 'hash-5')
    await users.setEmail('u5', 'cinq@example.org', AT)
    expect(await users.byId('u5')).toMatchObject({ name: 'Cinq', passwordHash: 'hash-5', email: 'cinq@example.org', emailVerifiedAt: AT, deactivatedAt: AT })
    await users.setEmail('u5', 'new@example.org')
    expect((await users.byId('u5'))?.emailVerifiedAt).toBeNull()
  })

  it('reads the names asked for and those of a situation’s members in one map', async () => {
    expect(await users.names(['u1'])).toEqual(new Map([['u1', 'Name u1']]))
    expect(await users.names(['u1'], 's1')).toEqual(new Map([['u1', 'Name u1'], ['u2', 'Name u2']]))
    expect(await users.names([])).toEqual(new Map())
  })

  it('counts the demo’s accounts by their domain, whatever the case', async () => {
    await users.insert(account('demo', 'Someone@DEMO.test'))
    expect(await users.countDemoAccounts()).toBe(1)
  })

  it('keeps an invitation with its token hash and flag, and uses it only once', async () => {
    const row = invitation('i1')
    await invitations.insert(row)
    const stored = await invitations.byId('i1')
    expect(stored).toMatchObject({ id: 'i1', purpose: 'join', situationId: 's1', email: 'oncle@example.test', linkHanded: true, usedAt: null, organisation: '' })
    expect(Buffer.from(stored!.tokenHash).equals(Buffer.from(row.tokenHash))).toBe(true)
    await invitations.markOpened('i1', AT)
    await invitations.markOpened('i1', '2027-01-01T00:00:00.000Z')
    expect((await invitations.byId('i1'))?.openedAt).toBe(AT)
    await invitations.setLinkHanded('i1', false)
    expect((await invitations.byId('i1'))?.linkHanded).toBe(false)
    expect(await invitations.markUsed('i1', 'u2', AT)).toBe(true)
    expect(await invitations.markUsed('i1', 'u1', AT)).toBe(false)
    expect(await invitations.revoke('i1', 'u1', 'late', AT)).toBe(false)
    expect(await invitations.byId('nope')).toBeUndefined()
  })

  it('refuses an invitation whose token hash or id is already taken', async () => {
    const first = invitation('i2')
    await invitations.insert(first)
    await expect(invitations.insert(invitation('i3', { tokenHash: first.tokenHash }))).rejects.toThrow()
    await expect(invitations.insert(invitation('i2'))).rejects.toThrow()
  })

  it('revokes an outstanding link, and every outstanding reset link of an account', async () => {
    expect(await invitations.revoke('i2', 'u1', 'mistake', AT)).toBe(true)
    expect(await invitations.markUsed('i2', 'u2', AT)).toBe(false)
    await invitations.insert(invitation('r1', { purpose: 'reset', userId: 'u2', email: null, createdAt: '2026-12-04T11:00:00.000Z' }))
    await invitations.insert(invitation('r2', { purpose: 'reset', userId: 'u2', email: null, createdAt: '2026-12-04T12:00:00.000Z' }))
    expect(await invitations.revokeResetsOfUser('u2', 'system', 'password changed', AT)).toBe(2)
    expect(await invitations.revokeResetsOfUser('u2', 'system', 'password changed', AT)).toBe(0)
    expect((await invitations.forSituation('s1')).map((row) => row.id).slice(0, 2)).toEqual(['r2', 'r1'])
  })

  it('rolls an invitation’s use back with its transaction', async () => {
    await invitations.insert(invitation('i4'))
    await expect(
      engine.sql.transaction().execute(async (trx) => {
        expect(await createInvitationRows(trx).markUsed('i4', 'u2', AT)).toBe(true)
        throw new Error('refused further on')
      }),
    ).rejects.toThrow('refused further on')
    expect((await invitations.byId('i4'))?.usedAt).toBeNull()
  })

  it('links a sign-on identity once, finds it by subject or RPPS, and unlinks it', async () => {
    const oidc = createOidcRows(engine.sql)
    await oidc.link({ issuer: 'https://psc', subject: 'sub-1', userId: 'u1', rpps: '10001', linkedAt: AT })
    await expect(oidc.link({ issuer: 'https://psc', subject: 'sub-1', userId: 'u2', rpps: null, linkedAt: AT })).rejects.toThrow()
    expect(await oidc.bySubject('https://psc', 'sub-1')).toEqual({ issuer: 'https://psc', subject: 'sub-1', userId: 'u1', rpps: '10001', linkedAt: AT })
    expect((await oidc.byRpps('https://psc', '10001'))?.subject).toBe('sub-1')
    expect(await oidc.ofUser('u1')).toHaveLength(1)
    expect(await oidc.unlink('u1', 'https://psc')).toBe(true)
    expect(await oidc.unlink('u1', 'https://psc')).toBe(false)
    expect(await oidc.bySubject('https://psc', 'sub-1')).toBeUndefined()
  })

  it('hands a pending sign-on back once, with its flag as a boolean, and purges old ones', async () => {
    const oidc = createOidcRows(engine.sql)
    const pending = { state: 'st-1', codeVerifier: 'v', nonce: 'n', purpose: 'link' as const, userId: 'u1', invitationToken: null, personalDevice: true, createdAt: 1_764_000_000_000 }
    await oidc.savePending(pending)
    expect(await oidc.takePending('st-1')).toEqual(pending)
    expect(await oidc.takePending('st-1')).toBeUndefined()
    await oidc.savePending({ ...pending, state: 'st-old', createdAt: 10 })
    await oidc.purgePendingBefore(1_000)
    expect(await oidc.takePending('st-old')).toBeUndefined()
  })

  it('keeps the digest on until the user turns it off, and back on', async () => {
    const preferences = createUserPreferenceRows(engine.sql)
    expect(await preferences.digest('u1')).toBe(true)
    await preferences.setDigest('u1', false, AT)
    expect(await preferences.digest('u1')).toBe(false)
    await preferences.setDigest('u1', true, AT)
    expect(await preferences.digest('u1')).toBe(true)
  })

  it('lists kept mails newest first, a situation’s own or all, within the limit', async () => {
    const outbox = createOutboxRows(engine.sql)
    const mail = (id: string, createdAt: string, situationId: string | null) => ({ id, createdAt, kind: 'invitation', to: `${id}@example.test`, subject: 's', text: 't', html: 'h', situationId, link: null })
    await outbox.insert(mail('m1', '2026-12-01T00:00:00.000Z', 's1'))
    await outbox.insert(mail('m2', '2026-12-02T00:00:00.000Z', null))
    await outbox.insert(mail('m3', '2026-12-03T00:00:00.000Z', 's1'))
    expect((await outbox.forSituation('s1')).map((row) => row.to)).toEqual(['m3@example.test', 'm1@example.test'])
    expect((await outbox.latest(2)).map((row) => row.id)).toEqual(['m3', 'm2'])
    await expect(outbox.insert(mail('m1', AT, null))).rejects.toThrow()
  })

  it('keeps services with their active members, one active row per member, and a situation’s service', async () => {
    const services = createServiceRows(engine.sql)
    const dac = await services.create({ name: 'DAC', kind: 'dac' })
    await expect(services.create({ name: 'DAC', kind: 'msp' })).rejects.toThrow()
    expect(await services.byName('DAC')).toEqual(dac)
    expect(await services.byId(dac.id)).toEqual(dac)
    await services.setMember(dac.id, 'u1', 'intake')
    await services.setMember(dac.id, 'u1', 'coordinator')
    expect(await services.roleOf(dac.id, 'u1')).toBe('coordinator')
    expect(await services.members(dac.id)).toHaveLength(1)
    expect(await services.removeMember(dac.id, 'u1')).toBe(true)
    expect(await services.removeMember(dac.id, 'u1')).toBe(false)
    expect(await services.roleOf(dac.id, 'u1')).toBeNull()
    await services.setMember(dac.id, 'u1', 'intake')
    expect(await services.roleOf(dac.id, 'u1')).toBe('intake')
    expect(await services.serviceOfSituation('s1')).toBeNull()
    await services.attachSituation('s1', dac.id)
    expect(await services.serviceOfSituation('s1')).toBe(dac.id)
    expect((await services.list()).map((service) => service.name)).toEqual(['DAC'])
  })

  it('keeps one identity per situation, replaced on each write', async () => {
    const identities = createIdentityRows(engine.sql)
    expect(await identities.get('s1')).toBeUndefined()
    await identities.put({ situationId: 's1', data: { name: 'Madame Z' } as never, updatedAt: AT, updatedBy: 'u1' })
    await identities.put({ situationId: 's1', data: { name: 'Madame Y' } as never, updatedAt: '2026-12-05T00:00:00.000Z', updatedBy: 'u2' })
    expect(await identities.get('s1')).toEqual({ situationId: 's1', data: { name: 'Madame Y' }, updatedAt: '2026-12-05T00:00:00.000Z', updatedBy: 'u2' })
  })

  it('grants a pilot right once (a second grant changes nothing), lists and revokes it', async () => {
    const pilots = createPilotRightRows(engine.sql)
    await pilots.grant('u1', '37', null, new Date(AT))
    await pilots.grant('u1', '37', 'u2')
    await pilots.grant('u1', '2A', 'u2')
    expect(await pilots.departementsOf('u1')).toEqual(['2A', '37'])
    expect(await pilots.has('u1', '37')).toBe(true)
    expect(await pilots.has('u2', '37')).toBe(false)
    await pilots.revoke('u1', '37')
    expect(await pilots.departementsOf('u1')).toEqual(['2A'])
  })
})
