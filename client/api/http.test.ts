import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApiError, request } from './http.ts'
import { SERVED_ELSEWHERE } from '../../shared/protocol/served-elsewhere.ts'

/** A loopback server that answers each path's queued statuses in turn, counting the POSTs it received. */
let server: Server
let base: string
const answers = new Map<string, { status: number; body: unknown }[]>()
const received = new Map<string, number>()

beforeAll(async () => {
  server = createServer((req, res) => {
    received.set(req.url!, (received.get(req.url!) ?? 0) + 1)
    const next = answers.get(req.url!)?.shift() ?? { status: 201, body: { ok: true } }
    res.writeHead(next.status, { 'content-type': 'application/json', ...(next.status === 503 ? { 'retry-after': '1' } : {}) })
    res.end(JSON.stringify(next.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const servedElsewhere = { status: 503, body: { error: 'situation served by another node', reason: SERVED_ELSEWHERE } }

describe('request', () => {
  it('sends a POST again after Retry-After when a cluster node answers that another node serves the situation', async () => {
    answers.set('/moved', [servedElsewhere])
    const started = performance.now()
    expect(await request('POST', `${base}/moved`, { label: 'v' })).toEqual({ ok: true })
    expect(received.get('/moved')).toBe(2)
    expect(performance.now() - started).toBeGreaterThanOrEqual(900)
  })

  it('gives up after three retries and reports the 503', async () => {
    answers.set('/gone', [servedElsewhere, servedElsewhere, servedElsewhere, servedElsewhere])
    await expect(request('POST', `${base}/gone`, {})).rejects.toMatchObject({ status: 503, reason: SERVED_ELSEWHERE })
    expect(received.get('/gone')).toBe(4)
  }, 10_000)

  it('never sends again a 503 without that reason (the storage failed: the request may have run)', async () => {
    answers.set('/down', [{ status: 503, body: { error: 'storage unavailable, try again shortly' } }])
    const failure = await request('POST', `${base}/down`, {}).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).status).toBe(503)
    expect(received.get('/down')).toBe(1)
  })
})
