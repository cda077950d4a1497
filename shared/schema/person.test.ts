import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  healthRoots,
  initializeHealth,
  initializePerson,
  LIFE_DOMAINS,
  LIFE_PROMPTS,
  lifeSectionKey,
  parseView,
  personRoots,
  readRelativeViews,
  readView,
  writeRelativeView,
  writeView,
} from './person.ts'

const throughBytes = (doc: Y.Doc): Y.Doc => {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

describe('person schema', () => {
  it('round-trips the person view and relatives views through the bytes of a Y.Doc', () => {
    const doc = new Y.Doc()
    writeView(doc, 'g1', { opinion: 'agree', comment: "D'accord", by: 'person-1', at: '2026-03-01T00:00:00.000Z' })
    writeRelativeView(doc, 'g1', { opinion: 'disagree', comment: 'Trop tôt', by: 'rel-1', at: '2026-03-02T00:00:00.000Z' })
    writeRelativeView(doc, 'g1', { opinion: 'unsure', comment: '', by: 'rel-2', at: '2026-03-03T00:00:00.000Z' })
    writeRelativeView(doc, 'g10', { opinion: 'agree', comment: 'autre ligne', by: 'rel-1', at: '2026-03-03T00:00:00.000Z' })
    const copy = throughBytes(doc)
    expect(readView(copy, 'g1')).toEqual({ opinion: 'agree', comment: "D'accord", by: 'person-1', at: '2026-03-01T00:00:00.000Z' })
    expect(readView(copy, 'g2')).toBeNull()
    // g10's view is not g1's, though its key starts with "g1".
    expect(readRelativeViews(copy, 'g1').map((view) => view.by).sort()).toEqual(['rel-1', 'rel-2'])
  })

  it('keys each relative view by row and relative, so a relative only replaces their own', () => {
    const doc = new Y.Doc()
    writeRelativeView(doc, 'g1', { opinion: 'agree', comment: 'a', by: 'rel-1', at: '' })
    writeRelativeView(doc, 'g1', { opinion: 'disagree', comment: 'b', by: 'rel-1', at: '' })
    expect(readRelativeViews(doc, 'g1')).toEqual([{ opinion: 'disagree', comment: 'b', by: 'rel-1', at: '' }])
    expect([...personRoots(doc).relativeViews.keys()]).toEqual(['g1:rel-1'])
  })

  it('skips a view without an author and reads an unknown opinion as unsure', () => {
    expect(parseView(null)).toBeNull()
    expect(parseView('agree')).toBeNull()
    expect(parseView({ opinion: 'agree', comment: 'x' })).toBeNull()
    expect(parseView({ opinion: 'furious', comment: 3, by: 'p' })).toEqual({ opinion: 'unsure', comment: '', by: 'p', at: '' })
  })

  it('creates the fixed fragments of the person and health documents once, each with its paragraph', () => {
    const doc = new Y.Doc()
    initializePerson(doc)
    const sections = personRoots(doc).lifeProjectSections
    expect(sections.size).toBe(LIFE_DOMAINS.length * LIFE_PROMPTS.length)
    const one = sections.get(lifeSectionKey('wellbeing', 'hope'))
    expect(one).toBeInstanceOf(Y.XmlFragment)
    expect(one!.length).toBe(1)
    expect(personRoots(doc).lifeProject.length).toBe(1)
    initializePerson(doc)
    expect(sections.get(lifeSectionKey('wellbeing', 'hope'))).toBe(one)
    expect(personRoots(doc).lifeProject.length).toBe(1)

    const health = new Y.Doc()
    initializeHealth(health)
    initializeHealth(health)
    expect(healthRoots(health).notes.length).toBe(1)
  })
})
