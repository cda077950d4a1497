import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConsentRows, type ConsentRows } from './consent.ts'
import { createRequestRows, type RequestRows } from './requests.ts'
import { createRetentionRows, type RetentionRows } from './retention.ts'
import { createSituationRows, type MemberRow, type SituationRow, type SituationRows } from './situations.ts'
import { insertUser, TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'

const situation = (id: string, fields: Partial<SituationRow> = {}): SituationRow => ({
  id,
  title: `Situation ${id}`,
  kind: 'pps',
  personName: 'Personne',
  status: 'open',
  reviewDate: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  stage: 'preparation',
  level: null,
  territory: null,
  closedAt: null,
  closedReason: null,
  ...fields,
})

const member = (id: string, situationId: string, fields: Partial<MemberRow> = {}): Omit<MemberRow, 'removedAt'> => ({
  id,
  situationId,
  userId: null,
  name: `Membre ${id}`,
  role: 'professional',
  sector: null,
  organisation: '',
  profession: '',
  mission: 'Suivi',
  contact: '06 00 00 00 00',
  careTeam: false,
  planHidden: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...fields,
})

const consentAt = (id: string, situationId: string, status: 'agreed' | 'objected', recordedAt: string) => ({
  id,
  situationId,
  status,
  informed: true,
  how: 'oral',
  givenByMember: null,
  recordedBy: 'u1',
  givenAt: recordedAt,
  recordedAt,
  comment: '',
})

const request = (id: string, serviceId: string, createdBy = 'u1') => ({
  id,
  createdAt: `2026-02-0${id.slice(-1)}T00:00:00.000Z`,
  createdBy,
  serviceId,
  requesterKind: 'family' as const,
  requesterName: 'Famille',
  requesterOrganisation: '',
  requesterContact: '',
  requesterUserId: null,
  person: { name: 'Madame Z' } as never,
  reason: 'isolement',
  difficulties: '',
  urgency: 'routine' as const,
  personInformed: true,
  personAgrees: 'yes' as const,
  consentHow: '',
  level: null,
  territory: null,
})

describe.each(TEST_ENGINES)('rights rows on %s', (_engine, start) => {
  let engine: TestEngine
  let situations: SituationRows
  let consent: ConsentRows
  let requests: RequestRows
  let retention: RetentionRows
  beforeAll(async () => {
    engine = await start()
    situations = createSituationRows(engine.sql)
    consent = createConsentRows(engine.sql)
    requests = createRequestRows(engine.sql)
    retention = createRetentionRows(engine.sql)
    for (const id of ['u1', 'u2', 'u3']) await insertUser(engine.sql, id)
    await sql`INSERT INTO services (id, name, kind, created_at) VALUES ('dac', 'DAC', 'dac', '2026-01-01'), ('clic', 'CLIC', 'other', '2026-01-01')`.execute(engine.sql)
    await sql`INSERT INTO service_members (service_id, user_id, role, added_at) VALUES ('dac', 'u2', 'coordinator', '2026-01-01')`.execute(engine.sql)
  })
  afterAll(async () => engine?.close())

  it('reads a situation back as it was written, and answers undefined for an unknown id', async () => {
    await situations.insertSituation(situation('s1', { level: 2, territory: '45234', reviewDate: '2026-06-01' }))
    expect(await situations.situationById('s1')).toEqual({ ...situation('s1', { level: 2, territory: '45234', reviewDate: '2026-06-01' }), erasedAt: null })
    expect(await situations.situationById('nope')).toBeUndefined()
    expect(await situations.count()).toBe(1)
  })

  it('refuses a second situation with the same id', async () => {
    await expect(situations.insertSituation(situation('s1'))).rejects.toThrow()
  })

  it('writes each field of a situation, and closing records when and why', async () => {
    await situations.setStatus('s1', 'closed')
    await situations.setStage('s1', 'closed')
    await situations.setClosure('s1', '2026-03-01T00:00:00.000Z', 'situationResolved')
    await situations.setReviewDate('s1', null)
    await situations.setLevel('s1', 3)
    await situations.setTerritory('s1', '18033')
    await situations.setPersonName('s1', 'Madame Y')
    expect(await situations.situationById('s1')).toMatchObject({
      status: 'closed',
      stage: 'closed',
      closedAt: '2026-03-01T00:00:00.000Z',
      closedReason: 'situationResolved',
      reviewDate: null,
      level: 3,
      territory: '18033',
      personName: 'Madame Y',
    })
    await situations.setStatus('s1', 'open')
    await situations.setClosure('s1', null, null)
    expect(await situations.situationById('s1')).toMatchObject({ status: 'open', closedAt: null, closedReason: null })
  })

  it('reads members back with their flags as booleans, in the order they joined', async () => {
    await situations.insertMember(member('m2', 's1', { userId: 'u2', role: 'coordinator', careTeam: true, createdAt: '2026-01-02T00:00:00.000Z' }))
    await situations.insertMember(member('m1', 's1', { userId: 'u1', planHidden: true }))
    await situations.insertMember(member('m3', 's1', { role: 'relative' }))
    const active = await situations.activeMembers('s1')
    expect(active.map((row) => row.id)).toEqual(['m1', 'm3', 'm2'])
    expect(await situations.memberById('s1', 'm2')).toEqual({ ...member('m2', 's1', { userId: 'u2', role: 'coordinator', careTeam: true, createdAt: '2026-01-02T00:00:00.000Z' }), removedAt: null })
    expect(await situations.memberOfUser('s1', 'u1')).toMatchObject({ id: 'm1', careTeam: false, planHidden: true })
    expect(await situations.memberOfUser('s1', 'u3')).toBeUndefined()
    expect(await situations.memberById('other', 'm1')).toBeUndefined()
  })

  it('refuses a second active membership of the same account, and a member of a missing situation', async () => {
    await expect(situations.insertMember(member('m4', 's1', { userId: 'u1' }))).rejects.toThrow()
    await expect(situations.insertMember(member('m5', 'no-such-situation'))).rejects.toThrow()
    expect((await situations.activeMembers('s1')).length).toBe(3)
  })

  it('updates a member, removes one once, and tells when a membership changed after a moment', async () => {
    const current = (await situations.memberById('s1', 'm3'))!
    await situations.updateMember({ ...current, name: 'Oncle', careTeam: true })
    expect(await situations.memberById('s1', 'm3')).toMatchObject({ name: 'Oncle', careTeam: true })
    expect(await situations.membershipChangedSince('u1', '2025-12-31T00:00:00.000Z')).toBe(true)
    expect(await situations.membershipChangedSince('u1', '2026-01-05T00:00:00.000Z')).toBe(false)
    expect(await situations.removeMember('s1', 'm1', '2026-01-10T00:00:00.000Z')).toBe(true)
    expect(await situations.removeMember('s1', 'm1', '2026-01-11T00:00:00.000Z')).toBe(false)
    expect(await situations.memberOfUser('s1', 'u1')).toBeUndefined()
    expect(await situations.membershipChangedSince('u1', '2026-01-05T00:00:00.000Z')).toBe(true)
    // Removed, the account may join again.
    await situations.insertMember(member('m6', 's1', { userId: 'u1', createdAt: '2026-01-12T00:00:00.000Z' }))
    expect((await situations.membershipsOfUser('u1')).map((row) => row.id)).toEqual(['m6'])
  })

  it('lists a user’s situations with their role and the current coordinator, archived ones out until erased', async () => {
    await situations.insertSituation(situation('s2', { title: 'A situation' }))
    await situations.insertMember(member('m7', 's2', { userId: 'u2', role: 'professional', organisation: 'CCAS' }))
    const mine = await situations.situationsOfUser('u2')
    expect(mine.map((row) => [row.id, row.role, row.coordinatorName, row.organisation])).toEqual([
      ['s2', 'professional', null, 'CCAS'],
      ['s1', 'coordinator', 'Membre m2', ''],
    ])
    await situations.setStatus('s2', 'closed')
    await situations.setClosure('s2', '2020-01-01T00:00:00.000Z', null)
    expect(await retention.archive('s2', '2026-01-01T00:00:00.000Z')).toBe(true)
    expect((await situations.situationsOfUser('u2')).map((row) => row.id)).toEqual(['s1'])
  })

  it('commits a transaction’s rows together, and none of them when it throws', async () => {
    await situations.transaction(async (rows) => {
      await rows.insertSituation(situation('s3'))
      await rows.insertMember(member('m8', 's3'))
    })
    expect((await situations.activeMembers('s3')).map((row) => row.id)).toEqual(['m8'])
    await expect(
      situations.transaction(async (rows) => {
        await rows.insertMember(member('m9', 's3'))
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect((await situations.activeMembers('s3')).map((row) => row.id)).toEqual(['m8'])
  })

  it('keeps the consent history newest first; the latest statement is in force', async () => {
    expect(await consent.latest('s1')).toBeUndefined()
    expect(await consent.hasObjection('s1')).toBe(false)
    await consent.insert(consentAt('c1', 's1', 'agreed', '2026-01-01T00:00:00.000Z'))
    await consent.insert(consentAt('c2', 's1', 'objected', '2026-01-02T00:00:00.000Z'))
    expect(await consent.hasObjection('s1')).toBe(true)
    await consent.insert(consentAt('c3', 's1', 'agreed', '2026-01-03T00:00:00.000Z'))
    expect((await consent.history('s1')).map((row) => row.id)).toEqual(['c3', 'c2', 'c1'])
    expect(await consent.latest('s1')).toEqual({ ...consentAt('c3', 's1', 'agreed', '2026-01-03T00:00:00.000Z') })
    expect(await consent.hasObjection('s1')).toBe(false)
    expect(await consent.history('s2')).toEqual([])
  })

  it('tells which of two statements recorded in the same millisecond came last, on both engines', async () => {
    const at = '2026-01-04T00:00:00.000Z'
    // Ids in the opposite order of recording: the order must not come from them.
    await consent.insert(consentAt('z-first', 's2', 'agreed', at))
    await consent.insert(consentAt('a-second', 's2', 'objected', at))
    expect(await consent.hasObjection('s2')).toBe(true)
    expect((await consent.history('s2')).map((row) => row.id)).toEqual(['a-second', 'z-first'])
    await consent.insert(consentAt('m-third', 's2', 'agreed', at))
    expect((await consent.latest('s2'))?.id).toBe('m-third')
  })

  it('refuses a consent record of a missing situation, and one with an id already used', async () => {
    await expect(consent.insert(consentAt('c4', 'no-such-situation', 'agreed', '2026-01-04T00:00:00.000Z'))).rejects.toThrow()
    await expect(consent.insert(consentAt('c1', 's1', 'agreed', '2026-01-04T00:00:00.000Z'))).rejects.toThrow()
  })

  it('reads a request back with its service’s name and the person as an object, and lists what each user may see', async () => {
    await requests.insert(request('r1', 'dac'))
    await requests.insert(request('r2', 'clic', 'u3'))
    expect(await requests.byId('r1')).toMatchObject({ id: 'r1', status: 'waiting', serviceName: 'DAC', person: { name: 'Madame Z' }, personInformed: true, decidedAt: null, situationId: null })
    expect(await requests.byId('nope')).toBeUndefined()
    expect((await requests.visibleTo('u2')).map((row) => row.id)).toEqual(['r1'])
    expect((await requests.visibleTo('u3')).map((row) => row.id)).toEqual(['r2'])
    expect((await requests.visibleTo('u1', 1)).map((row) => row.id)).toEqual(['r1'])
  })

  it('refuses a request with an id already used, or accepted into a missing situation', async () => {
    await expect(requests.insert(request('r1', 'dac'))).rejects.toThrow()
    const decision = { id: 'r1', status: 'accepted' as const, decidedAt: '2026-02-10T00:00:00.000Z', decidedBy: 'u2', decisionNote: '', redirectedTo: '', situationId: 'no-such-situation', level: null }
    await expect(requests.decide(decision)).rejects.toThrow()
    expect(await requests.byId('r1')).toMatchObject({ status: 'waiting', situationId: null })
  })

  it('moves and decides a request once: the second decision changes nothing; the level is kept unless given', async () => {
    expect(await requests.move({ id: 'r2', fromServiceId: 'clic', toServiceId: 'dac', note: 'chez nous' })).toBe(true)
    expect(await requests.move({ id: 'r2', fromServiceId: 'clic', toServiceId: 'dac', note: 'encore' })).toBe(false)
    expect(await requests.byId('r2')).toMatchObject({ serviceId: 'dac', decisionNote: 'chez nous' })
    const decision = { id: 'r1', status: 'accepted' as const, decidedAt: '2026-02-10T00:00:00.000Z', decidedBy: 'u2', decisionNote: '', redirectedTo: '', situationId: 's3', level: 2 as const }
    expect(await requests.decide(decision)).toBe(true)
    expect(await requests.decide({ ...decision, status: 'answered' })).toBe(false)
    expect(await requests.byId('r1')).toMatchObject({ status: 'accepted', situationId: 's3', level: 2 })
    expect(await requests.decide({ ...decision, id: 'r2', status: 'answered', situationId: null, level: null })).toBe(true)
    expect(await requests.byId('r2')).toMatchObject({ status: 'answered', level: null })
    expect(await requests.decide({ ...decision, id: 'nope' })).toBe(false)
  })

  it('retention lists closed situations not erased, archives only a closed one, and unarchives a reopened one', async () => {
    expect((await retention.closedNotErased()).map((row) => row.id)).toEqual(['s2'])
    expect(await retention.archive('s1', '2026-04-01T00:00:00.000Z')).toBe(false)
    await situations.setStatus('s2', 'open')
    expect(await retention.reopenedArchived()).toEqual([{ id: 's2', archivedAt: '2026-01-01T00:00:00.000Z' }])
    expect(await retention.unarchive('s2')).toBe(true)
    expect(await retention.reopenedArchived()).toEqual([])
    await situations.setStatus('s2', 'closed')
  })

  it('erases a situation’s rows in one go: counts per table, accounts’ memberships kept and blanked, the row anonymised', async () => {
    await consent.insert(consentAt('c5', 's3', 'agreed', '2026-01-05T00:00:00.000Z'))
    await situations.insertMember(member('m10', 's3', { userId: 'u3', role: 'person' }))
    await situations.insertMember(member('m11', 's3', { userId: 'u2', role: 'professional' }))
    await sql`INSERT INTO client_bindings (doc, client_id, user_id, created_at) VALUES ('s3/plan', 1, 'u2', 1), ('s30/plan', 2, 'u2', 1)`.execute(engine.sql)
    const erased = await retention.erase('s3', '2026-05-01T00:00:00.000Z')
    expect(erased).toEqual({ consent_records: 1, requests: 1, client_bindings: 1, members: 2 })
    expect(await situations.situationById('s3')).toMatchObject({ title: 'Situation effacée', personName: '', erasedAt: '2026-05-01T00:00:00.000Z' })
    expect(await situations.activeMembers('s3')).toEqual([expect.objectContaining({ id: 'm11', mission: '', contact: '' })])
    expect(await consent.history('s3')).toEqual([])
    expect(await requests.byId('r1')).toBeUndefined()
    // Another situation whose id starts the same keeps its bindings.
    const { rows } = await sql<{ doc: string }>`SELECT doc FROM client_bindings`.execute(engine.sql)
    expect(rows.map((row) => row.doc)).toEqual(['s30/plan'])
    expect(await consent.history('s1')).toHaveLength(3)
  })

  it('retention lists decided requests without a situation, and removes one only once', async () => {
    expect(await retention.decidedRequests()).toEqual([{ id: 'r2', decidedAt: '2026-02-10T00:00:00.000Z' }])
    expect(await retention.removeRequest('r2')).toBe(true)
    expect(await retention.removeRequest('r2')).toBe(false)
    expect(await retention.decidedRequests()).toEqual([])
  })
})
