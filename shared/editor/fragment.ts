import type * as Y from 'yjs'
import { getSchema } from '@tiptap/core'
import { Node as PMNodeClass, type Schema } from '@tiptap/pm/model'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { editorExtensions } from './extensions.ts'
import type { PMNode } from './rich-text.ts'

let schema: Schema | null = null
/** The ProseMirror schema of the shared extension list (built once). */
export const editorSchema = (): Schema => (schema ??= getSchema(editorExtensions()))

/**
 * Writes rich text into an existing fragment with a minimal diff (y-tiptap's
 * updateYFragment): the fragment is never replaced, so open editors keep
 * their binding. Used by restore, which loads this module on first use
 * (TipTap's schema costs ~20 MB resident: docs/PERFORMANCE.md); the server's
 * own text (seed, FHIR import) is written by `yjs-rich-text.ts`.
 */
export function writeRichText(fragment: Y.XmlFragment, json: PMNode): void {
  // Validate against the schema first: y-tiptap would silently drop unknown nodes.
  PMNodeClass.fromJSON(editorSchema(), json).check()
  prosemirrorJSONToYXmlFragment(editorSchema(), json, fragment)
}

/** Reading needs no schema: the one reader is `yjs-rich-text.ts`, re-exported for the editor's callers. */
export { readRichText, richTextToPlain } from './yjs-rich-text.ts'
