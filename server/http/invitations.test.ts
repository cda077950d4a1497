import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { login, openRawSocket } from '../../test/helpers/clients.ts'
import { mailParts, startSmtpServer } from '../../test/helpers/smtp.ts'
import { sql } from 'kysely'

/**
 * Issue 14: the two attacks from the issue, reproduced step by step, and the
 * rules that stop them: an invitation is accepted only as the address it
 * names, an address is proven by a link sent to it before a membership is
 * granted through it, links are single-use, revocable and re-checked at use.
 */
let server: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let mailed: TestServer

const api = (base: string, path: string, cookie: string | null, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) } })
const post = (path: string, cookie: string | null, body: unknown = {}, base = server.url) => api(base, path, cookie, { method: 'POST', body: JSON.stringify(body) })
const get = (path: string, cookie: string | null, base = server.url) => api(base, path, cookie)
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!
const createSituation = async (cookie: string, title: string, base = server.url) => {
  const response = await post('/api/situations', cookie, { title, kind: 'pps', personName: 'Personne Test' }, base)
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: string }).id
}
const memberIds = async (situationId: string, cookie: string, base = server.url) =>
  ((await (await get(`/api/situations/${situationId}/members`, cookie, base)).json()) as { id: string; userId: string | null }[])
const userIdOf = async (base: TestServer, identifier: string) => (await base.concerto.users.byIdentifier(identifier))?.id ?? null

