import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { silentLogger } from '../log.ts'
import { planProjection } from './plan-projection.ts'

const key = { situationId: 's1', part: 'plan' as const }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function setup(fail = { now: false }) {
  const runs: string[] = []
  const projection = planProjection({
    name: 'test-projection',
    log: silentLogger(),
    debounceMs: 10,
    watch: (doc, markDirty) => doc.getArray('actions').observeDeep(markDirty),
    project: (situationId) => {
      if (fail.now) throw new Error('disk full')
      runs.push(situationId)
    },
  })
  // The hooks take payloads with more fields; these tests use only the key and the document.
  const hook = (name: 'onLoadDocument' | 'afterApplyUpdate' | 'beforeUnloadDocument', doc: Y.Doc) =>
    (projection[name] as (payload: unknown) => void)({ documentKey: key, doc })
  return { runs, hook }
}

describe('plan projection', () => {
  it('projects at load, once after a burst of changes to a watched root, and not after changes elsewhere', async () => {
    const { runs, hook } = setup()
    const doc = new Y.Doc()
    hook('onLoadDocument', doc)
    expect(runs).toEqual(['s1'])
    doc.getText('assessment').insert(0, 'texte')
    hook('afterApplyUpdate', doc)
    await sleep(30)
    expect(runs).toEqual(['s1'])
    for (let i = 0; i < 5; i++) {
      doc.getArray('actions').push([i])
      hook('afterApplyUpdate', doc)
    }
    await sleep(30)
    expect(runs).toEqual(['s1', 's1'])
  })

  it('retries a failed projection at unload', () => {
    const fail = { now: true }
    const { runs, hook } = setup(fail)
    const doc = new Y.Doc()
    hook('onLoadDocument', doc)
    expect(runs).toEqual([])
    fail.now = false
    hook('beforeUnloadDocument', doc)
    expect(runs).toEqual(['s1'])
  })

  it('projects only plans', async () => {
    const { runs } = setup()
    const projection = planProjection({ name: 'x', log: silentLogger(), watch: () => {}, project: (id) => {
      runs.push(id)
    } })
    await projection.projectNow({ situationId: 's2', part: 'health' }, new Y.Doc())
    expect(runs).toEqual([])
  })
})
