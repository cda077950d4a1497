/**
 * What one idle connection keeps on the server's JavaScript heap, by kind of
 * object (issue 17): RSS per connection moves by tens of MB with V8's heap
 * steps (docs/PERFORMANCE.md), the heap snapshot does not. Starts the compiled
 * server (after `npm run bench` or `npm run build`) with
 * `--heapsnapshot-signal`, opens ROOMS × PER stock clients, snapshots, opens
 * as many again into the same rooms, snapshots, and prints the difference
 * per added connection.
 *
 *   node --import tsx bench/tools/connection-heap.ts concerto   # or yws, yws-stack
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { createMember, createSituations, login } from '../lib/concerto-api.ts'
import { cookieWebSocket } from '../../test/helpers/clients.ts'

const ROOMS = 30
const PER = 10
const SETTLE_MS = 15_000
const kind = process.argv[2] ?? 'concerto'
const root = fileURLToPath(new URL('../..', import.meta.url))
const entry = kind === 'concerto' ? 'dist/server/main.js' : 'dist/bench/y-websocket.js'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const dataDir = mkdtempSync(join(tmpdir(), 'connection-heap-'))
const snapshots = mkdtempSync(join(tmpdir(), 'connection-heap-snap-'))
const child = spawn(process.execPath, ['--heapsnapshot-signal=SIGUSR2', join(root, entry)], {
  cwd: snapshots,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...(kind === 'yws-stack' ? { STACK: '1' } : {}) },
  stdio: ['ignore', 'pipe', 'inherit'],
})
let output = ''
const port = await new Promise<number>((resolve) =>
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    const match = /prêt : http:\/\/\S+:(\d+)/.exec(output) ?? /^ready (\d+)/m.exec(output)
    if (match) resolve(Number(match[1]))
  }),
)

// Concerto: one member per room (its sockets-per-user budget); the peers take any room name.
let rooms: string[]
const cookies: string[] = []
if (kind === 'concerto') {
  const coordinator = await login(port)
  const ids = await createSituations(port, coordinator, ROOMS, 'heap')
  for (const [index, id] of ids.entries()) cookies.push(await createMember(port, coordinator, id, `heap${index}`))
  rooms = ids
} else rooms = Array.from({ length: ROOMS }, (_, index) => `room${index}`)

const providers: WebsocketProvider[] = []
const wave = async () => {
  for (const [index, room] of rooms.entries()) {
    for (let k = 0; k < PER; k++) {
      const [url, name] = kind === 'concerto' ? [`ws://127.0.0.1:${port}/sync`, `${room}/plan`] : [`ws://127.0.0.1:${port}`, room]
      providers.push(new WebsocketProvider(url, name, new Y.Doc(), { WebSocketPolyfill: cookieWebSocket(cookies[index] ?? null) as never, disableBc: true }))
    }
  }
  while (!providers.every((provider) => provider.synced)) await sleep(50)
  await sleep(SETTLE_MS)
}

const snapshot = async (): Promise<string> => {
  const before = new Set(readdirSync(snapshots))
  child.kill('SIGUSR2')
  for (;;) {
    await sleep(500)
    const written = readdirSync(snapshots).find((name) => !before.has(name) && name.endsWith('.heapsnapshot'))
    if (!written) continue
    // The file appears before V8 has finished writing it: complete once it parses.
    for (;;) {
      try {
        JSON.parse(readFileSync(join(snapshots, written), 'utf8'))
        return join(snapshots, written)
      } catch {
        await sleep(1_000)
      }
    }
  }
}

/** Self size and count by "type:name" over every node of a snapshot. */
const bySort = (file: string) => {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] }
  const fields = data.snapshot.meta.node_fields
  const types = data.snapshot.meta.node_types[0]
  const [type, name, self] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')]
  const sorts = new Map<string, { count: number; bytes: number }>()
  let total = 0
  for (let at = 0; at < data.nodes.length; at += fields.length) {
    const key = `${types[data.nodes[at + type]!]}:${data.strings[data.nodes[at + name]!]}`.slice(0, 70)
    const sort = sorts.get(key) ?? { count: 0, bytes: 0 }
    sort.count += 1
    sort.bytes += data.nodes[at + self]!
    sorts.set(key, sort)
    total += data.nodes[at + self]!
  }
  return { sorts, total }
}

try {
  await wave()
  const first = bySort(await snapshot())
  await wave()
  const second = bySort(await snapshot())
  const added = ROOMS * PER
  console.log(`${kind}: ${Math.round((second.total - first.total) / added)} bytes of heap per added idle connection (${added} added)`)
  const rows = [...second.sorts]
    .map(([key, { count, bytes }]) => ({ key, count: (count - (first.sorts.get(key)?.count ?? 0)) / added, bytes: (bytes - (first.sorts.get(key)?.bytes ?? 0)) / added }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 30)
  for (const row of rows) console.log(`${row.bytes.toFixed(0).padStart(7)} B ${row.count.toFixed(2).padStart(6)} × ${row.key}`)
} finally {
  for (const provider of providers) provider.destroy()
  child.kill('SIGTERM')
  rmSync(snapshots, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
}
// The providers' reconnect timers and the child's pipes would keep this process alive.
process.exit(0)