beforeAll(async () => {
  smtp = await startSmtpServer()
  ;[server, mailed] = await Promise.all([startTestServer(), startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Concerto <concerto@msp.example>' } })])
})
afterAll(async () => {
  await Promise.all([server.dispose(), mailed.dispose()])
  await smtp.close()
})

describe('the unverified e-mail attack fails at each step', () => {
  it('ignores an e-mail given at acceptance, refuses acceptance as another account, and never grants a membership through an unproven address', async () => {
    // Step 1: any user creates a situation and so coordinates it.
    const attacker = await login(server.url, 'observateur@demo.test')
    const own = await createSituation(attacker, 'Situation de l’attaquant')

    // Step 2: invites "someone" by a login name and accepts with the victim's address in the body: ignored.
    const byLogin = (await (await post(`/api/situations/${own}/invitations`, attacker, { role: 'professional', name: 'Complice', login: 'complice' })).json()) as { token: string }
    const accepted = await post(`/api/invitations/${byLogin.token}/accept`, null, { password: 'mot de passe long', email: 'dr.nouveau@chu.test' })
    expect(accepted.status).toBe(200)
    const accomplice = (await server.concerto.users.byIdentifier('complice'))!
    expect(accomplice.email).toBeNull()
    expect(await server.concerto.users.byIdentifier('dr.nouveau@chu.test')).toBeUndefined()

    // Step 2 bis: invites the victim's address, and accepts while logged in as another account: refused.
    const byEmail = (await (await post(`/api/situations/${own}/invitations`, attacker, { role: 'professional', name: 'Dr Nouveau', email: 'dr.nouveau@chu.test' })).json()) as { token: string }
    const asOther = await post(`/api/invitations/${byEmail.token}/accept`, cookieOf(accepted), { password: 'mot de passe long' })
    expect(asOther.status).toBe(403)
    expect(((await asOther.json()) as { reason: string }).reason).toBe('otherAccount')

    // Step 2 ter: accepts it anonymously: the account has the address, but as an address the
    // attacker was shown the link for, it is not proven.
    const squatted = await post(`/api/invitations/${byEmail.token}/accept`, null, { password: 'mot de passe long' })
    expect(squatted.status).toBe(200)
    const squatter = (await server.concerto.users.byIdentifier('dr.nouveau@chu.test'))!
    expect(squatter.emailVerifiedAt).toBeNull()
    const squatterCookie = await login(server.url, 'dr.nouveau@chu.test', 'mot de passe long')

    // Step 3: a real coordinator adds that address to Madame B's care team: no membership is granted.
    const coordinator = await login(server.url, 'coordination@demo.test')
    const added = await post('/api/situations/madame-b/members', coordinator, { name: 'Dr Nouveau', role: 'professional', sector: 'health', careTeam: true, email: 'dr.nouveau@chu.test' })
    expect(added.status).toBe(202)
    expect((await memberIds('madame-b', coordinator)).map((m) => m.userId)).not.toContain(squatter.id)

    // Step 4: the health part is never reached.
    const health = openRawSocket(`${server.wsUrl}/sync/madame-b/health`, squatterCookie)
    expect(await health.opened).toMatchObject({ ok: false })
    expect(await server.concerto.access.partAccess('madame-b', squatter.id, 'health')).toBe('none')

    // The invitation the coordinator sent went to the mailbox, not to the squatter: only the
    // address's owner can use it, and even then only with the account's password.
    const outbox = (await (await get('/api/situations/madame-b/outbox', coordinator)).json()) as { kind: string; to: string; link: string }[]
    expect(outbox[0]).toMatchObject({ kind: 'invitation', to: 'dr.nouveau@chu.test' })
    expect((await get('/api/situations/madame-b/outbox', attacker)).status).toBe(404)
  })
})

describe('adding a member by e-mail', () => {
  it('answers the same status and body whether or not an account has the address', async () => {
    const coordinator = await login(server.url, 'coordination@demo.test')
    const id = await createSituation(coordinator, 'Situation témoin')
    const known = await post(`/api/situations/${id}/members`, coordinator, { name: 'X', role: 'professional', email: 'medecin@demo.test' })
    const unknown = await post(`/api/situations/${id}/members`, coordinator, { name: 'Y', role: 'professional', email: 'personne.inconnue@example.test' })
    expect(known.status).toBe(202)
    expect(unknown.status).toBe(202)
    const [a, b] = [(await known.json()) as Record<string, unknown>, (await unknown.json()) as Record<string, unknown>]
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    expect({ ...a, email: null }).toEqual({ ...b, email: null })
    // Behind the same answer: the proven account is added (and told), the unknown address invited.
    expect((await memberIds(id, coordinator)).map((m) => m.userId)).toContain('user-medecin')
    const kinds = ((await (await get(`/api/situations/${id}/outbox`, coordinator)).json()) as { kind: string; to: string }[]).map((m) => `${m.kind}:${m.to}`)
    expect(kinds.sort()).toEqual(['added:medecin@demo.test', 'invitation:personne.inconnue@example.test'])
  })
})

describe('the replayed reset link fails', () => {
  it('refuses a reset link made before a membership change, even through a path that did not revoke it', async () => {
    const doctor = await login(server.url, 'medecin@demo.test')
    const own = await createSituation(doctor, 'Situation du médecin (reset)')
    const { token } = (await (await post(`/api/situations/${own}/invitations`, doctor, { role: 'professional', name: 'Infirmière libérale', login: 'ide.libérale' })).json()) as { token: string }
    expect((await post(`/api/invitations/${token}/accept`, null, { password: 'son mot de passe' })).status).toBe(200)
    const nurseId = (await userIdOf(server, 'ide.libérale'))!
    const nurseMember = (await memberIds(own, doctor)).find((m) => m.userId === nurseId)!.id

    // While the account belongs only to the doctor's situation, a reset link is allowed.
    const early = await post(`/api/situations/${own}/members/${nurseMember}/reset-invitation`, doctor)
    expect(early.status).toBe(201)
    const early2 = await post(`/api/situations/${own}/members/${nurseMember}/reset-invitation`, doctor)
    const { token: resetToken } = (await early.json()) as { token: string }
    const { token: resetToken2, id: reset2Id } = (await early2.json()) as { token: string; id: string }

    // The account joins Madame B's circle through an invitation, proven with its own password.
    const coordinator = await login(server.url, 'coordination@demo.test')
    const join = (await (await post('/api/situations/madame-b/invitations', coordinator, { role: 'professional', name: 'IDE', login: 'ide.libérale' })).json()) as { token: string }
    expect((await post(`/api/invitations/${join.token}/accept`, null, { password: 'pas le bon' })).status).toBe(401)
    expect((await post(`/api/invitations/${join.token}/accept`, null, { password: 'son mot de passe' })).status).toBe(200)

    // The old links are refused: the doctor cannot take over the nurse's access to Madame B.
    const replayed = await post(`/api/invitations/${resetToken}/accept`, null, { password: 'pris par le médecin' })
    expect(replayed.status).toBe(410)
    expect(((await replayed.json()) as { reason: string }).reason).toBe('revoked')
    expect((await post('/api/auth/login', null, { email: 'ide.libérale', password: 'pris par le médecin' })).status).toBe(401)

    // Even a link the change did not revoke (undone here by hand) is re-checked when used.
    await sql`UPDATE invitations SET revoked_at = NULL, revoked_by = NULL, revoked_reason = NULL WHERE id = ${reset2Id}`.execute(server.concerto.sql)
    const rechecked = await post(`/api/invitations/${resetToken2}/accept`, null, { password: 'pris par le médecin' })
    expect(rechecked.status).toBe(410)
    expect((await post('/api/auth/login', null, { email: 'ide.libérale', password: 'son mot de passe' })).status).toBe(200)
  })

  it('revokes outstanding reset links when the password changes', async () => {
    const doctor = await login(server.url, 'medecin@demo.test')
    const own = await createSituation(doctor, 'Situation du médecin (mot de passe)')
    const { token } = (await (await post(`/api/situations/${own}/invitations`, doctor, { role: 'relative', name: 'Fils', login: 'fils.test' })).json()) as { token: string }
    const son = cookieOf(await post(`/api/invitations/${token}/accept`, null, { password: 'premier mot de passe' }))
    const sonId = await userIdOf(server, 'fils.test')
    const sonMember = (await memberIds(own, doctor)).find((m) => m.userId === sonId)!.id
    const { token: reset } = (await (await post(`/api/situations/${own}/members/${sonMember}/reset-invitation`, doctor)).json()) as { token: string }
    expect((await post('/api/me/password', son, { currentPassword: 'premier mot de passe', newPassword: 'second mot de passe' })).status).toBe(200)
    expect((await post(`/api/invitations/${reset}/accept`, null, { password: 'troisième mot de passe' })).status).toBe(410)
  })
})

describe('links under the situation', () => {
  it('lists invitations with their state (sent, opened, used, expired, revoked) and lets the coordinator revoke one, which then shows as revoked', async () => {
    const coordinator = await login(server.url, 'coordination@demo.test')
    const id = await createSituation(coordinator, 'Situation des liens')
    const invite = async (login: string) => (await (await post(`/api/situations/${id}/invitations`, coordinator, { role: 'relative', name: login, login })).json()) as { id: string; token: string }
    const [sent, opened, used, expired, revoked] = await Promise.all(['a.sent', 'b.opened', 'c.used', 'd.expired', 'e.revoked'].map(invite))
    await get(`/api/invitations/${opened!.token}`, null)
    expect((await post(`/api/invitations/${used!.token}/accept`, null, { password: 'mot de passe long' })).status).toBe(200)
    await sql`UPDATE invitations SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ${expired!.id}`.execute(server.concerto.sql)
    const revoke = await post(`/api/situations/${id}/invitations/${revoked!.id}/revoke`, coordinator)
    expect(revoke.status).toBe(200)
    expect(((await revoke.json()) as { state: string }).state).toBe('revoked')

    const list = (await (await get(`/api/situations/${id}/invitations`, coordinator)).json()) as { id: string; state: string; token?: string }[]
    const state = (invitation: { id: string }) => list.find((entry) => entry.id === invitation.id)?.state
    expect([sent, opened, used, expired, revoked].map((i) => state(i!))).toEqual(['sent', 'opened', 'used', 'expired', 'revoked'])
    expect(list.every((entry) => entry.token === undefined)).toBe(true)

    const shown = await get(`/api/invitations/${revoked!.token}`, null)
    expect(shown.status).toBe(410)
    expect(((await shown.json()) as { reason: string }).reason).toBe('revoked')
    expect((await post(`/api/invitations/${revoked!.token}/accept`, null, { password: 'mot de passe long' })).status).toBe(410)
    // Only the coordinator lists or revokes.
    const other = await login(server.url, 'medecin@demo.test')
    expect((await get(`/api/situations/${id}/invitations`, other)).status).toBe(404)
    expect((await post(`/api/situations/${id}/invitations/${sent!.id}/revoke`, other)).status).toBe(404)
  })

  it('refuses an invitation that names neither an e-mail nor a login name', async () => {
    const coordinator = await login(server.url, 'coordination@demo.test')
    const refused = await post('/api/situations/yanis/invitations', coordinator, { role: 'relative', name: 'Sans adresse' })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { field: string }).field).toBe('email')
  })
})

