// Child process of document-writer.test.ts's durability test: appends through
// the worker store until it is killed, printing each acknowledged seq.
//   node --import tsx server/storage/document-writer-kill.fixture.ts <dataDir>
import { openDatabase } from './db.ts'
import { createWorkerDocumentStore } from './document-writer.ts'

const db = openDatabase({ dataDir: process.argv[2]! })
const store = createWorkerDocumentStore(db, { onError: (reason) => process.stderr.write(`${reason}\n`) })
let n = 0
// A few appends per 1 ms turn, as a busy server makes them, until SIGKILL.
const tick = () => {
  for (let i = 0; i < 4; i++) {
    const value = n++
    const bytes = new Uint8Array(4)
    new DataView(bytes.buffer).setUint32(0, value)
    // Written to a pipe synchronously (Linux): a line printed is a line the parent reads, even after kill -9.
    store.append({ situationId: 'kill', part: 'plan' }, bytes).then(
      (seq) => process.stdout.write(`${seq} ${value}\n`),
      (error: unknown) => process.stderr.write(`append failed: ${(error as Error).message}\n`),
    )
  }
  setTimeout(tick, 1)
}
tick()
