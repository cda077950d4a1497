import { afterEach, describe, expect, it } from 'vitest'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as prng from 'lib0/prng'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { connectClient, eventually, login } from '../helpers/clients.ts'
import { createEditor, markersOf, type Editor } from './edit-load.ts'
import { runNode } from './run-node.ts'
import { recordFigures, saveServerLogs } from './report.ts'

const ROOM = 'madame-b/plan'
const servers: SpawnedServer[] = []
const editors: Editor[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const editor of editors.splice(0)) editor.destroy()
  for (const server of servers.splice(0)) {
    saveServerLogs('backup', server.output)
    await server.kill()
    server.dispose()
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('online backup and restore', () => {
  it('copies the database while the server writes, and a server started on the copy has the data', async () => {
    const server = await startServer()
    servers.push(server)
    const [medecin, infirmier] = await Promise.all([login(server.url, 'medecin@demo.test'), login(server.url, 'infirmier@demo.test')])
    editors.push(
      createEditor({ wsUrl: server.wsUrl, room: ROOM, cookie: medecin, name: 'a', gen: prng.create(1) }),
      createEditor({ wsUrl: server.wsUrl, room: ROOM, cookie: infirmier, name: 'b', gen: prng.create(2) }),
    )
    await Promise.all(editors.map((editor) => editor.client.synced))
    editors.forEach((editor) => editor.start())
    await new Promise((resolve) => setTimeout(resolve, 1_000))

    // Everything a client has received before the backup starts was committed before it.
    const receivedBefore = new Set(editors.flatMap((editor) => [...editor.receivedFromOthers()]))
    const backupDir = mkdtempSync(join(tmpdir(), 'concerto-backup-'))
    dirs.push(backupDir)
    const dest = join(backupDir, 'concerto-backup.sqlite')
    const backup = await runNode('scripts/backup.ts', [dest], { DATA_DIR: server.dataDir })
    expect(backup.code, backup.output).toBe(0)
    expect(backup.output).toContain('backup written')
    expect(existsSync(`${dest}.partial`)).toBe(false)
    // Writes went on during the copy.
    const editsAtBackupEnd = editors.reduce((sum, editor) => sum + editor.sent.length, 0)
    await new Promise((resolve) => setTimeout(resolve, 300))
    editors.forEach((editor) => editor.stop())

    // An existing destination is never overwritten by accident.
    const again = await runNode('scripts/backup.ts', [dest], { DATA_DIR: server.dataDir })
    expect(again.code).toBe(2)
    // A directory destination gets a timestamped file.
    const intoDir = await runNode('scripts/backup.ts', [backupDir], { DATA_DIR: server.dataDir })
    expect(intoDir.code, intoDir.output).toBe(0)

    // Restore: a new data directory holding the copy.
    const restoredDir = mkdtempSync(join(tmpdir(), 'concerto-restored-'))
    copyFileSync(dest, join(restoredDir, 'concerto.sqlite'))
    const restored = await startServer({ dataDir: restoredDir })
    servers.push(restored)
    const cookie = await login(restored.url, 'coordination@demo.test')
    const situations = (await (await fetch(`${restored.url}/api/situations`, { headers: { cookie } })).json()) as { title: string }[]
    expect(situations.map((s) => s.title).join(' ')).toMatch(/Madame B/)
    const checker = connectClient(restored.wsUrl, ROOM, cookie)
    try {
      await checker.synced
      const have = new Set(markersOf(checker.doc))
      const missing = [...receivedBefore].filter((marker) => !have.has(marker))
      recordFigures('backup', { receivedBeforeBackup: receivedBefore.size, inBackup: have.size, missing: missing.length, editsAtBackupEnd, backupMs: backup.ms })
      expect(receivedBefore.size).toBeGreaterThan(0)
      expect(missing).toEqual([])
    } finally {
      checker.destroy()
    }
  }, 90_000)

  it('backs up a stopped server’s database too', async () => {
    const server = await startServer()
    servers.push(server)
    expect(await server.stop()).toBe(0)
    const backupDir = mkdtempSync(join(tmpdir(), 'concerto-backup-'))
    dirs.push(backupDir)
    const result = await runNode('scripts/backup.ts', [join(backupDir, 'offline.sqlite')], { DATA_DIR: server.dataDir })
    expect(result.code, result.output).toBe(0)
  }, 60_000)
})
