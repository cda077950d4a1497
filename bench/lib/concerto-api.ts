/** The two HTTP calls the benchmark needs from Concerto: log in, create a situation. */
export const DEMO_COORDINATOR = { email: 'coordination@demo.test', password: 'concerto-demo' }

export async function login(port: number, account = DEMO_COORDINATOR): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
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
    const response = await fetch(`http://127.0.0.1:${port}/api/situations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ title: `${prefix} ${index + 1}`, kind: 'ppcs' }),
    })
    if (response.status !== 201) throw new Error(`create situation failed: ${response.status} ${await response.text()}`)
    ids.push(((await response.json()) as { id: string }).id)
  }
  return ids
}
