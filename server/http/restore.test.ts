import { afterAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'

const servers: TestServer[] = []
afterAll(async () => {
  for (const server of servers) await server.dispose()
})

describe('restore from a backup', () => {
  it('closes sync connections of sessions older than the restore with 4412, and lets a new login in', async () => {
    const first = await startTestServer()
    servers.push(first)
    const oldCookie = await login(first.url, 'medecin@demo.test')
    const backup = join(first.dataDir, 'backup.sqlite')
    await first.concerto.db.backup(backup)
    await first.stop()

    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', backup], { env: { ...process.env, DATA_DIR: first.dataDir } })
    const second = await startTestServer({ dataDir: first.dataDir })
    servers.push(second)
    const stale = connectClient(second.wsUrl, 'madame-b/plan', oldCookie)
    await eventually(() => expect(stale.closeCodes).toContain(CloseCode.restoredFromBackup))
    stale.destroy()
    expect((await fetch(`${second.url}/api/me`, { headers: { cookie: oldCookie } })).status).toBe(401)

    const fresh = connectClient(second.wsUrl, 'madame-b/plan', await login(second.url, 'medecin@demo.test'))
    await fresh.synced
    expect(fresh.closeCodes).toEqual([])
    fresh.destroy()
  })
})
