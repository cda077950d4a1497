import type * as Y from 'yjs'
import { getSchema } from '@tiptap/core'
import { Node as PMNodeClass, type Schema } from '@tiptap/pm/model'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { editorExtensions } from './extensions.ts'
import type { PMNode } from './rich-text.ts'

let schema: Schema | null = null
/** The ProseMirror schema of the shared extension list (built once). */
export const editorSchema = (): Schema => (schema ??= getSchema(editorExtensions()))

/**
 * Writes rich text into an existing fragment with a minimal diff (y-tiptap's
 * updateYFragment): the fragment is never replaced, so open editors keep
 * their binding. Used by the seed and by restore.
 */
export function writeRichText(fragment: Y.XmlFragment, json: PMNode): void {
  // Validate against the schema first: y-tiptap would silently drop unknown nodes.
  PMNodeClass.fromJSON(editorSchema(), json).check()
  prosemirrorJSONToYXmlFragment(editorSchema(), json, fragment)
}

/** The fragment as ProseMirror JSON. */
export const readRichText = (fragment: Y.XmlFragment): PMNode => yXmlFragmentToProsemirrorJSON(fragment) as PMNode

/** Plain text of a fragment: paragraphs separated by blank lines (compare, minutes, search). */
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
