import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { acceptRequest, answerRequest, listRequests, readRequest, recordRequest, redirectRequest, type IntakeDeps } from './intake.ts'
import { createSituation } from './situations.ts'
import { DomainError } from './errors.ts'
import { emptyIdentity } from '../../shared/domain/intake.ts'

/** The intake use cases over the real storage of a seeded app (decision 016: a request belongs to a service). */
describe('intake rights by service', () => {
  let concerto: Awaited<ReturnType<typeof createTestApp>>
  let deps: IntakeDeps
  let dac: string
  const actor = (userId: string) => ({ userId, name: userId, address: 'test' })
  const input = (serviceId?: string) => ({
    ...(serviceId ? { serviceId } : {}),
    requesterKind: 'professional' as const,
    requesterName: 'Assistante sociale',
    person: emptyIdentity('Monsieur Test'),
    reason: 'Isolement',
    urgency: 'routine' as const,
    personInformed: true,
    personAgrees: 'yes' as const,
  })
  const refusal = async (run: () => unknown): Promise<number | null> => {
    try {
      await run()
      return null
    } catch (error) {
      if (error instanceof DomainError) return error.status
      throw error
    }
  }

  beforeAll(async () => {
    concerto = await createTestApp()
    deps = concerto
    dac = concerto.services.byName('DAC Gironde')!.id
  })
  afterAll(() => concerto.dispose())

  it('a request without a service goes to the only one there is, and must name one once there are several', async () => {
    expect((await recordRequest(deps, input(), actor('user-social'))).serviceId).toBe(dac)
    const other = concerto.services.create({ name: 'MSP du Centre', kind: 'msp' })
    expect(await refusal(() => recordRequest(deps, input(), actor('user-social')))).toBe(400)
    expect(await recordRequest(deps, input(other.id), actor('user-social'))).toMatchObject({ serviceId: other.id, serviceName: 'MSP du Centre', canDecide: false })
  })

  it('a professional who creates a situation of their own is refused a request recorded for another service', async () => {
    await createSituation(concerto, { title: 'Ma propre situation', kind: 'pps' }, { userId: 'user-medecin', name: 'Dr Paul Lefèvre' })
    expect(concerto.situations.membershipsOfUser('user-medecin').some((m) => m.role === 'coordinator')).toBe(true)
    const request = await recordRequest(deps, input(dac), actor('user-social'))
    expect(listRequests(deps, 'user-medecin').map((r) => r.id)).not.toContain(request.id)
    expect(await refusal(() => readRequest(deps, request.id, 'user-medecin'))).toBe(404)
    await expect(acceptRequest(deps, request.id, { kind: 'ppcs', level: 3, territory: null }, actor('user-medecin'))).rejects.toMatchObject({ status: 404 })
  })

  it('a coordinator of the service sees and decides its requests', async () => {
    const request = await recordRequest(deps, input(dac), actor('user-social'))
    expect(listRequests(deps, 'user-coordination').find((r) => r.id === request.id)).toMatchObject({ canDecide: true })
    expect(await answerRequest(deps, request.id, { answer: 'Orientée vers le CCAS' }, actor('user-coordination'))).toMatchObject({ status: 'answered', canDecide: false })
  })

  it('the requester reads their own request but cannot decide it', async () => {
    const request = await recordRequest(deps, { ...input(dac), requesterIsMe: true }, actor('user-social'))
    expect(readRequest(deps, request.id, 'user-social')).toMatchObject({ requesterUserId: 'user-social', canDecide: false })
    expect(await refusal(() => answerRequest(deps, request.id, { answer: 'x' }, actor('user-social')))).toBe(403)
    expect(await refusal(() => redirectRequest(deps, request.id, { to: 'CLIC', reason: 'x' }, actor('user-social')))).toBe(403)
  })

  it('redirecting to another service moves it out of the first service’s list, and a decided request cannot move', async () => {
    const mdph = concerto.services.create({ name: 'MDPH 37', kind: 'mdph' })
    concerto.services.setMember(mdph.id, 'user-observateur', 'coordinator')
    const request = await recordRequest(deps, input(dac), actor('user-social'))
    expect(await redirectRequest(deps, request.id, { serviceId: mdph.id, reason: 'handicap' }, actor('user-coordination'))).toMatchObject({ status: 'waiting', serviceId: mdph.id })
    expect(listRequests(deps, 'user-coordination').map((r) => r.id)).not.toContain(request.id)
    expect(listRequests(deps, 'user-observateur').find((r) => r.id === request.id)).toMatchObject({ canDecide: true, decisionNote: 'handicap' })
    await answerRequest(deps, request.id, { answer: 'Information donnée' }, actor('user-observateur'))
    expect(await refusal(() => redirectRequest(deps, request.id, { serviceId: dac, reason: 'retour' }, actor('user-observateur')))).toBe(409)
  })
})
