import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../log.ts'
import type { AppEnv } from './context.ts'
import { onError } from './errors.ts'

const failingWith = (error: Error) => {
  const lines: string[] = []
  const app = new Hono<AppEnv>()
    .get('/boom', () => {
      throw error
    })
    .onError(onError(createLogger({ level: 'error', write: (line) => void lines.push(line) })))
  return { app, lines }
}
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('errors no handler caught', () => {
  it('storage that cannot answer now is a 503 to retry, on SQLite and on PostgreSQL', async () => {
    for (const error of [
      withCode('disk full', 'SQLITE_FULL'),
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('connection failure', '08006'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      const response = await failingWith(error).app.request('/boom')
      expect(response.status, error.message).toBe(503)
      expect(response.headers.get('retry-after')).toBe('5')
    }
  })

  it('anything else is a 500 that says nothing of its cause', async () => {
    const { app, lines } = failingWith(withCode('duplicate key value violates unique constraint "users_email_key"', '23505'))
    const response = await app.request('/boom')
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'internal error' })
    expect(lines.join('\n')).toContain('unhandled request error')
  })
})
