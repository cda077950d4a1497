import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { connectClient, eventually, login } from '../helpers/clients.ts'
import { markersOf } from './edit-load.ts'
import { runNode } from './run-node.ts'
import { saveServerLogs } from './report.ts'

const ROOM = 'madame-b/health'
const servers: SpawnedServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    saveServerLogs('corruption', server.output)
    await server.kill()
    server.dispose()
  }
})

/** Flips 32 bytes of the newest snapshot of `doc`, in the file itself, at a place no other copy shares. */
function corruptNewestSnapshot(dataDir: string, doc: string): { snapshotId: number; offset: number } {
  const file = join(dataDir, 'concerto.sqlite')
  expect(existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0).toBe(false)
  const db = new Database(file, { readonly: true })
  const snapshots = db.prepare('SELECT id, bytes FROM doc_snapshots WHERE doc = ? ORDER BY id DESC').all(doc) as { id: number; bytes: Buffer }[]
  db.close()
  expect(snapshots.length).toBeGreaterThanOrEqual(2)
  const newest = snapshots[0]!
  const content = readFileSync(file)
  // Search from the end of the snapshot (the newest edits) for 32 bytes found once in the whole file.
  for (let at = newest.bytes.length - 32; at >= 0; at -= 16) {
    const slice = newest.bytes.subarray(at, at + 32)
    const offset = content.indexOf(slice)
    if (offset >= 0 && content.lastIndexOf(slice) === offset) {
      for (let i = 0; i < 32; i++) content[offset + i] = content[offset + i]! ^ 0xa5
      writeFileSync(file, content)
      return { snapshotId: newest.id, offset }
    }
  }
  const counts = [0, 8, 16, 32].map((back) => {
    const slice = newest.bytes.subarray(Math.max(0, newest.bytes.length - 32 - back), newest.bytes.length - back)
    let n = 0
    for (let i = content.indexOf(slice); i >= 0; i = content.indexOf(slice, i + 1)) n++
    return n
  })
  throw new Error(`no unique slice of the newest snapshot in the file (${snapshots.length} snapshots, newest ${newest.bytes.length} bytes, occurrences ${counts.join('/')}, page size ${content.readUInt16BE(16)})`)
}

describe('corrupted storage', () => {
  it('rebuilds a document from the older snapshot and the log when the newest snapshot is damaged, loudly', async () => {
    const env = { COMPACT_AFTER: '20', COMPACT_LOG_RATIO: '0', UNLOAD_DELAY_MS: '100' }
    const server = await startServer({ env })
    servers.push(server)
    const cookie = await login(server.url, 'medecin@demo.test')
    const writer = connectClient(server.wsUrl, ROOM, cookie)
    await writer.synced
    const written: string[] = []
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 25; i++) {
        const marker = `w:${round * 25 + i}:0`
        writer.doc.getArray<string>('load').push([marker])
        written.push(marker)
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    // A few more, below the threshold: only the unload snapshot will hold them merged.
    for (let i = 0; i < 5; i++) {
      const marker = `w:${75 + i}:0`
      writer.doc.getArray<string>('load').push([marker])
      written.push(marker)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    writer.destroy()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await server.stop()).toBe(0)
    const { snapshotId } = corruptNewestSnapshot(server.dataDir, ROOM)

    const again = await startServer({ dataDir: server.dataDir, env })
    servers.push(again)
    const reader = connectClient(again.wsUrl, ROOM, await login(again.url, 'medecin@demo.test'))
    try {
      await reader.synced
      expect(markersOf(reader.doc)).toEqual(written)
    } finally {
      reader.destroy()
    }
    await eventually(() => expect(again.output.join('')).toContain('CORRUPTED SNAPSHOT'))
    expect(await again.stop()).toBe(0)
    const db = new Database(join(server.dataDir, 'concerto.sqlite'), { readonly: true })
    const quarantined = db.prepare("SELECT original_id AS id FROM doc_quarantine WHERE doc = ? AND source = 'snapshot'").all(ROOM) as { id: number }[]
    db.close()
    expect(quarantined.map((row) => row.id)).toContain(snapshotId)
  }, 60_000)

  it('refuses to start on a database whose header is damaged: a clear message and exit code 78, every time', async () => {
    const server = await startServer()
    servers.push(server)
    expect(await server.stop()).toBe(0)
    const file = join(server.dataDir, 'concerto.sqlite')
    const content = readFileSync(file)
    content.fill(0x42, 0, 100)
    writeFileSync(file, content)
    for (let attempt = 0; attempt < 2; attempt++) {
      const start = await runNode('server/main.ts', [], { DATA_DIR: server.dataDir, PORT: '0', HOST: '127.0.0.1' }, 30_000)
      expect(start.code, start.output).toBe(78)
      expect(start.output).toMatch(/cannot start: the database is damaged or unreadable/)
      expect(start.output).not.toMatch(/^\s+at /m)
      expect(start.ms).toBeLessThan(20_000)
    }
  }, 90_000)
})
