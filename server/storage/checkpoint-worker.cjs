// Runs WAL checkpoints on its own SQLite connection, off the server's event
// loop (see checkpointer.ts). Plain CommonJS: it needs no TypeScript loader.
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const Database = require('better-sqlite3')

const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
// The checkpoint syncs the database file: as durable as the writer's setting.
db.pragma(`synchronous = ${workerData.durability === 'full' ? 'FULL' : 'NORMAL'}`)

const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ busy: result.busy, log: result.log, checkpointed: result.checkpointed })
  } catch (error) {
    parentPort.postMessage({ error: error.message })
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.close()
})
