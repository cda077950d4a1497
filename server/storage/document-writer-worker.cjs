// Commits document-log appends on its own SQLite connection, off the server's
// event loop (see document-writer.ts). Plain CommonJS: it needs no TypeScript loader.
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
// The same checksum as storage/updates.ts (`checksum` there is node:zlib's crc32).
const { crc32 } = require('node:zlib')
const Database = require('better-sqlite3')

const db = new Database(workerData.file)
// As storage/db.ts for the chosen durability (WAL is a property of the file, already set there).
db.pragma(`synchronous = ${workerData.durability === 'full' ? 'FULL' : 'NORMAL'}`)
db.pragma('foreign_keys = ON')
// Waiting here for a data-layer transaction on the main connection blocks no event loop that serves clients.
db.pragma('busy_timeout = 5000')

const insert = db.prepare('INSERT INTO doc_updates (doc, bytes, checksum, created_at) VALUES (?, ?, ?, ?)')
// IMMEDIATE: the write lock is taken (or waited for) at BEGIN, never refused half-way through a batch.
const commit = db.transaction((messages) => {
  const now = Date.now()
  return messages.map((message) =>
    message.updates.map((bytes, index) => Number(insert.run(message.docs[index], bytes, crc32(bytes), now).lastInsertRowid)),
  )
}).immediate

/** Posts received since the last commit, in arrival order. */
let queue = []
let scheduled = false
let stopping = false

const flush = () => {
  scheduled = false
  if (queue.length === 0) return
  const batch = queue
  queue = []
  const ids = batch.map((message) => message.id)
  try {
    // Everything that arrived while the previous commit ran: one transaction, so batches grow with the load.
    parentPort.postMessage({ ids, seqs: commit(batch) })
  } catch (error) {
    // One transaction: nothing of the batch is written, every append of it is refused.
    parentPort.postMessage({ ids, error: error && error.message ? error.message : String(error) })
  }
}

const stop = () => {
  flush()
  db.close()
  parentPort.close()
}

parentPort.on('message', (message) => {
  if (message === 'stop') {
    stopping = true
    // After the appends already received (the main thread sends it once they are acknowledged anyway).
    setImmediate(stop)
    return
  }
  if (stopping) {
    parentPort.postMessage({ ids: [message.id], error: 'document writer stopping' })
    return
  }
  queue.push(message)
  // After the messages already waiting on the port: they join this batch.
  if (!scheduled) {
    scheduled = true
    setImmediate(flush)
  }
})