describe('with a real SMTP server', () => {
  it('mails the invitation (link, no health text), never shows the link to the coordinator, and accepting it proves the address', async () => {
    const before = smtp.mails.length
    const coordinator = await login(mailed.url, 'coordination@demo.test')
    const created = await post('/api/situations/madame-b/invitations', coordinator, { role: 'professional', name: 'Dr Lemoine', email: 'dr.lemoine@chu.test' }, mailed.url)
    expect(created.status).toBe(201)
    const body = (await created.json()) as { delivered: string; token?: string; url?: string }
    expect(body).toMatchObject({ delivered: 'smtp' })
    expect(body.token).toBeUndefined()
    expect(body.url).toBeUndefined()

    expect(smtp.mails.length).toBe(before + 1)
    const received = smtp.mails.at(-1)!
    expect(received.to).toEqual(['dr.lemoine@chu.test'])
    const { subject, text, html } = mailParts(received.raw)
    expect(subject).toBe('Invitation à rejoindre un plan partagé sur Concerto')
    const link = /https?:\/\/\S+\/invitation\/\S+/.exec(text)?.[0]
    expect(link).toBeDefined()
    expect(html).toContain(link!)
    // Nothing from the record, not even the situation's title (it names the person and her condition).
    const title = ((await mailed.concerto.situations.situationById('madame-b'))!).title
    for (const words of [title, 'Madame B', 'diabète', 'insuline']) {
      expect(`${subject}${text}${html}`).not.toContain(words)
    }

    const token = link!.split('/invitation/')[1]!
    expect((await post(`/api/invitations/${token}/accept`, null, { password: 'le sien, long' }, mailed.url)).status).toBe(200)
    expect((await mailed.concerto.users.byIdentifier('dr.lemoine@chu.test'))!.emailVerifiedAt).not.toBeNull()

    // Now proven, the address reaches her directly in another circle, and she is told by mail.
    const added = await post('/api/situations/yanis/members', coordinator, { name: 'Dr Lemoine', role: 'professional', email: 'dr.lemoine@chu.test' }, mailed.url)
    expect(added.status).toBe(202)
    expect((await memberIds('yanis', coordinator, mailed.url)).map((m) => m.userId)).toContain(await userIdOf(mailed, 'dr.lemoine@chu.test'))
    expect(mailParts(smtp.mails.at(-1)!.raw).subject).toContain('ajouté')
  })
})
