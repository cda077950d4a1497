import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { writeRichText } from './fragment.ts'
import { bulletList, heading, paragraph, paragraphs, richDoc, type PMNode } from './rich-text.ts'
import { paragraphFragment } from '../schema/rows.ts'
import { readRichText, richTextToPlain, writeBuiltRichText } from './yjs-rich-text.ts'

/** A fragment as the server creates it (one empty paragraph), or an empty one, in a document. */
const fragmentIn = (start: 'empty' | 'paragraph') => {
  const doc = new Y.Doc()
  if (start === 'paragraph') doc.getMap('roots').set('text', paragraphFragment())
  return start === 'paragraph' ? (doc.getMap('roots').get('text') as Y.XmlFragment) : doc.getXmlFragment('text')
}

/** What the builder of rich-text.ts makes: everything the seed and the FHIR import write. */
const BUILT: Record<string, PMNode> = {
  paragraphs: paragraphs('Autonome pour la toilette.', 'Aide pour les repas.'),
  'an empty paragraph': richDoc(paragraph('Avant.'), paragraph(''), paragraph('Après.')),
  headings: richDoc(heading(2, 'Autonomie'), paragraph('Un.'), heading(3, 'Détail')),
  'a bullet list': richDoc(paragraph('Ce qui aide :'), bulletList('Prend le bus', 'Gère son argent avec aide')),
  'a list nested in a list item': richDoc({ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('a'), bulletList('a1', 'a2')] }] }),
}

describe('rich text read and written without the editor schema', () => {
  for (const [name, json] of Object.entries(BUILT)) {
    for (const start of ['empty', 'paragraph'] as const) {
      it(`writes ${name} into ${start === 'empty' ? 'an empty fragment' : 'a fragment holding the server’s empty paragraph'} exactly as y-tiptap does`, () => {
        const byEditor = fragmentIn(start)
        writeRichText(byEditor, json)
        const byServer = fragmentIn(start)
        writeBuiltRichText(byServer, json)
        expect(byServer.toJSON()).toBe(byEditor.toJSON())
        expect(readRichText(byServer)).toEqual(yXmlFragmentToProsemirrorJSON(byEditor))
      })
    }
  }

  it('reads what the editor wrote, marks, links and ordered lists included, as y-tiptap reads it', () => {
    const fragment = fragmentIn('empty')
    const marked: PMNode = richDoc(
      { type: 'paragraph', content: [{ type: 'text', text: 'gras', marks: [{ type: 'bold' }] }, { type: 'text', text: ' et ' }, { type: 'text', text: 'lien', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }, { type: 'italic' }] }] },
      { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [paragraph('trois')] }] },
      { type: 'blockquote', content: [paragraph('cité')] },
    )
    writeRichText(fragment, marked)
    expect(readRichText(fragment)).toEqual(yXmlFragmentToProsemirrorJSON(fragment))
    expect(richTextToPlain(fragment)).toBe('gras et lien\n- trois\ncité')
  })

  it('refuses what needs the schema (marks, other nodes, unexpected attributes) or breaks it (an empty document) before touching the fragment', () => {
    const fragment = fragmentIn('empty')
    writeBuiltRichText(fragment, paragraphs('Avant.'))
    const refused: PMNode[] = [
      richDoc({ type: 'paragraph', content: [{ type: 'text', text: 'gras', marks: [{ type: 'bold' }] }] }),
      richDoc({ type: 'script', content: [{ type: 'text', text: 'x' }] }),
      richDoc(paragraph('ok'), { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'h1' }] }),
      richDoc({ type: 'paragraph', attrs: { textAlign: 'left' } }),
      richDoc({ type: 'bulletList', content: [paragraph('not in an item')] }),
      paragraph('not a document'),
      richDoc(),
    ]
    for (const json of refused) expect(() => writeBuiltRichText(fragment, json)).toThrow()
    expect(richTextToPlain(fragment)).toBe('Avant.')
  })
})
