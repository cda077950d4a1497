import { describe, expect, it } from 'vitest'
import { auditExtension } from './audit.ts'
import { createLogger } from '../log.ts'
import type { AuditEvent, AuditRows } from '../storage/audit.ts'
import type { ConnectPayload } from '../sync/extension.ts'

const connection = { principal: { situationId: 's1', userId: 'u1', part: 'plan', access: 'write', address: '10.0.0.1' } }
const connect = { connection } as unknown as ConnectPayload
const flush = () => new Promise((resolve) => setImmediate(resolve))

const setup = (append: AuditRows['append']) => {
  const lines: string[] = []
  const extension = auditExtension({ audit: { append } as AuditRows, log: createLogger({ write: (line) => lines.push(line) }) })
  return { extension, lines }
}

describe('audit extension', () => {
  it('appends a connection to the trail without holding up the hook', async () => {
    const rows: AuditEvent[] = []
    const { extension, lines } = setup(async (event) => {
      rows.push(event)
    })
    expect(extension.onConnect!(connect)).toBeUndefined()
    await flush()
    expect(rows).toEqual([{ situationId: 's1', userId: 'u1', action: 'sync.connect', target: 'plan', detail: { mode: 'write' }, address: '10.0.0.1' }])
    expect(lines).toEqual([])
  })

  it('writes a row storage refuses to the log, loudly, whether the append rejects or throws at once', async () => {
    const rejecting = setup(() => Promise.reject(new Error('disk full')))
    expect(rejecting.extension.onConnect!(connect)).toBeUndefined()
    await flush()
    expect(rejecting.lines).toHaveLength(1)
    expect(JSON.parse(rejecting.lines[0]!)).toMatchObject({ level: 'error', msg: 'AUDIT ROW NOT STORED; recorded here instead', audit: { action: 'sync.connect', userId: 'u1' }, error: 'disk full' })
    const throwing = setup(() => {
      throw new Error('connection closed')
    })
    expect(() => throwing.extension.onConnect!(connect)).not.toThrow()
    expect(JSON.parse(throwing.lines[0]!)).toMatchObject({ msg: 'AUDIT ROW NOT STORED; recorded here instead', error: 'connection closed' })
  })
})
