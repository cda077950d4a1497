import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'
import { planRoots } from '../../shared/schema/plan.ts'
import { createLogger } from '../log.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import { documentRulesExtension } from './extension.ts'

const planWithGoal = (id: string): Y.Doc => {
  const doc = new Y.Doc()
  const goal = new Y.Map<unknown>()
  goal.set('id', id)
  planRoots(doc).goals.push([goal])
  return doc
}

/** The rules extension with a fake room registry: `live` is what liveDoc answers. */
const setUp = () => {
  const live = new Map<string, Y.Doc>()
  const plan = planWithGoal('goal-1')
  const rules = documentRulesExtension({
    bindings: {} as ClientBindingRows,
    log: createLogger({ level: 'error', write: () => {} }),
    isOpen: () => true,
    liveDoc: (name) => live.get(name),
    planState: async () => Y.encodeStateAsUpdate(plan),
  })
  const load = async (documentKey: DocumentKey, doc: Y.Doc) => {
    const documentName = toDocumentName(documentKey)
    live.set(documentName, doc)
    await rules.afterLoadDocument!({ documentKey, documentName, doc, applyServerChange: async () => {} })
  }
  const unload = async (documentKey: DocumentKey, doc: Y.Doc) => {
    const documentName = toDocumentName(documentKey)
    await rules.beforeUnloadDocument!({ documentKey, documentName, doc })
    live.delete(documentName)
  }
  return { rules, plan, load, unload }
}

describe('the rules extension’s memory of plan row ids', () => {
  const planKey: DocumentKey = { situationId: 'situation-1', part: 'plan' }
  const personKey: DocumentKey = { situationId: 'situation-1', part: 'person' }

  it('forgets a plan’s row ids when the plan unloads with no person section open', async () => {
    const { rules, plan, load, unload } = setUp()
    await load(planKey, plan)
    expect(rules.heldRowIds()).toBe(1)
    await unload(planKey, plan)
    expect(rules.heldRowIds()).toBe(0)
  })

  it('keeps them while the person section is open, and forgets them when it closes', async () => {
    const { rules, plan, load, unload } = setUp()
    const person = new Y.Doc()
    await load(planKey, plan)
    await load(personKey, person)
    await unload(planKey, plan)
    expect(rules.heldRowIds()).toBe(1)
    await unload(personKey, person)
    expect(rules.heldRowIds()).toBe(0)
  })
})
