/** The two HTTP calls the benchmark needs from Concerto: log in, create a situation. */
export const DEMO_COORDINATOR = { email: 'coordination@demo.test', password: 'concerto-demo' }

/**
 * A POST as a client of a cluster makes it: a node that does not own the
 * situation answers 503 with Retry-After, and nginx does not retry a POST
 * (decision 017), so the client waits and tries again. A single node never
 * answers 503 here.
 */
async function post(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, { ...init, method: 'POST' })
    if (response.status !== 503 || attempt >= 30) return response
    await response.arrayBuffer()
    const seconds = Number(response.headers.get('retry-after') ?? 1)
    await new Promise((resolve) => setTimeout(resolve, Math.min(1, Number.isFinite(seconds) ? seconds : 1) * 1000))
  }
}

export async function login(port: number, account = DEMO_COORDINATOR): Promise<string> {
  const response = await post(`http://127.0.0.1:${port}/api/auth/login`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`)
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('concerto_session='))
  if (!cookie) throw new Error('login answered without a session cookie')
  return cookie.split(';')[0]!
}

export async function createSituations(port: number, cookie: string, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const response = await post(`http://127.0.0.1:${port}/api/situations`, {
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ title: `${prefix} ${index + 1}`, kind: 'ppcs' }),
    })
    if (response.status !== 201) throw new Error(`create situation failed: ${response.status} ${await response.text()}`)
    ids.push(((await response.json()) as { id: string }).id)
  }
  return ids
}

/**
 * A member of one situation with its own session: the coordinator invites a
 * professional by login name (the link is handed back, no mail involved) and
 * the invitation is accepted with a password. Concerto caps the open sockets
 * of one user (32), so every room gets its own member for its connections.
 */
export async function createMember(port: number, coordinatorCookie: string, situationId: string, login: string): Promise<string> {
  const base = `http://127.0.0.1:${port}`
  const invited = await post(`${base}/api/situations/${situationId}/invitations`, {
    headers: { 'content-type': 'application/json', cookie: coordinatorCookie },
    body: JSON.stringify({ role: 'professional', name: `Bench ${login}`, login }),
  })
  if (invited.status !== 201) throw new Error(`invitation failed: ${invited.status} ${await invited.text()}`)
  const { token } = (await invited.json()) as { token?: string }
  if (!token) throw new Error('the invitation was mailed, not handed back: run the benchmark without SMTP settings')
  const accepted = await post(`${base}/api/invitations/${token}/accept`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'bench-password-1' }),
  })
  if (accepted.status !== 200) throw new Error(`accepting the invitation failed: ${accepted.status} ${await accepted.text()}`)
  const cookie = accepted.headers.getSetCookie().find((value) => value.startsWith('concerto_session='))
  if (!cookie) throw new Error('accepting answered without a session cookie')
  return cookie.split(';')[0]!
}
