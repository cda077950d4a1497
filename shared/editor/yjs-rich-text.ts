import * as Y from 'yjs'
import type { PMNode } from './rich-text.ts'

/**
 * Rich text in its Yjs form, read and written without ProseMirror or
 * TipTap: the mapping y-tiptap uses (an element per node, its attributes as
 * element attributes, text runs as `Y.XmlText` with marks as formatting), so
 * the server reads plans, compares versions, exports and seeds the demo
 * without loading the editor's schema (~20 MB resident, docs/PERFORMANCE.md).
 * Writes that need the schema (checking arbitrary input, the minimal diff
 * that keeps open editors bound) stay in `fragment.ts`, loaded on first use.
 * `yjs-rich-text.test.ts` holds both to y-tiptap's own output.
 */

/** y-tiptap names an overlapping mark `<name>--<hash>`; the mark is `<name>`. */
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/

const readText = (text: Y.XmlText): PMNode[] =>
  (text.toDelta() as { insert: string; attributes?: Record<string, Record<string, unknown>> }[]).map((run) => {
    const node: PMNode = { type: 'text', text: run.insert }
    if (run.attributes) {
      node.marks = Object.keys(run.attributes).map((name) => ({ type: HASHED_MARK_NAME.exec(name)?.[1] ?? name, attrs: run.attributes![name] }))
    }
    return node
  })

const readElement = (element: Y.XmlElement): PMNode => {
  const node: PMNode = { type: element.nodeName }
  const attrs = element.getAttributes()
  if (Object.keys(attrs).length) node.attrs = attrs
  const children = element.toArray()
  if (children.length) node.content = children.flatMap((child) => (child instanceof Y.XmlText ? readText(child) : [readElement(child as Y.XmlElement)]))
  return node
}

/**
 * The fragment as ProseMirror JSON, as y-tiptap's
 * `yXmlFragmentToProsemirrorJSON` gives it.
 *
 * @example readRichText(assessmentFragment(doc, 'health'))
 */
export function readRichText(fragment: Y.XmlFragment): PMNode {
  return {
    type: 'doc',
    content: fragment.toArray().map((child) => (child instanceof Y.XmlText ? (readText(child) as unknown as PMNode) : readElement(child as Y.XmlElement))),
  }
}

/** Plain text of a fragment: one line per block, list items prefixed with a dash (compare, minutes, search). */
export function richTextToPlain(fragment: Y.XmlFragment): string {
  const blocks: string[] = []
  const walk = (node: PMNode, into: string[]) => {
    if (node.type === 'text') into.push(node.text ?? '')
    for (const child of node.content ?? []) walk(child, into)
  }
  for (const block of readRichText(fragment).content ?? []) {
    if (block.type === 'bulletList' || block.type === 'orderedList') {
      for (const item of block.content ?? []) {
        const parts: string[] = []
        walk(item, parts)
        blocks.push(`- ${parts.join('')}`)
      }
    } else {
      const parts: string[] = []
      walk(block, parts)
      blocks.push(parts.join(''))
    }
  }
  return blocks.join('\n')
}

/**
 * What `writeBuiltRichText` writes: the nodes `rich-text.ts` builds, with the
 * attributes the editor's schema would give them (checked against y-tiptap
 * by the test). Anything else needs the schema: `fragment.ts`.
 */
const BUILT: Record<string, { attrs: (attrs: Record<string, unknown>) => boolean; children: 'text' | readonly string[] }> = {
  paragraph: { attrs: (attrs) => Object.keys(attrs).length === 0, children: 'text' },
  heading: { attrs: (attrs) => Object.keys(attrs).join() === 'level' && (attrs.level === 2 || attrs.level === 3), children: 'text' },
  bulletList: { attrs: (attrs) => Object.keys(attrs).length === 0, children: ['listItem'] },
  listItem: { attrs: (attrs) => Object.keys(attrs).length === 0, children: ['paragraph', 'bulletList'] },
}
const TOP_LEVEL = ['paragraph', 'heading', 'bulletList']

function checkBuilt(node: PMNode, allowed: readonly string[]): void {
  const rule = BUILT[node.type]
  if (!rule || !allowed.includes(node.type)) throw new Error(`rich text: "${node.type}" is not written without the editor schema`)
  if (!rule.attrs(node.attrs ?? {})) throw new Error(`rich text: unexpected attributes on "${node.type}"`)
  for (const child of node.content ?? []) {
    if (rule.children === 'text') {
      if (child.type !== 'text' || !child.text || child.marks?.length) throw new Error(`rich text: "${node.type}" holds plain, non-empty text only here`)
    } else checkBuilt(child, rule.children)
  }
}

const buildElement = (node: PMNode): Y.XmlElement => {
  const element = new Y.XmlElement(node.type)
  for (const [key, value] of Object.entries(node.attrs ?? {})) element.setAttribute(key, value as string)
  const content = node.content ?? []
  if (BUILT[node.type]!.children === 'text') {
    if (content.length > 0) {
      const text = new Y.XmlText()
      text.applyDelta(content.map((child) => ({ insert: child.text!, attributes: {} })))
      element.insert(0, [text])
    }
  } else element.insert(0, content.map(buildElement))
  return element
}

/**
 * Replaces the fragment's content with rich text made by the builder of
 * `rich-text.ts` (paragraphs, headings of level 2 or 3, bullet lists, plain
 * text): the same Yjs content y-tiptap would write, without the editor's
 * schema. For the server's own text (the demo seed, plain text imported
 * from FHIR) into fragments no editor has written yet; anything else throws
 * before the fragment is touched.
 *
 * @example writeBuiltRichText(personRoots(doc).lifeProject, paragraphs('Je veux travailler dehors.'))
 */
export function writeBuiltRichText(fragment: Y.XmlFragment, json: PMNode): void {
  // As the schema: a document holds one block at least.
  if (json.type !== 'doc' || json.attrs || !json.content?.length) throw new Error('rich text: a document with one block at least is expected')
  for (const block of json.content ?? []) checkBuilt(block, TOP_LEVEL)
  const write = () => {
    fragment.delete(0, fragment.length)
    fragment.insert(0, (json.content ?? []).map(buildElement))
  }
  if (fragment.doc) fragment.doc.transact(write)
  else write()
}
