import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Server } from '@hocuspocus/server'
import { Database as DatabaseExtension } from '@hocuspocus/extension-database'

/**
 * Hocuspocus 3.4 as its documentation sets it up: the database extension
 * fetching and storing the whole document state in one small SQLite table
 * (WAL, synchronous=NORMAL, the same pragmas as Concerto's default), with
 * Hocuspocus's default store debounce (2 s, at most 10 s). Bound to loopback.
 */
const port = Number(process.env.PORT ?? 0)
const dataDir = process.env.DATA_DIR ?? '/tmp/hocuspocus-bench'
mkdirSync(dataDir, { recursive: true })
const db = new Database(join(dataDir, 'hocuspocus.sqlite'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL)')
const select = db.prepare('SELECT data FROM documents WHERE name = ?')
const upsert = db.prepare('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data')

const server = new Server({
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new DatabaseExtension({
      fetch: async ({ documentName }) => {
        const row = select.get(documentName) as { data: Buffer } | undefined
        return row ? new Uint8Array(row.data) : null
      },
      store: async ({ documentName, state }) => {
        upsert.run(documentName, state)
      },
    }),
  ],
})

server.httpServer.listen(port, '127.0.0.1', () => {
  const address = server.httpServer.address()
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : port}\n`)
})

let stopping = false
process.on('SIGTERM', () => {
  if (stopping) return
  stopping = true
  // destroy() closes the sockets; the last disconnect stores each document.
  void server.hocuspocus.closeConnections()
  setTimeout(() => {
    void server.destroy().finally(() => {
      db.close()
      process.exit(0)
    })
  }, 300)
})
