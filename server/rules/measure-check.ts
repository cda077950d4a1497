/**
 * Micro-benchmark of the document-rules check on the update path (issue 17
 * measures p99 per edit end to end; this isolates what the check adds).
 *
 *   node --import tsx server/rules/measure-check.ts
 *
 * A plan with a 300 KB assessment and 60 goals; a writer types single
 * characters at random places and presses backspace; each update is judged
 * as the room judges it (checkUpdate, then the rules) and applied.
 */
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { addGoal, initializePlan, planRoots } from '../../shared/schema/plan.ts'
import { checkUpdate, deletesNothingNew } from '../sync/update-check.ts'
import { resolveEffects } from './resolve.ts'
import { checkEffects } from './check.ts'

const gen = prng.create(17)
const server = new Y.Doc()
initializePlan(server, { kind: 'pps', title: 'Bench' })
const writer = new Y.Doc()
writer.clientID = 4242
Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
const author = { userId: 'user-bench' }
writer.transact(() => {
  for (let i = 0; i < 60; i++) addGoal(writer, { id: `goal-${i}`, title: `Objectif ${i}`, domain: 'health', dueDate: '2027-01-31' }, author)
  const fragment = planRoots(writer).assessment.get('health')!
  for (let i = 0; i < 300; i++) {
    const paragraph = new Y.XmlElement('paragraph')
    fragment.push([paragraph])
    paragraph.insert(0, [new Y.XmlText('Le patient vit seul, marche avec une canne, chutes fréquentes. '.repeat(16))])
  }
})
Y.applyUpdate(server, Y.encodeStateAsUpdate(writer))
console.log(`document: ${Y.encodeStateAsUpdate(server).byteLength} bytes`)

const texts = (): Y.XmlText[] =>
  (planRoots(writer).assessment.get('health')!.toArray() as Y.XmlElement[]).map((p) => p.get(0)).filter((t): t is Y.XmlText => t instanceof Y.XmlText)

const context = { part: 'plan' as const, writer: { userId: 'user-bench', role: 'professional' as const }, ownerOf: () => 'user-bench', rowIds: () => null }
const timings = { decode: [] as number[], rules: [] as number[], noop: [] as number[], snapshotNoop: [] as number[] }

const judge = (update: Uint8Array, deleteOnly: boolean) => {
  const t0 = performance.now()
  const check = checkUpdate(update, (client) => Y.getState(server.store, client))
  const t1 = performance.now()
  if (!check.ok) throw new Error(check.reason)
  const violation = checkEffects(resolveEffects(server, check.decoded), context)
  const t2 = performance.now()
  if (violation) throw new Error(violation.message)
  if (deleteOnly) {
    const t3 = performance.now()
    deletesNothingNew(server, check.decoded.ds)
    const t4 = performance.now()
    Y.snapshotContainsUpdate(Y.snapshot(server), update)
    const t5 = performance.now()
    timings.noop.push(t4 - t3)
    timings.snapshotNoop.push(t5 - t4)
  }
  timings.decode.push(t1 - t0)
  timings.rules.push(t2 - t1)
  Y.applyUpdate(server, update)
}

const EDITS = 10_000
let captured: Uint8Array | null = null
writer.on('update', (update: Uint8Array) => {
  captured = update
})
for (let i = 0; i < EDITS; i++) {
  const text = prng.oneOf(gen, texts())
  const backspace = prng.int32(gen, 0, 3) === 0 && text.length > 1
  if (backspace) text.delete(prng.int32(gen, 0, text.length - 1), 1)
  else text.insert(prng.int32(gen, 0, text.length), prng.oneOf(gen, ['a', 'e', ' ', 'é']))
  judge(captured!, backspace)
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const row = (name: string, values: number[]) =>
  console.log(`${name.padEnd(38)} n=${String(values.length).padStart(5)}  p50 ${(percentile(values, 50) * 1000).toFixed(1)} µs  p99 ${(percentile(values, 99) * 1000).toFixed(1)} µs`)
row('checkUpdate (decode + integrability)', timings.decode)
row('rules: resolve + check', timings.rules)
row('no-op test, new (deletesNothingNew)', timings.noop)
row('no-op test, old (Y.snapshot, contains)', timings.snapshotNoop)
