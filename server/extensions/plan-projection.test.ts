import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLogger, silentLogger } from '../log.ts'
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

  it('logs an asynchronous write that fails, without an unhandled rejection, and retries it at unload', async () => {
    const lines: string[] = []
    const written: string[] = []
    let fail = true
    const projection = planProjection({
      name: 'async-projection',
      log: createLogger({ write: (line) => lines.push(line) }),
      watch: () => {},
      project: async (situationId) => {
        await sleep(1)
        if (fail) throw new Error('database unavailable')
        written.push(situationId)
      },
    })
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const doc = new Y.Doc()
      // The hook's promise resolves (runHooks awaits it) even though the write failed.
      await (projection.onLoadDocument as (payload: unknown) => Promise<void>)({ documentKey: key, doc })
      expect(lines.join('\n')).toContain('async-projection failed; will retry on the next change')
      expect(lines.join('\n')).toContain('database unavailable')
      fail = false
      await (projection.beforeUnloadDocument as (payload: unknown) => Promise<void>)({ documentKey: key, doc })
      expect(written).toEqual(['s1'])
      await sleep(10)
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('projects only plans', async () => {
    const { runs } = setup()
    const projection = planProjection({ name: 'x', log: silentLogger(), watch: () => {}, project: (id) => void runs.push(id) })
    await projection.projectNow({ situationId: 's2', part: 'health' }, new Y.Doc())
    expect(runs).toEqual([])
  })
})
