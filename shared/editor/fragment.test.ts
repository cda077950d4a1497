import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readRichText, richTextToPlain, writeRichText } from './fragment.ts'
import { bulletList, heading, paragraph, paragraphs, richDoc } from './rich-text.ts'

const fragmentIn = (doc = new Y.Doc()) => doc.getXmlFragment('text')

describe('rich text in a Y.XmlFragment', () => {
  it('round-trips headings, paragraphs and lists through the bytes of a Y.Doc', () => {
    const doc = new Y.Doc()
    const json = richDoc(heading(2, 'Autonomie'), paragraph('Autonome pour la toilette.'), bulletList('Prend le bus', 'Gère son argent avec aide'))
    writeRichText(fragmentIn(doc), json)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(readRichText(fragmentIn(copy))).toEqual(json)
  })

  it('reads plain text: one line per block, list items prefixed with a dash', () => {
    const fragment = fragmentIn()
    writeRichText(fragment, richDoc(heading(2, 'Titre'), paragraph('Un.'), bulletList('a', 'b')))
    expect(richTextToPlain(fragment)).toBe('Titre\nUn.\n- a\n- b')
  })

  it('keeps the same fragment when rewriting, so an open editor stays bound and a concurrent edit survives elsewhere', () => {
    const a = new Y.Doc()
    writeRichText(fragmentIn(a), paragraphs('Premier paragraphe.', 'Second paragraphe.'))
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const fragment = fragmentIn(a)
    writeRichText(fragment, paragraphs('Premier paragraphe.', 'Second paragraphe modifié.'))
    expect(fragmentIn(a)).toBe(fragment)
    writeRichText(fragmentIn(b), paragraphs('Premier paragraphe, complété.', 'Second paragraphe.'))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(richTextToPlain(fragmentIn(a))).toBe(richTextToPlain(fragmentIn(b)))
    expect(richTextToPlain(fragmentIn(a))).toBe('Premier paragraphe, complété.\nSecond paragraphe modifié.')
  })

  it('refuses a node the shared schema does not know, rather than dropping it silently, and leaves the text as it was', () => {
    const fragment = fragmentIn()
    writeRichText(fragment, paragraphs('Avant.'))
    expect(() => writeRichText(fragment, richDoc({ type: 'script', content: [{ type: 'text', text: 'x' }] }))).toThrow()
    expect(richTextToPlain(fragment)).toBe('Avant.')
  })
})
