import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { createInvitation } from './invitations.ts'
import { openInvitation, situationInvitations, situationOutbox } from './invitation-views.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

const invite = (now = new Date()) => createInvitation(app, S, { role: 'relative', name: 'Oncle', email: 'oncle@demo.test' }, 'user-coordination', now)

describe('what the invitee and the coordinator see of invitations', () => {
  it('marks a valid link opened when the invitee opens it, and names its situation', async () => {
    const { id, token } = await invite()
    const opened = await openInvitation(app, token)
    expect(opened).toMatchObject({ state: 'valid', situationTitle: (await app.situations.situationById(S))!.title })
    expect((await situationInvitations(app, S)).find((i) => i.id === id)?.openedAt).not.toBeNull()
  })

  it('tells an expired or tampered link by its state only, without marking it or naming the situation', async () => {
    const { id, token } = await invite(new Date(Date.now() - 30 * 86_400_000))
    const opened = await openInvitation(app, token)
    expect(opened.state).toBe('expired')
    expect(opened.situationTitle).toBeUndefined()
    expect((await situationInvitations(app, S)).find((i) => i.id === id)?.openedAt).toBeNull()
    expect((await openInvitation(app, `${token}x`)).state).toBe('invalid')
  })

  it('shows the coordinator who, what and the link of each kept mail, never its body', async () => {
    await app.outbox.insert({ id: 'mail-1', createdAt: new Date().toISOString(), kind: 'invitation', to: 'oncle@demo.test', subject: 'Invitation', text: 'corps du message', html: '<p>corps</p>', situationId: S, link: '/invitation/x' })
    const kept = await situationOutbox(app, S)
    expect(kept[0]).toEqual({ id: 'mail-1', createdAt: expect.any(String), kind: 'invitation', to: 'oncle@demo.test', subject: 'Invitation', link: '/invitation/x' })
  })
})
