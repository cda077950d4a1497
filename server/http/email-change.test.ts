import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { mailParts, startSmtpServer } from '../../test/helpers/smtp.ts'

/** "Mon compte": changing one's e-mail, proven by a link mailed to the new address (issue 14). */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let mailed: Awaited<ReturnType<typeof createTestApp>>
let plain: Awaited<ReturnType<typeof createTestApp>>
const post = (app: typeof mailed, path: string, cookie: string, body: unknown) =>
  app.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })

beforeAll(async () => {
  smtp = await startSmtpServer()
  ;[mailed, plain] = await Promise.all([createTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'concerto@msp.example' }), createTestApp()])
})
afterAll(async () => {
  await Promise.all([mailed.dispose(), plain.dispose()])
  await smtp.close()
})

describe('changing one’s e-mail', () => {
  it('mails a link to the new address; the address changes, proven, only when the link is used, once; reset links are revoked', async () => {
    // An account in one situation only, so that its coordinator may make a reset link for it.
    const coordinator = await loginCookie(mailed.app, 'coordination@demo.test')
    const situation = (await (await post(mailed, '/api/situations', coordinator, { title: 'Situation e-mail', kind: 'pps' })).json()) as { id: string }
    const invitation = (await (await post(mailed, `/api/situations/${situation.id}/invitations`, coordinator, { role: 'professional', name: 'IDE', login: 'ide.seule' })).json()) as { token: string }
    const accepted = await post(mailed, `/api/invitations/${invitation.token}/accept`, '', { password: 'son mot de passe' })
    expect(accepted.status).toBe(200)
    const { userId } = (await accepted.json()) as { userId: string }
    const cookie = await loginCookie(mailed.app, 'ide.seule', 'son mot de passe')
    const memberId = ((await (await mailed.app.request(`/api/situations/${situation.id}/members`, { headers: { cookie: coordinator } })).json()) as { id: string; userId: string }[]).find((m) => m.userId === userId)!.id
    const reset = await post(mailed, `/api/situations/${situation.id}/members/${memberId}/reset-invitation`, coordinator, {})
    expect(reset.status).toBe(201)
    const { token: resetToken } = (await reset.json()) as { token: string }

    expect((await post(mailed, '/api/me/email', cookie, { email: 'sophie.durand@ide.example', password: 'faux' })).status).toBe(400)
    expect((await post(mailed, '/api/me/email', cookie, { email: 'medecin@demo.test', password: 'son mot de passe' })).status).toBe(409)
    const requested = await post(mailed, '/api/me/email', cookie, { email: 'Sophie.Durand@ide.example', password: 'son mot de passe' })
    expect(requested.status).toBe(202)
    expect((await mailed.users.byId(userId))!.email).toBeNull()
    const mail = smtp.mails.at(-1)!
    expect(mail.to).toEqual(['sophie.durand@ide.example'])
    const { text } = mailParts(mail.raw)
    const link = /https?:\/\/\S+\/api\/email\/confirm\?token=\S+/.exec(text)![0]
    const path = link.slice(link.indexOf('/api/'))

    const confirmed = await mailed.app.request(path)
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('location')).toBe('/#/compte?email=confirmed')
    const user = (await mailed.users.byId(userId))!
    expect(user.email).toBe('sophie.durand@ide.example')
    expect(user.emailVerifiedAt).not.toBeNull()
    // Single use: the same link again changes nothing; a tampered one is refused.
    expect((await mailed.app.request(path)).headers.get('location')).toBe('/#/compte?email=invalid')
    expect((await mailed.app.request(`${path.slice(0, -3)}abc`)).headers.get('location')).toBe('/#/compte?email=invalid')
    // The reset link made before the change no longer works.
    expect((await post(mailed, `/api/invitations/${resetToken}/accept`, '', { password: 'pris par quelqu’un' })).status).toBe(410)
  })

  it('without SMTP changes the address at once, unproven', async () => {
    const cookie = await loginCookie(plain.app, 'social@demo.test')
    const changed = await post(plain, '/api/me/email', cookie, { email: 'karim.benali@ccas.example', password: 'concerto-demo' })
    expect(changed.status).toBe(202)
    expect(await changed.json()).toEqual({ status: 'changed' })
    const user = (await plain.users.byId('user-social'))!
    expect(user.email).toBe('karim.benali@ccas.example')
    expect(user.emailVerifiedAt).toBeNull()
  })
})
